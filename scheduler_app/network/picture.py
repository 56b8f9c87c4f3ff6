"""The network picture as plain SVG geometry: members as circles sized by the chosen
measure and coloured by cluster, isolated members on a ring at the edge, ties as lines
(confirmed ties drawn solid and darker, observed ones light)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from scheduler_app.network.models import MemberMeasure, NetworkTie

SIZE = 1000.0
MIN_R = 7.0
MAX_R = 26.0
PALETTE = 8  # clusters 0..7 get their own colour (static/css/network.css)
LABELLED = 14
SIZE_BY = ("degree", "betweenness", "strength", "visits_received")


@dataclass(frozen=True)
class Node:
    member_id: int
    name: str
    x: float
    y: float
    r: float
    css: str
    role: str
    community: int
    is_labelled: bool


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    css: str
    width: float


def _value(m: MemberMeasure, size_by: str) -> float:
    return float(getattr(m, size_by if size_by in SIZE_BY else "degree") or 0)


def colour_class(m: MemberMeasure) -> str:
    if m.role == "isolated":
        return "n-iso"
    return f"n-c{m.community}" if 0 <= m.community < PALETTE else "n-cx"


def draw(
    measures: list[MemberMeasure], ties: list[NetworkTie], locale: str, size_by: str
) -> tuple[list[Node], list[Line]]:
    top = max((_value(m, size_by) for m in measures), default=0.0) or 1.0
    placed = [m for m in measures if m.x is not None and m.y is not None]
    by_size = sorted(placed, key=lambda m: (-_value(m, size_by), m.member_id))
    labelled = {m.member_id for m in by_size[:LABELLED] if _value(m, size_by) > 0}
    nodes = [
        Node(
            member_id=m.member_id,
            name=m.member.display_name(locale),
            x=round(float(m.x) * SIZE, 1),  # type: ignore[arg-type]
            y=round(float(m.y) * SIZE, 1),  # type: ignore[arg-type]
            r=round(MIN_R + (MAX_R - MIN_R) * math.sqrt(_value(m, size_by) / top), 1),
            css=colour_class(m),
            role=m.role,
            community=m.community,
            is_labelled=m.member_id in labelled,
        )
        for m in placed
    ]
    where = {n.member_id: n for n in nodes}
    heaviest = max((t.weight for t in ties), default=1.0) or 1.0
    lines = []
    for t in ties:
        a, b = where.get(t.a_member_id), where.get(t.b_member_id)
        if a is None or b is None:
            continue
        css = "t-confirmed" if t.is_confirmed else "t-observed"
        width = round(1.0 + 4.0 * t.weight / heaviest, 1)
        lines.append(Line(a.x, a.y, b.x, b.y, css, width))
    return nodes, lines


def clusters(nodes: list[Node]) -> list[tuple[int, list[Node]]]:
    """Nodes grouped by cluster for the list beside the picture (isolated last)."""
    groups: dict[int, list[Node]] = {}
    for node in nodes:
        groups.setdefault(node.community, []).append(node)
    order = sorted(groups, key=lambda c: (c < 0, c))
    return [(c, sorted(groups[c], key=lambda n: (-n.r, n.name))) for c in order]
