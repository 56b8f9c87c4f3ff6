"""The exchange network as a graph: ties from what happened, and the measures on it.

Pure: plain tuples in, plain values out, ``now`` passed in; no Flask, no session.

* A **tie** joins two members. Study visits are directed (visitor → host) and also count
  as an undirected tie; co-hosting and taking part in the same exchange, rally or class
  are undirected; people confirm ties in the thank-you survey.
* Each piece of evidence weighs 1 when new and fades linearly to 0 over ``FADE_DAYS``
  (two years); a tie whose weight has faded away is gone unless something renews it.
* Measures (networkx): degree, betweenness, k-core, communities, isolated members, and
  visits made / received with their reciprocity.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

import networkx as nx

FADE_DAYS = 730
# Exact betweenness is O(nodes × ties); above this many nodes it is estimated from a
# fixed sample of sources (seeded, so recomputing the same data gives the same numbers).
EXACT_BETWEENNESS_MAX = 1500
BETWEENNESS_SAMPLES = 64
SEED = 7


class Evidence(StrEnum):
    VISIT = "visit"  # directed: source visited target
    COHOST = "cohost"  # hosted stops of the same rally, or the same event together
    SHARED = "shared"  # took part in the same exchange, rally or class
    CONFIRMED = "confirmed"  # "whom did you meet that you will contact again?"


OBSERVED = frozenset({Evidence.VISIT, Evidence.COHOST, Evidence.SHARED})


@dataclass(frozen=True)
class TieEvidence:
    """One reason two members are tied, at one time, from one kind of activity."""

    source: int
    target: int
    at: datetime
    evidence: Evidence
    event_kind: str = ""


@dataclass
class Tie:
    """Everything known about one undirected pair."""

    a: int
    b: int
    weight: float = 0.0
    count: int = 0
    evidence: set[str] = field(default_factory=set)
    event_kinds: set[str] = field(default_factory=set)
    last_at: datetime | None = None

    @property
    def is_confirmed(self) -> bool:
        return Evidence.CONFIRMED in self.evidence

    @property
    def is_observed(self) -> bool:
        return bool(self.evidence & OBSERVED)


@dataclass(frozen=True)
class MemberMeasures:
    member_id: int
    degree: int
    strength: float
    betweenness: float
    core: int
    community: int
    visits_made: int
    visits_received: int
    reciprocal_partners: int
    role: str  # isolated | periphery | core | connector | bridge | member


@dataclass(frozen=True)
class NetworkSummary:
    members: int
    ties: int
    confirmed_ties: int
    density: float
    average_degree: float
    isolated: int
    periphery: int
    core_size: int
    max_core: int
    communities: int
    largest_component_share: float
    visits: int
    reciprocity: float  # share of visiting pairs where both sides visited each other


def fade(at: datetime, now: datetime, days: int = FADE_DAYS) -> float:
    """1 for something that happened now, falling linearly to 0 after ``days``."""
    age = (now - at).total_seconds() / 86400
    if age < 0:
        return 1.0
    return max(0.0, 1.0 - age / days)


def in_window(
    item: TieEvidence, since: datetime | None, until: datetime | None, kinds: frozenset[str] | None
) -> bool:
    """Whether evidence falls in the period [since, until] and among the event kinds."""
    if since is not None and item.at < since:
        return False
    if until is not None and item.at > until:
        return False
    return not (kinds and item.event_kind and item.event_kind not in kinds)


def collect_ties(
    evidence: Iterable[TieEvidence],
    now: datetime,
    *,
    since: datetime | None = None,
    kinds: frozenset[str] | None = None,
) -> dict[tuple[int, int], Tie]:
    """Undirected ties keyed by (smaller id, larger id); faded-out ties are dropped.

    Evidence after ``now`` is ignored (a planned event has not tied anyone yet).
    """
    ties: dict[tuple[int, int], Tie] = {}
    for item in evidence:
        if item.source == item.target or not in_window(item, since, now, kinds):
            continue
        a, b = sorted((item.source, item.target))
        tie = ties.setdefault((a, b), Tie(a, b))
        tie.weight += fade(item.at, now)
        tie.count += 1
        tie.evidence.add(item.evidence.value)
        if item.event_kind:
            tie.event_kinds.add(item.event_kind)
        tie.last_at = item.at if tie.last_at is None else max(tie.last_at, item.at)
    return {key: tie for key, tie in ties.items() if tie.weight > 0}


def build_graph(members: Iterable[int], ties: Iterable[Tie]) -> nx.Graph[int]:
    """Every member as a node (isolated ones too) and each living tie as a weighted edge."""
    graph: nx.Graph[int] = nx.Graph()
    graph.add_nodes_from(members)
    for tie in ties:
        if tie.a in graph and tie.b in graph:
            graph.add_edge(
                tie.a, tie.b, weight=tie.weight, count=tie.count, is_confirmed=tie.is_confirmed
            )
    return graph


def visit_counts(
    evidence: Iterable[TieEvidence], now: datetime, since: datetime | None = None
) -> dict[tuple[int, int], int]:
    """How many times each visitor visited each host (directed), in the period."""
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for item in evidence:
        is_visit = item.evidence == Evidence.VISIT and item.source != item.target
        if is_visit and in_window(item, since, now, None):
            counts[(item.source, item.target)] += 1
    return dict(counts)


def communities_of(graph: nx.Graph[int]) -> dict[int, int]:
    """Cluster number per node: 0 for the biggest cluster, then by size; isolated → -1."""
    linked = graph.subgraph([n for n in graph if graph.degree(n) > 0])
    if linked.number_of_nodes() == 0:
        return dict.fromkeys(graph.nodes, -1)
    groups = nx.community.louvain_communities(linked, weight="weight", seed=SEED)
    ordered = sorted(groups, key=lambda g: (-len(g), min(g)))
    result = dict.fromkeys(graph.nodes, -1)
    for number, group in enumerate(ordered):
        for node in group:
            result[node] = number
    return result


def betweenness_of(graph: nx.Graph[int]) -> dict[int, float]:
    """Normalised betweenness (unweighted paths), sampled on big graphs."""
    n = graph.number_of_nodes()
    if n <= EXACT_BETWEENNESS_MAX:
        return dict(nx.betweenness_centrality(graph, normalized=True))
    return dict(nx.betweenness_centrality(graph, k=BETWEENNESS_SAMPLES, normalized=True, seed=SEED))


def _top_share(values: dict[int, float], share: float, floor: float) -> set[int]:
    """Nodes whose value is above ``floor`` and in the top ``share`` of all nodes."""
    positive = sorted((v for v in values.values() if v > floor), reverse=True)
    if not positive:
        return set()
    cut = positive[min(len(positive) - 1, max(0, math.ceil(len(values) * share) - 1))]
    return {node for node, v in values.items() if v >= cut and v > floor}


def _role(
    node: int, degree: int, core: int, max_core: int, bridges: set[int], hubs: set[int]
) -> str:
    if degree == 0:
        return "isolated"
    if node in bridges:
        return "bridge"
    if node in hubs:
        return "connector"
    if max_core >= 2 and core == max_core:
        return "core"
    if core <= 1:
        return "periphery"
    return "member"


def measure(
    graph: nx.Graph[int], visits: dict[tuple[int, int], int]
) -> tuple[dict[int, MemberMeasures], NetworkSummary]:
    """Per-member measures and the network summary.

    Roles: *bridge* — top 10% betweenness (holds parts together); *connector* — top 10%
    degree with at least 3 partners; *core* — in the innermost k-core; *periphery* — in
    the 1-core only (tied, but by a single thread); *isolated* — no tie at all.
    """
    degree = dict(graph.degree())
    strength = dict(graph.degree(weight="weight"))
    core = nx.core_number(graph) if graph.number_of_nodes() else {}
    max_core = max(core.values(), default=0)
    between = betweenness_of(graph)
    community = communities_of(graph)
    bridges = _top_share(between, 0.10, 0.0)
    hubs = {n for n in _top_share({n: float(d) for n, d in degree.items()}, 0.10, 2.0)}
    made: dict[int, int] = defaultdict(int)
    received: dict[int, int] = defaultdict(int)
    for (visitor, host), count in visits.items():
        made[visitor] += count
        received[host] += count
    pairs = set(visits)
    mutual = {(a, b) for a, b in pairs if (b, a) in pairs}
    reciprocal: dict[int, int] = defaultdict(int)
    for a, _b in mutual:
        reciprocal[a] += 1
    result = {
        node: MemberMeasures(
            member_id=node,
            degree=degree[node],
            strength=round(strength[node], 4),
            betweenness=round(between.get(node, 0.0), 6),
            core=core.get(node, 0),
            community=community.get(node, -1),
            visits_made=made.get(node, 0),
            visits_received=received.get(node, 0),
            reciprocal_partners=reciprocal.get(node, 0),
            role=_role(node, degree[node], core.get(node, 0), max_core, bridges, hubs),
        )
        for node in graph.nodes
    }
    return result, summarise(graph, result, pairs, mutual, max_core)


def summarise(
    graph: nx.Graph[int],
    measures: dict[int, MemberMeasures],
    visit_pairs: set[tuple[int, int]],
    mutual: set[tuple[int, int]],
    max_core: int,
) -> NetworkSummary:
    n = graph.number_of_nodes()
    undirected_visits = {tuple(sorted(p)) for p in visit_pairs}
    largest = max((len(c) for c in nx.connected_components(graph)), default=0)
    confirmed = sum(1 for _a, _b, d in graph.edges(data=True) if d.get("is_confirmed"))
    roles = [m.role for m in measures.values()]
    return NetworkSummary(
        members=n,
        ties=graph.number_of_edges(),
        confirmed_ties=confirmed,
        density=round(nx.density(graph), 6) if n > 1 else 0.0,
        average_degree=round(2 * graph.number_of_edges() / n, 3) if n else 0.0,
        isolated=roles.count("isolated"),
        periphery=roles.count("periphery"),
        core_size=sum(1 for m in measures.values() if max_core >= 2 and m.core == max_core),
        max_core=max_core,
        communities=len({m.community for m in measures.values() if m.community >= 0}),
        largest_component_share=round(largest / n, 4) if n else 0.0,
        visits=len(visit_pairs),
        reciprocity=round(len(mutual) / 2 / len(undirected_visits), 4)
        if undirected_visits
        else 0.0,
    )


def tie_changes(
    before: Iterable[tuple[int, int]], after: Iterable[tuple[int, int]]
) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """(new ties, lost ties) between two sets of undirected pairs."""
    old = {tuple(sorted(p)) for p in before}
    new = {tuple(sorted(p)) for p in after}
    return {(a, b) for a, b in new - old}, {(a, b) for a, b in old - new}


def since_period(now: datetime, months: int | None) -> datetime | None:
    """The start of a period of ``months`` back from ``now`` (None: all history)."""
    return None if not months else now - timedelta(days=round(months * 30.4375))


def picture_nodes(measures: dict[int, MemberMeasures], limit: int) -> list[int]:
    """The members a picture can show legibly: the best-tied first, isolated ones after."""
    tied = sorted(
        (m for m in measures.values() if m.degree > 0),
        key=lambda m: (-m.strength, -m.degree, m.member_id),
    )
    alone = sorted(m.member_id for m in measures.values() if m.degree == 0)
    chosen = [m.member_id for m in tied[:limit]]
    return chosen + alone[: max(0, limit // 5)]


def layout(graph: nx.Graph[int], nodes: Sequence[int]) -> dict[int, tuple[float, float]]:
    """Positions in [0, 1]²: tied members by a seeded spring layout, isolated on a ring
    around the edge so they are seen apart from the rest."""
    tied = [n for n in nodes if graph.degree(n) > 0]
    alone = [n for n in nodes if graph.degree(n) == 0]
    positions: dict[int, tuple[float, float]] = {}
    if tied:
        sub = graph.subgraph(tied)
        raw = nx.spring_layout(sub, weight="weight", seed=SEED, iterations=60)
        for node, (x, y) in raw.items():
            # spring_layout fills [-1, 1]; keep tied members inside the inner 70%.
            positions[node] = (0.5 + float(x) * 0.35, 0.5 + float(y) * 0.35)
    for index, node in enumerate(alone):
        angle = 2 * math.pi * index / max(len(alone), 1) - math.pi / 2
        positions[node] = (0.5 + 0.46 * math.cos(angle), 0.5 + 0.46 * math.sin(angle))
    return positions
