"""Building member trees from (id, parent_id) rows (pure)."""

from __future__ import annotations

from scheduler_app.core.hierarchy import (
    TreeNode,
    build_tree,
    descendant_ids,
    would_create_cycle,
)

ROWS = [(2, 1), (3, 1), (4, 2), (5, 4), (6, None), (7, 6)]


def shape(node: TreeNode) -> object:
    return {node.id: [shape(c) for c in node.children]}


def test_builds_every_level_in_row_order() -> None:
    assert shape(build_tree(ROWS, 1)) == {1: [{2: [{4: [{5: []}]}]}, {3: []}]}


def test_unrelated_rows_are_ignored() -> None:
    assert descendant_ids(ROWS, 1) == {2, 3, 4, 5}
    assert descendant_ids(ROWS, 6) == {7}
    assert descendant_ids(ROWS, 5) == set()


def test_a_loop_in_the_data_does_not_hang() -> None:
    looped = [(2, 1), (3, 2), (1, 3)]
    assert descendant_ids(looped, 1) == {2, 3}


def test_cycles_are_detected() -> None:
    assert would_create_cycle(ROWS, 1, 1)
    assert would_create_cycle(ROWS, 1, 5)
    assert would_create_cycle(ROWS, 2, 4)
    assert not would_create_cycle(ROWS, 4, 3)
    assert not would_create_cycle(ROWS, 1, None)
    assert not would_create_cycle(ROWS, 1, 6)
