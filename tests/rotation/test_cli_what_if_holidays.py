"""The CLI prints the page's plan and reasons; what-if previews side by side; holidays."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from scheduler_app.accounts.models import Role
from scheduler_app.extensions import db, utcnow
from scheduler_app.rotation.models import PublicHoliday, RotationLogEntry, RotationPoolEntry
from scheduler_app.rotation.planning import compute_plan
from scheduler_app.rotation.public_holidays import holidays
from scheduler_app.rotation.reasons import describe_factors_in
from scheduler_app.rotation.services import local_today
from tests import factories


class Rows(HTMLParser):
    """Cells of the rows with a data-term attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, list[str]] = {}
        self._term: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "tr" and values.get("data-term"):
            self._term = values["data-term"]
            self.rows[self._term] = []
        elif tag == "td" and self._term:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None and self._term:
            self.rows[self._term].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr":
            self._term = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def test_cli_prints_the_same_plan_and_reasons(runner, series, network) -> None:
    result = runner.invoke(args=["rotation", "plan", str(series.id), "--terms", "4"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0] == series.name_th and lines[1] == f"lottery seed: {series.lottery_seed}"
    plan = compute_plan(series, local_today(utcnow()), 4)
    names = {m.id: m.name_th for m in network.members}
    for line, item in zip(lines[2:], plan, strict=True):
        term, _day, host, reason = line.split("\t")
        assert term == f"รอบที่ {item.term} ปี {item.year + 543}"
        assert host == names[item.host_id]
        assert reason == describe_factors_in(item.factors, "th")
    english = runner.invoke(args=["rotation", "plan", str(series.id), "--lang", "en"])
    assert "has not hosted in this series yet" in english.output
    assert runner.invoke(args=["rotation", "plan", "999"]).exit_code != 0


def test_cli_what_if_takes_the_page_changes(runner, series, network) -> None:
    plan = compute_plan(series, local_today(utcnow()), 6)
    leaving = plan[0].host_id
    result = runner.invoke(
        args=["rotation", "plan", str(series.id), "--terms", "6", "--what-if", f"leave={leaving}"]
    )
    assert result.exit_code == 0, result.output
    now_part, then_part = result.output.split("== what if")
    assert network.members[[m.id for m in network.members].index(leaving)].name_th in now_part
    leaving_name = next(m.name_th for m in network.members if m.id == leaving)
    assert leaving_name not in then_part
    bad = runner.invoke(
        args=["rotation", "plan", str(series.id), "--what-if", "months=3,13", "--what-if", "x=1"]
    )
    assert bad.exit_code == 2 and "months" in bad.output


def test_what_if_page_compares_side_by_side_and_saves(client, auth, series, network) -> None:
    auth.login_as(network.coordinator)
    plan = compute_plan(series, local_today(utcnow()))
    leaving = plan[0].host_id
    page = client.get(f"/rotation/{series.id}/what-if?leave={leaving}&lead=12")
    assert page.status_code == 200
    parser = Rows()
    parser.feed(page.get_data(as_text=True))
    assert len(parser.rows) == len(plan)
    names = {m.id: m.name_th for m in network.members}
    first = parser.rows[f"{plan[0].year}-{plan[0].term}"]
    assert names[leaving] in first[1] and names[leaving] not in first[2]
    # Nothing is saved by looking.
    assert (
        db.session.execute(
            sa.select(RotationLogEntry).where(RotationLogEntry.action == "what_if_saved")
        ).first()
        is None
    )
    response = client.post(f"/rotation/{series.id}/what-if", data={"leave": str(leaving)})
    assert response.status_code == 302
    entry = db.session.execute(
        sa.select(RotationPoolEntry).where(RotationPoolEntry.member_id == leaving)
    ).scalar_one()
    assert entry.is_unable_to_host
    assert leaving not in [a.host_id for a in compute_plan(series, local_today(utcnow()))]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("months=3,13", "months", "Please enter month numbers from 1 to 12."),
        ("months=3", "months", "Please give exactly one month for each term."),
        ("weight=1:11", "weight", "Please enter a weight from 1 to 10."),
        ("weight=99999:2", "weight", "Choose members of this pool."),
        ("lead=200", "lead", "Please enter a number of weeks from 0 to 104."),
    ],
)
def test_bad_what_if_shows_beside_the_field(client, auth, series, network, query, field, message):
    auth.login_as(network.coordinator)
    page = client.get(f"/rotation/{series.id}/what-if?{query}", headers={"Accept-Language": "en"})
    assert page.status_code == 400
    html = page.get_data(as_text=True)
    section = html[html.index(f'id="{field}"') :]
    assert section[: section.index("</div>")].count(message) == 1
    saved = client.post(f"/rotation/{series.id}/what-if", data=dict([query.split("=")]))
    assert saved.status_code == 400
    assert (
        db.session.execute(
            sa.select(RotationLogEntry).where(RotationLogEntry.action == "what_if_saved")
        ).first()
        is None
    )


def test_holidays_are_shipped_and_editable_by_admins(client, auth, series, network) -> None:
    shipped = {h.day for h in holidays()}
    assert date(2027, 4, 13) in shipped and date(2030, 12, 5) in shipped
    page = client.get("/rotation/holidays", headers={"Accept-Language": "th"})
    assert page.status_code == 200 and "วันสงกรานต์" in page.get_data(as_text=True)
    auth.login_as(network.coordinator)
    assert client.post("/rotation/holidays", data={"day": "2027-02-20"}).status_code == 403
    admin = factories.make_person(role=Role.ADMIN)
    auth.login_as(admin)
    bad = client.post(
        "/rotation/holidays",
        data={"day": "not a day", "name_th": "x"},
        headers={"Accept-Language": "en"},
    )
    assert bad.status_code == 400 and "Please write the date as" in bad.get_data(as_text=True)
    assert db.session.execute(sa.select(PublicHoliday)).first() is None
    ok = client.post("/rotation/holidays", data={"day": "2027-02-20", "name_th": "วันมาฆบูชา"})
    assert ok.status_code == 302
    assert client.post("/rotation/holidays/2026-12-31/hide").status_code == 302
    assert client.post("/rotation/holidays/not-a-day/hide").status_code == 404
    days = {h.day for h in holidays()}
    assert date(2027, 2, 20) in days and date(2026, 12, 31) not in days
    # Planning avoids them: no term of the next years falls on a holiday.
    plan = compute_plan(series, local_today(utcnow()), 12)
    assert not {a.event_date for a in plan} & days
