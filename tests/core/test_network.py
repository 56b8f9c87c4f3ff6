"""The network graph and its measures, on small hand-made graphs with known answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import networkx as nx
import pytest

from scheduler_app.core import network as net
from scheduler_app.core.network import Evidence, TieEvidence
from scheduler_app.core.network_weaving import Profile, open_triangles, score_pair, suggest

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def ev(a, b, days_ago=10, kind=Evidence.SHARED, event_kind="exchange"):
    return TieEvidence(a, b, NOW - timedelta(days=days_ago), kind, event_kind)


def graph_of(members, pairs):
    ties = net.collect_ties([ev(a, b) for a, b in pairs], NOW)
    return net.build_graph(members, ties.values())


def test_fade_is_linear_over_two_years():
    assert net.fade(NOW, NOW) == 1.0
    assert net.fade(NOW - timedelta(days=365), NOW) == pytest.approx(0.5, abs=0.001)
    assert net.fade(NOW - timedelta(days=800), NOW) == 0.0
    assert net.fade(NOW + timedelta(days=3), NOW) == 1.0


def test_ties_add_up_fade_away_and_renew():
    evidence = [
        ev(1, 2, 365), ev(2, 1, 0, Evidence.VISIT, "study_visit"),  # renewed: 0.5 + 1
        ev(3, 4, 900),  # faded out: gone
        ev(5, 5, 1),  # a member does not tie with itself
        ev(6, 7, -30),  # planned, not happened yet
    ]  # fmt: skip
    ties = net.collect_ties(evidence, NOW)
    assert set(ties) == {(1, 2)}
    tie = ties[(1, 2)]
    assert tie.weight == pytest.approx(1.5, abs=0.001)
    assert tie.count == 2
    assert tie.evidence == {"shared", "visit"}
    assert tie.is_observed and not tie.is_confirmed


def test_period_and_kind_filters():
    evidence = [ev(1, 2, 400, event_kind="rally"), ev(1, 3, 20, event_kind="training")]
    assert set(net.collect_ties(evidence, NOW, since=NOW - timedelta(days=100))) == {(1, 3)}
    assert set(net.collect_ties(evidence, NOW, kinds=frozenset({"rally"}))) == {(1, 2)}
    assert net.since_period(NOW, None) is None
    assert net.since_period(NOW, 12) == NOW - timedelta(days=365)


def test_path_graph_middle_is_the_bridge_ends_are_periphery():
    graph = graph_of([1, 2, 3], [(1, 2), (2, 3)])
    measures, summary = net.measure(graph, {})
    assert measures[2].betweenness == 1.0
    assert measures[1].betweenness == 0.0
    assert [measures[n].degree for n in (1, 2, 3)] == [1, 2, 1]
    assert measures[2].role == "bridge"
    assert measures[1].role == measures[3].role == "periphery"
    assert summary.ties == 2 and summary.isolated == 0
    assert summary.density == pytest.approx(2 / 3, abs=1e-6)


def test_two_triangles_joined_by_one_tie_and_an_isolated_member():
    pairs = [(1, 2), (2, 3), (1, 3), (3, 4), (4, 5), (5, 6), (4, 6)]
    graph = graph_of(range(1, 8), pairs)
    measures, summary = net.measure(graph, {})
    assert {n: measures[n].core for n in range(1, 7)} == dict.fromkeys(range(1, 7), 2)
    assert measures[7].role == "isolated" and measures[7].community == -1
    assert measures[3].role == measures[4].role == "bridge"
    assert measures[1].role == "core"
    # Two clusters: {1,2,3} and {4,5,6}.
    assert measures[1].community == measures[2].community == measures[3].community
    assert measures[4].community == measures[5].community == measures[6].community
    assert measures[1].community != measures[4].community
    assert summary.communities == 2
    assert summary.isolated == 1
    assert summary.max_core == 2 and summary.core_size == 6
    assert summary.largest_component_share == pytest.approx(6 / 7, abs=1e-4)
    # Betweenness of 3: the 6 pairs {1,2}×{4,5,6} all pass through it; normalised by
    # (n-1)(n-2)/2 = 15 pairs for n = 7 (the isolated member counts in n).
    assert measures[3].betweenness == pytest.approx(nx.betweenness_centrality(graph)[3], abs=1e-6)
    assert measures[3].betweenness == pytest.approx(6 / 15, abs=1e-6)


def test_star_centre_is_a_connector():
    graph = graph_of(range(1, 12), [(1, n) for n in range(2, 12)])
    measures, _ = net.measure(graph, {})
    assert measures[1].degree == 10
    assert measures[1].role == "bridge"  # also top degree, but bridging wins
    assert measures[2].role == "periphery"


def test_visits_made_received_and_reciprocity():
    evidence = [
        ev(1, 2, 10, Evidence.VISIT), ev(2, 1, 20, Evidence.VISIT),
        ev(1, 3, 30, Evidence.VISIT), ev(1, 3, 40, Evidence.VISIT),
    ]  # fmt: skip
    visits = net.visit_counts(evidence, NOW)
    assert visits == {(1, 2): 1, (2, 1): 1, (1, 3): 2}
    graph = net.build_graph([1, 2, 3], net.collect_ties(evidence, NOW).values())
    measures, summary = net.measure(graph, visits)
    assert (measures[1].visits_made, measures[1].visits_received) == (3, 1)
    assert (measures[3].visits_made, measures[3].visits_received) == (0, 2)
    assert measures[1].reciprocal_partners == 1
    assert measures[3].reciprocal_partners == 0
    assert summary.visits == 3  # directed pairs
    assert summary.reciprocity == 0.5  # {1,2} mutual, {1,3} one way


def test_confirmed_ties_are_counted_apart():
    evidence = [ev(1, 2), ev(2, 3, kind=Evidence.CONFIRMED, event_kind="")]
    ties = net.collect_ties(evidence, NOW)
    assert ties[(2, 3)].is_confirmed and not ties[(2, 3)].is_observed
    graph = net.build_graph([1, 2, 3], ties.values())
    _, summary = net.measure(graph, {})
    assert summary.confirmed_ties == 1


def test_tie_changes():
    new, lost = net.tie_changes([(1, 2), (3, 2)], [(2, 1), (4, 5)])
    assert new == {(4, 5)}
    assert lost == {(2, 3)}


def test_empty_network():
    measures, summary = net.measure(net.build_graph([], []), {})
    assert measures == {}
    assert summary.members == 0 and summary.reciprocity == 0.0


def test_layout_puts_isolated_members_on_the_edge():
    graph = graph_of(range(1, 6), [(1, 2), (2, 3)])
    positions = net.layout(graph, [1, 2, 3, 4, 5])
    for node in (1, 2, 3):
        x, y = positions[node]
        assert 0.1 <= x <= 0.9 and 0.1 <= y <= 0.9
    for node in (4, 5):
        x, y = positions[node]
        assert ((x - 0.5) ** 2 + (y - 0.5) ** 2) ** 0.5 == pytest.approx(0.46, abs=1e-6)
    assert net.layout(graph, [1, 2, 3]) == net.layout(graph, [1, 2, 3])  # seeded


def test_picture_nodes_prefers_strong_ties_and_keeps_some_isolated():
    graph = graph_of(range(1, 8), [(1, 2), (2, 3), (1, 3), (3, 4)])
    measures, _ = net.measure(graph, {})
    chosen = net.picture_nodes(measures, 5)
    assert chosen[0] == 3  # the strongest and most tied
    assert set(chosen[:4]) == {1, 2, 3, 4}
    assert 5 in chosen  # one isolated member (limit // 5) stays visible


def test_open_triangles():
    graph = graph_of([1, 2, 3, 4], [(1, 2), (1, 3), (2, 3), (1, 4)])
    assert set(open_triangles(graph)) == {(1, 2, 4), (1, 3, 4)}


def test_score_pair_reasons():
    graph = graph_of([1, 2, 3], [(1, 2), (1, 3)])
    one = Profile(2, topics=frozenset({7}), needs=frozenset({9}), lat=17.3, lon=101.0)
    other = Profile(3, topics=frozenset({7}), offers=frozenset({9}), lat=17.3, lon=101.2)
    score, reasons = score_pair(graph, one, other, {1: 0, 2: 0, 3: 1})
    codes = [r.code for r in reasons]
    assert codes == ["common", "need_offer", "shared_topics", "distance", "joins_clusters"]
    assert reasons[0].values == (1,)
    assert reasons[1].member_id == 2 and reasons[1].values == (9,)
    km = reasons[3].values[0]
    assert 20 <= km <= 23  # 0.2° of longitude at 17.3° N is about 21 km
    aa = 1 / __import__("math").log(2)  # one common neighbour of degree 2
    expected = aa + 1.0 + 0.4 + 1 / (1 + 21.2 / 30) + 0.5
    assert score == pytest.approx(expected, abs=0.05)


def test_suggest_edges_triangles_opt_outs_and_exclusions():
    # 1 is tied to 2 and 3 (open triangle 2-3); 4 is isolated but offers what 2 needs.
    graph = graph_of([1, 2, 3, 4, 5], [(1, 2), (1, 3)])
    measures, _ = net.measure(graph, {})
    profiles = {
        1: Profile(1), 2: Profile(2, needs=frozenset({9})), 3: Profile(3),
        4: Profile(4, offers=frozenset({9})), 5: Profile(5, accepts_introductions=False,
                                                         offers=frozenset({9})),
    }  # fmt: skip
    found = suggest(graph, profiles, measures)
    pairs = {(s.a, s.b): s for s in found}
    assert (2, 3) in pairs and pairs[(2, 3)].kind == "triangle" and pairs[(2, 3)].middle == 1
    assert (2, 4) in pairs and pairs[(2, 4)].kind == "edge"
    assert all(5 not in (s.a, s.b) for s in found)  # opted out
    assert all(s.a != s.b for s in found)
    again = suggest(graph, profiles, measures, excluded=frozenset({(2, 3)}))
    assert (2, 3) not in {(s.a, s.b) for s in again}
    scores = [s.score for s in found]
    assert scores == sorted(scores, reverse=True)
