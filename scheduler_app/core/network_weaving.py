"""Knitting the net: which members to introduce to each other, and why.

Pure: a graph, profiles and measures in; ranked suggestions with their reasons out.
Candidates are (1) members at the edge (isolated or periphery) paired with members two
steps away, with matching topics or nearby, and (2) open triangles — A is tied to B and C,
but B and C are not tied. The score adds common-neighbour link prediction (networkx
``adamic_adar_index``), need↔offer and shared-topic matches, nearness, and a bonus when
the new tie would join two clusters.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from scheduler_app.core.geography import great_circle_km
from scheduler_app.core.network import MemberMeasures

EDGE_ROLES = frozenset({"isolated", "periphery"})
PER_MEMBER = 3
CANDIDATES_PER_SOURCE = 40
TRIANGLE_NEIGHBOURS = 25
# On a national graph open triangles number in the millions; weigh the first ones found
# from the least-connected middles (where a new tie helps most) and stop.
TRIANGLE_MAX = 4000
# Likewise members at the edge: the least-tied first, this many per computation.
EDGE_SOURCES_MAX = 3000
NEAR_KM = 30.0
NEED_OFFER_POINTS = 1.0
SHARED_TOPIC_POINTS = 0.4
BRIDGE_POINTS = 0.5


@dataclass(frozen=True)
class Profile:
    """What the matching needs to know about a member."""

    member_id: int
    topics: frozenset[int] = frozenset()
    offers: frozenset[int] = frozenset()
    needs: frozenset[int] = frozenset()
    lat: float | None = None
    lon: float | None = None
    area: str = ""  # a coarse place key (district code) for finding neighbours
    accepts_introductions: bool = True


@dataclass(frozen=True)
class Reason:
    """One reason, as data; the page words it (``code`` picks the sentence)."""

    code: str  # need_offer | shared_topics | common | distance | joins_clusters
    values: tuple[int | float, ...] = ()
    member_id: int | None = None  # need_offer: who has the need


@dataclass(frozen=True)
class Suggestion:
    a: int
    b: int
    score: float
    kind: str  # edge | triangle
    middle: int | None
    reasons: tuple[Reason, ...]


def distance_km(one: Profile, other: Profile) -> float | None:
    if None in (one.lat, one.lon, other.lat, other.lon):
        return None
    return great_circle_km(one.lat, one.lon, other.lat, other.lon)  # type: ignore[arg-type]


def score_pair(
    graph: nx.Graph[int],
    one: Profile,
    other: Profile,
    communities: Mapping[int, int],
) -> tuple[float, tuple[Reason, ...]]:
    """The score of introducing ``one`` to ``other`` and the reasons behind it."""
    reasons: list[Reason] = []
    score = 0.0
    a, b = one.member_id, other.member_id
    common = sorted(nx.common_neighbors(graph, a, b)) if a in graph and b in graph else []
    if common:
        score += sum(p for _u, _v, p in nx.adamic_adar_index(graph, [(a, b)]))
        reasons.append(Reason("common", tuple(common[:3])))
    for needer, giver in ((one, other), (other, one)):
        matched = needer.needs & giver.offers
        if matched:
            score += NEED_OFFER_POINTS * len(matched)
            reasons.append(Reason("need_offer", tuple(sorted(matched)), needer.member_id))
    shared = one.topics & other.topics
    if shared:
        score += SHARED_TOPIC_POINTS * len(shared)
        reasons.append(Reason("shared_topics", tuple(sorted(shared))))
    km = distance_km(one, other)
    if km is not None:
        score += 1.0 / (1.0 + km / NEAR_KM)
        reasons.append(Reason("distance", (round(km),)))
    ca, cb = communities.get(a, -1), communities.get(b, -1)
    if ca >= 0 and cb >= 0 and ca != cb:
        score += BRIDGE_POINTS
        reasons.append(Reason("joins_clusters", (ca, cb)))
    return round(score, 4), tuple(reasons)


def _indexes(profiles: Mapping[int, Profile]) -> tuple[dict[object, list[int]], ...]:
    offers: dict[object, list[int]] = defaultdict(list)
    needs: dict[object, list[int]] = defaultdict(list)
    areas: dict[object, list[int]] = defaultdict(list)
    for p in profiles.values():
        for topic in p.offers:
            offers[topic].append(p.member_id)
        for topic in p.needs:
            needs[topic].append(p.member_id)
        if p.area:
            areas[p.area].append(p.member_id)
    return offers, needs, areas


def _edge_candidates(
    graph: nx.Graph[int], source: Profile, indexes: tuple[dict[object, list[int]], ...]
) -> list[int]:
    offers, needs, areas = indexes
    found: list[int] = []
    node = source.member_id
    if node in graph:
        for neighbour in graph[node]:
            found.extend(graph[neighbour])
    for topic in source.needs:
        found.extend(offers.get(topic, ())[:CANDIDATES_PER_SOURCE])
    for topic in source.offers:
        found.extend(needs.get(topic, ())[:CANDIDATES_PER_SOURCE])
    if source.area:
        found.extend(areas.get(source.area, ())[:CANDIDATES_PER_SOURCE])
    seen: dict[int, None] = {}
    for other in found:
        if other != node and not graph.has_edge(node, other):
            seen.setdefault(other, None)
    return list(seen)[: CANDIDATES_PER_SOURCE * 3]


def open_triangles(graph: nx.Graph[int]) -> Iterable[tuple[int, int, int]]:
    """(middle, b, c) where the middle is tied to b and c but b and c are not tied."""
    found = 0
    for middle in sorted(graph, key=lambda n: (graph.degree(n), n)):
        if graph.degree(middle) < 2:
            continue
        neighbours = sorted(graph[middle], key=lambda n: (-graph.degree(n), n))
        for b, c in combinations(neighbours[:TRIANGLE_NEIGHBOURS], 2):
            if not graph.has_edge(b, c):
                yield middle, min(b, c), max(b, c)
                found += 1
                if found >= TRIANGLE_MAX:
                    return


def suggest(
    graph: nx.Graph[int],
    profiles: Mapping[int, Profile],
    measures: Mapping[int, MemberMeasures],
    *,
    excluded: frozenset[tuple[int, int]] = frozenset(),
    limit: int = 200,
) -> list[Suggestion]:
    """The best introductions, highest score first (ties by member ids).

    Members who opted out and pairs in ``excluded`` (already introduced, or declined)
    are never suggested; each member appears in at most ``PER_MEMBER`` suggestions.
    """
    communities = {n: m.community for n, m in measures.items()}
    best: dict[tuple[int, int], Suggestion] = {}

    def consider(a: int, b: int, kind: str, middle: int | None) -> None:
        pair = (min(a, b), max(a, b))
        one, other = profiles.get(pair[0]), profiles.get(pair[1])
        if one is None or other is None or pair in excluded or a == b:
            return
        if not (one.accepts_introductions and other.accepts_introductions):
            return
        score, reasons = score_pair(graph, one, other, communities)
        if score <= 0:
            return
        previous = best.get(pair)
        # The same pair found both ways keeps the middle member who can introduce them.
        if previous is None or (score, middle is not None) > (
            previous.score,
            previous.middle is not None,
        ):
            best[pair] = Suggestion(pair[0], pair[1], score, kind, middle, reasons)

    indexes = _indexes(profiles)
    at_edge = sorted(
        (m for m in measures.values() if m.role in EDGE_ROLES and m.member_id in profiles),
        key=lambda m: (m.strength, m.member_id),
    )
    for m in at_edge[:EDGE_SOURCES_MAX]:
        for other in _edge_candidates(graph, profiles[m.member_id], indexes):
            consider(m.member_id, other, "edge", None)
    for middle, b, c in open_triangles(graph):
        consider(b, c, "triangle", middle)
    ranked = sorted(best.values(), key=lambda s: (-s.score, s.a, s.b))
    per_member: dict[int, int] = defaultdict(int)
    chosen: list[Suggestion] = []
    for item in ranked:
        if per_member[item.a] >= PER_MEMBER or per_member[item.b] >= PER_MEMBER:
            continue
        per_member[item.a] += 1
        per_member[item.b] += 1
        chosen.append(item)
        if len(chosen) >= limit:
            break
    return chosen
