"""The network computed from what happened, stored, and shown to the right people."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

import networkx as nx
import sqlalchemy as sa

from scheduler_app.extensions import db, utcnow
from scheduler_app.network import compute, page_cache
from scheduler_app.network.models import MemberMeasure, NetworkState, NetworkTie
from tests.network.conftest import add_event, attend


def measures() -> dict[int, MemberMeasure]:
    return {m.member_id: m for m in db.session.execute(sa.select(MemberMeasure)).scalars()}


def test_recompute_command_stores_measures_from_activities(runner, net):
    ids = {k: v.id for k, v in net.members.items()}
    result = runner.invoke(args=["network", "recompute"])
    assert result.exit_code == 0, result.output
    assert "network: version" in result.output and "exchange snapshot" in result.output
    m = measures()
    assert m[ids["E"]].role == "isolated" and m[ids["E"]].degree == 0
    assert m[ids["F"]].role == "periphery"
    assert (m[ids["A"]].visits_made, m[ids["A"]].visits_received) == (1, 1)
    assert m[ids["A"]].reciprocal_partners == 1
    assert m[ids["A"]].events_hosted == 2  # the visit it received and the exchange
    assert m[ids["F"]].events_attended == 1
    assert "involve" not in m[ids["F"]].participation_mix  # default level is inform
    assert m[ids["F"]].participation_mix == "inform:1"
    pairs = {
        (t.a_member_id, t.b_member_id): t
        for t in db.session.execute(sa.select(NetworkTie)).scalars()
    }
    ab = pairs[tuple(sorted((ids["A"], ids["B"])))]
    assert set(ab.evidence.split(",")) == {"visit", "shared"}
    assert (min(ids["C"], ids["D"]), max(ids["C"], ids["D"])) in pairs  # co-hosts of the rally
    summary = json.loads(db.session.get(NetworkState, 1).summary)
    assert summary["isolated"] == 1 and summary["reciprocity"] == 1.0
    # One snapshot for the ended exchange (as of its end), one for now.
    snaps = db.session.execute(sa.text("SELECT exchange_event_id FROM network_snapshot")).all()
    assert sorted(s[0] is None for s in snaps) == [False, True]
    again = runner.invoke(args=["network", "recompute", "--if-stale"])
    assert "up to date" in again.output


class SvgReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.circles: list[dict[str, str]] = []
        self.lines: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "circle" and "node" in dict(attrs).get("class", ""):
            self.circles.append(dict(attrs))
        if tag == "line":
            self.lines.append(dict(attrs))


def test_member_sees_picture_numbers_and_own_measures(client, auth, net):
    auth.login_as(net.plain)
    response = client.get("/network")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    reader = SvgReader()
    reader.feed(page)
    assert len(reader.circles) == 6  # five tied members and the isolated one
    isolated = [c for c in reader.circles if "n-iso" in c["class"]]
    assert len(isolated) == 1
    x, y = float(isolated[0]["cx"]), float(isolated[0]["cy"])
    assert abs(((x - 500) ** 2 + (y - 500) ** 2) ** 0.5 - 460) < 1  # on the outer ring
    assert len(reader.lines) == 5  # A-B, A-C, B-C, C-D, D-F
    assert "เทศบาลตำบลด่านซ้าย" in page  # own organisation
    assert "ระดับการมีส่วนร่วม" in page  # its IAP2 mix
    assert "Health" not in page and "/network/health" not in page


def test_filters_narrow_the_ties_shown(client, auth, net):
    auth.login_as(net.plain)
    reader = SvgReader()
    reader.feed(client.get("/network", query_string={"kind": "study_visit"}).get_data(as_text=True))
    assert len(reader.lines) == 1  # only A-B came from a study visit
    reader = SvgReader()
    reader.feed(client.get("/network", query_string={"kind": "nonsense"}).get_data(as_text=True))
    assert len(reader.lines) == 5


def test_who_may_see_what(client, auth, net):
    assert client.get("/network").status_code == 302
    auth.login_as(net.plain)
    for url in ("/network/health", "/network/suggestions", "/network/measures.csv",
                "/network/graph.graphml", "/network/ties.csv"):  # fmt: skip
        assert client.get(url).status_code == 403, url
    auth.login_as(net.coordinator)
    health = client.get("/network/health")
    assert health.status_code == 200
    assert "อบต.ภูหลวง" in health.get_data(as_text=True)


def test_change_in_activities_makes_the_stored_network_stale(client, auth, net):
    auth.login_as(net.coordinator)
    client.get("/network/health")
    assert not compute.is_stale()
    event = add_event("exchange", net.members["E"], 1)
    attend(event, net.hosts["F"])
    db.session.commit()
    assert compute.is_stale()
    client.get("/network/health?role=isolated")
    db.session.expire_all()
    assert not compute.is_stale()
    assert measures()[net.members["E"].id].role != "isolated"


def test_csv_exports_have_bom_and_thai_headers(client, auth, net):
    auth.login_as(net.coordinator)
    response = client.get("/network/measures.csv", headers={"Accept-Language": "th"})
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    body = response.data.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:])))
    assert rows[0][1] == "สมาชิก"
    assert len(rows) == 7
    for url in ("/network/participation.csv", "/network/ties.csv", "/network/introductions.csv",
                "/network/snapshots.csv"):  # fmt: skip
        r = client.get(url)
        assert r.status_code == 200 and r.data.startswith("\ufeff".encode()), url


def test_graphml_reads_back_with_networkx(client, auth, net):
    auth.login_as(net.coordinator)
    response = client.get("/network/graph.graphml")
    assert response.status_code == 200
    graph = nx.read_graphml(io.BytesIO(response.data))
    assert graph.number_of_nodes() == 6 and graph.number_of_edges() == 5
    names = {d["name"] for _n, d in graph.nodes(data=True)}
    assert "อบต.ภูหลวง" in names


def _count_page_queries(client) -> int:
    """Queries of a first view (nothing cached) of each page."""
    from tests.directory.test_list import counting_queries

    page_cache.cache_for(client.application).clear()
    db.session.remove()  # each request starts with an empty session, as in production
    with counting_queries() as statements:
        for url in ("/network/health", "/network/suggestions", "/network"):
            assert client.get(url).status_code == 200
    return len(statements)


def test_pages_run_a_constant_number_of_queries(client, auth, net, make_member):
    auth.login_as(net.coordinator)
    client.get("/network/health")  # computes once
    few = _count_page_queries(client)
    for i in range(40):
        make_member(name_th=f"สมาชิกใหม่ {i}")
    compute.recompute(utcnow())
    db.session.commit()
    assert _count_page_queries(client) == few


def test_csv_dates_are_local_days_in_the_readers_era(client, auth, net):
    from datetime import date
    from zoneinfo import ZoneInfo

    auth.login_as(net.coordinator)
    client.get("/network/health")  # computes the ties
    bangkok = ZoneInfo("Asia/Bangkok")
    ties = db.session.execute(sa.select(NetworkTie)).scalars().all()
    expected = sorted(t.last_at.astimezone(bangkok).date() for t in ties)
    for lang, offset in (("th", 543), ("en", 0)):
        body = client.get("/network/ties.csv", headers={"Accept-Language": lang}).data
        header, *rows = csv.reader(io.StringIO(body.decode("utf-8-sig")))
        column = header.index("พบกันล่าสุด" if lang == "th" else "Last met")
        days = sorted(date.fromisoformat(r[column]) for r in rows)
        assert days == [d.replace(year=d.year + offset) for d in expected], lang


def test_recompute_stores_the_same_snapshot_of_now_as_measuring_again(net):
    now = utcnow()
    measured = compute.take_snapshot(now, "measured again")
    compute.recompute(now, snapshot_label="recompute")
    db.session.commit()
    from scheduler_app.network.models import NetworkSnapshot

    stored = db.session.execute(
        sa.select(NetworkSnapshot).where(NetworkSnapshot.label == "recompute")
    ).scalar_one()
    assert json.loads(stored.summary) == json.loads(measured.summary)
    assert json.loads(stored.summary)["ties"] == 5
    assert stored.ties == measured.ties and stored.taken_at == measured.taken_at
    assert stored.introductions_sent == measured.introductions_sent
