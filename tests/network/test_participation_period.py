"""Participation per member and period: the coordinators' table, its CSV, and a member's
own figures on the network page, each for this year, the last 12 months or a BE year."""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest

from scheduler_app.extensions import db
from scheduler_app.followups.models import Feedback
from tests.network.conftest import add_event, attend


class TableReader(HTMLParser):
    """Rows of ``tr.participation-row`` keyed by their data-member, cells as text."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[int, list[str]] = {}
        self.selected: dict[str, str] = {}
        self._row: int | None = None
        self._cell: list[str] | None = None
        self._select: str | None = None
        self.own: dict[str, str] = {}
        self._in_own = False
        self._dt: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr" and "participation-row" in (a.get("class") or ""):
            self._row = int(a["data-member"])
            self.rows[self._row] = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.selected[self._select] = a.get("value") or ""
        elif tag == "dl" and "own-participation" in (a.get("class") or ""):
            self._in_own = True
        elif tag in ("dt", "dd") and self._in_own:
            self._text = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self.rows[self._row].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr":
            self._row = None
        elif tag == "select":
            self._select = None
        elif tag == "dl":
            self._in_own = False
        elif tag == "dt" and self._in_own:
            self._dt = "".join(self._text).strip()
        elif tag == "dd" and self._in_own and self._dt:
            self.own[self._dt] = "".join(self._text).strip()

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._in_own:
            self._text.append(data)


def read(response) -> TableReader:
    assert response.status_code == 200
    reader = TableReader()
    reader.feed(response.get_data(as_text=True))
    return reader


@pytest.fixture
def history(net):
    """An old class A hosted (400 days ago, 'involve', B attended, rated 4) and a rating of
    2 for A's recent exchange."""
    m = net.members
    old = add_event("training", m["A"], 400, participation_level="involve")
    attend(old, net.hosts["B"])
    db.session.add(Feedback(event_id=old.id, person_id=net.hosts["B"].id, rating=4))
    db.session.add(
        Feedback(event_id=net.events["exchange"].id, person_id=net.hosts["C"].id, rating=2)
    )
    db.session.commit()
    year = old.end_at.astimezone(ZoneInfo("Asia/Bangkok")).year + 543
    return net, str(year)


def test_table_for_the_last_twelve_months_a_be_year_and_all_time(client, auth, history):
    net, be_year = history
    a, b = net.members["A"].id, net.members["B"].id
    auth.login_as(net.coordinator)
    # Default: the last 12 months. A hosted the visit from B and the exchange (rated 2).
    page = read(client.get("/network/participation", headers={"Accept-Language": "th"}))
    assert page.selected["period"] == "12m"
    # cells: name, hosted, attended, five IAP2 levels, rating, last activity
    assert page.rows[a][1:3] == ["2", "0"] and page.rows[a][3] == "2"  # inform ×2
    assert page.rows[a][8] == "2.0"
    assert page.rows[b][1:3] == ["1", "1"]  # hosted A's visit, attended the exchange
    assert len(page.rows) == 6
    # The BE year of the old class: only it counts, with its own rating and level.
    page = read(client.get("/network/participation", query_string={"period": be_year}))
    assert page.selected["period"] == be_year
    assert page.rows[a][1:3] == ["1", "0"] and page.rows[a][5] == "1"  # involve
    assert page.rows[a][8] == "4.0"
    assert page.rows[b][1:3] == ["0", "1"]
    assert page.rows[net.members["E"].id][1:3] == ["0", "0"]
    page = read(client.get("/network/participation", query_string={"period": "all"}))
    assert page.rows[a][1:3] == ["3", "0"] and page.rows[a][8] == "3.0"


def test_unknown_period_falls_back_to_twelve_months_and_district_filters(client, auth, history):
    net, _year = history
    auth.login_as(net.coordinator)
    page = read(client.get("/network/participation", query_string={"period": "<script>"}))
    assert page.selected["period"] == "12m"
    district = net.members["A"].district_code
    page = read(client.get("/network/participation",
                           query_string={"district": district or "0000"}))  # fmt: skip
    expected = {m.id for m in net.members.values() if m.district_code == district}
    assert set(page.rows) == expected
    page = read(client.get("/network/participation", query_string={"district": "x'; --"}))
    assert len(page.rows) == 6  # nonsense is ignored, not an error


def test_csv_of_a_period_has_bom_thai_headers_and_level_columns(client, auth, history):
    net, be_year = history
    auth.login_as(net.coordinator)
    response = client.get(
        "/network/participation.csv",
        query_string={"period": be_year},
        headers={"Accept-Language": "th"},
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert f"participation-{be_year}.csv" in response.headers["Content-Disposition"]
    body = response.data.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:])))
    header = rows[0]
    assert header[:5] == ["รหัสสมาชิก", "สมาชิก", "รหัสอำเภอ", "กิจกรรมที่เป็นเจ้าภาพ",
                          "กิจกรรมที่เข้าร่วม"]  # fmt: skip
    assert header[5:10] == ["ให้ข้อมูล", "ปรึกษาหารือ", "เข้ามามีบทบาท", "ร่วมมือ",
                          "เสริมพลังให้ตัดสินใจ"]  # fmt: skip
    by_id = {int(r[0]): r for r in rows[1:]}
    a = by_id[net.members["A"].id]
    assert a[3:5] == ["1", "0"] and a[7] == "1" and a[10] == "4.0"
    assert len(by_id) == 6


def test_member_sees_own_participation_for_a_chosen_period(client, auth, history):
    net, be_year = history
    auth.login_as(net.plain)  # a member of A
    page = read(client.get("/network", headers={"Accept-Language": "en"}))
    assert page.selected["part"] == "12m"
    assert page.own["Events hosted"] == "2" and page.own["Average rating"] == "2.0"
    page = read(client.get("/network", query_string={"part": be_year},
                           headers={"Accept-Language": "en"}))  # fmt: skip
    assert page.selected["part"] == be_year
    assert page.own["Events hosted"] == "1" and page.own["Average rating"] == "4.0"


def test_only_coordinators_and_admins_see_the_table(client, auth, history):
    net, _year = history
    assert client.get("/network/participation").status_code == 302
    for person in (net.plain, net.hosts["A"]):
        auth.login_as(person)
        assert client.get("/network/participation").status_code == 403
        assert client.get("/network/participation.csv").status_code == 403


@pytest.mark.parametrize("code", ["12m", "all", "year"])
def test_a_page_of_members_gets_the_same_figures_as_the_whole_network(app, history, code):
    from scheduler_app.core import periods
    from scheduler_app.core.events_time import zone
    from scheduler_app.extensions import utcnow
    from scheduler_app.network.participation import participation

    net, _year = history
    period = periods.resolve(code, utcnow(), zone(None))
    assert period is not None
    everyone = participation(period.end, period.start)
    ids = [m.id for m in net.members.values()]
    page = participation(period.end, period.start, ids)
    assert set(page) == {i for i in everyone if i in ids}
    for member_id, figures in page.items():
        whole = everyone[member_id]
        fields = ("hosted", "attended", "mix_text", "rating_average", "last_activity_at")
        for name in fields:
            assert getattr(figures, name) == getattr(whole, name), (member_id, name)
    assert participation(period.end, period.start, []) == {}
