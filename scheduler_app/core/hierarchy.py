"""Trees of members from flat (id, parent_id) rows: no database, no Flask."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class TreeNode:
    """One id in a tree with its children in the order the rows gave them."""

    id: int
    children: list[TreeNode] = field(default_factory=list)

    def walk(self) -> Iterable[TreeNode]:
        """This node's descendants, depth first (the node itself excluded)."""
        for child in self.children:
            yield child
            yield from child.walk()


def build_tree(rows: Iterable[tuple[int, int | None]], root_id: int) -> TreeNode:
    """The tree under ``root_id`` from (id, parent_id) rows.

    Rows not connected to the root are ignored; a cycle in the data cannot loop forever
    because every id is placed at most once.
    """
    children: dict[int | None, list[int]] = defaultdict(list)
    for node_id, parent_id in rows:
        children[parent_id].append(node_id)
    root = TreeNode(root_id)
    seen = {root_id}
    stack = [root]
    while stack:
        node = stack.pop()
        for child_id in children.get(node.id, []):
            if child_id in seen:
                continue
            seen.add(child_id)
            child = TreeNode(child_id)
            node.children.append(child)
            stack.append(child)
    return root


def descendant_ids(rows: Iterable[tuple[int, int | None]], root_id: int) -> set[int]:
    """Every id below ``root_id`` (not including it)."""
    return {node.id for node in build_tree(rows, root_id).walk()}


def would_create_cycle(
    rows: Iterable[tuple[int, int | None]], member_id: int, new_parent_id: int | None
) -> bool:
    """Would making ``new_parent_id`` the parent of ``member_id`` close a loop?"""
    if new_parent_id is None:
        return False
    return new_parent_id == member_id or new_parent_id in descendant_ids(rows, member_id)
