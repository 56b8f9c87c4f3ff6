"""Journey: a coordinator, in Thai, sets up a rotation for six communities, plans it,
confirms the first host, declines the second for its host (a reason is required), reads
the reasons and the log, previews a member leaving, and enters a past host. Desktop and
a 360 px phone; the timeline speaks Buddhist-Era years."""

from __future__ import annotations

import re
from typing import Any

import pytest

from scheduler_app.directory.models import Member
from scheduler_app.extensions import db
from scheduler_app.rotation.models import RotationAssignment, RotationLogEntry, RotationSeries
from tests.browser.conftest import (
    COORDINATOR_EMAIL,
    DESKTOP,
    PHONE,
    LiveServer,
    overflow_width,
    pick_member,
    run_axe,
    save_screenshot,
    submit,
)

pytestmark = pytest.mark.browser

REASON = "ศาลาประชาคมปิดซ่อมช่วงฤดูฝน"


def _six_communities(live_server: LiveServer) -> list[tuple[int, str]]:
    with live_server.app.app_context():
        rows = db.session.execute(
            db.select(Member.id, Member.name_th)
            .where(Member.external_ref.like("demo:subdistrict:42%"))
            .order_by(Member.external_ref)
            .limit(6)
        ).all()
        found = [(row.id, row.name_th) for row in rows]
    assert len(found) == 6
    return found


def _create_and_plan(page: Any, name: str, communities: list[tuple[int, str]]) -> None:
    page.goto("/rotation/new")
    page.locator("#name_th").fill(name)
    page.locator("#name_en").fill("Mekong communities exchange")
    # The pool: each community typed in Thai and chosen from the suggestions; the last
    # one with the keyboard only (arrows and Enter).
    for n, (_member_id, community) in enumerate(communities):
        pick_member(page, "members", community, community, keyboard=n == len(communities) - 1)
    chosen = page.locator("#members-chosen input[type=checkbox]:checked")
    assert sorted(int(v) for v in chosen.evaluate_all("(boxes) => boxes.map(b => b.value)")) == (
        sorted(i for i, _name in communities)
    )
    page.locator("#terms_per_year").fill("2")
    page.locator("#preferred_months").fill("3, 11")
    page.locator("#horizon_terms").fill("6")
    page.locator("#lead_weeks").fill("8")
    submit(page, page.get_by_role("button", name="บันทึกรอบเวียน"))
    submit(page, page.get_by_role("button", name="วางแผนและขอให้เจ้าภาพยืนยัน"))


def _series(live_server: LiveServer, name: str) -> tuple[int, list[RotationAssignment]]:
    with live_server.app.app_context():
        series = db.session.execute(
            db.select(RotationSeries).where(RotationSeries.name_th == name)
        ).scalar_one()
        rows = list(
            db.session.execute(
                db.select(RotationAssignment)
                .where(RotationAssignment.series_id == series.id)
                .order_by(RotationAssignment.year, RotationAssignment.term, RotationAssignment.id)
            ).scalars()
        )
        db.session.expunge_all()
        return series.id, rows


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_coordinator_runs_a_rotation_in_thai(
    live_server: LiveServer, new_page: Any, viewport: dict[str, int]
) -> None:
    name = f"เวทีแลกเปลี่ยนชุมชนริมโขง ({viewport['width']} px)"
    communities = _six_communities(live_server)
    page = new_page(viewport=viewport, as_user=COORDINATOR_EMAIL)
    _create_and_plan(page, name, communities)
    rows = page.locator("li.rotation-term.rotation-stage-proposed")
    assert rows.count() == 6
    # Every proposal says why and who was asked (the demo communities' chart contacts), or
    # that nobody could be: the coordinator is never left guessing.
    first = rows.first
    assert "เหตุผล:" in first.inner_text()
    assert all("ส่งคำขอถึง" in text or "ไม่มีผู้ใดให้ส่งคำขอได้" in text for text in rows.all_inner_texts())
    years = {int(y) for y in re.findall(r"ปี (\d{4})", page.locator("main").inner_text())}
    assert years and all(y >= 2500 for y in years)

    # One actions menu per row; confirm the first.
    assert first.locator("details.row-menu").count() == 1
    first.locator("details.row-menu > summary").click()
    submit(page, first.get_by_role("button", name="ยืนยัน", exact=True))
    assert page.locator("li.rotation-stage-next").count() == 1

    # Declining needs a reason: the message sits beside the field; then with a reason.
    second = page.locator("li.rotation-term.rotation-stage-proposed").first
    second.locator("details.row-menu > summary").click()
    submit(page, second.get_by_role("button", name="ปฏิเสธ"))
    error = page.locator("details.row-menu[open] .field-error")
    assert error.count() == 1 and error.inner_text() == "กรุณากรอกข้อมูลในช่องนี้"
    page.locator("details.row-menu[open] textarea[name=reason]").fill(REASON)
    submit(page, page.locator("details.row-menu[open]").get_by_role("button", name="ปฏิเสธ"))
    assert REASON in page.locator("main").inner_text()
    assert page.locator(".rotation-log li[data-action=decline]").count() == 1
    # The flash message after the redirect is on the page: axe checks it too.
    assert overflow_width(page) <= viewport["width"]
    assert run_axe(page) == []
    save_screenshot(page, f"rotation-timeline-{viewport['width']}")

    series_id, stored = _series(live_server, name)
    declined = [r for r in stored if r.status == "declined"]
    assert len(declined) == 1 and declined[0].decline_reason == REASON

    # What if the first proposed member left? Both plans side by side, nothing saved.
    leaving = next(r.member_id for r in stored if r.status == "proposed")
    page.goto(f"/rotation/{series_id}/what-if?leave={leaving}")
    compare = page.locator("table.rotation-compare tbody tr")
    assert compare.count() == 6 and page.locator("tr.rotation-changed").count() >= 1
    assert overflow_width(page) <= viewport["width"] or viewport is DESKTOP

    # A past host from before the series, typed in the Buddhist Era.
    page.goto(f"/rotation/{series_id}")
    page.locator("#past-year").fill("2560")
    page.locator("#past-term").fill("1")
    submit(page, page.get_by_role("button", name="เพิ่มในประวัติ"))
    assert "รอบที่ 1 ปี 2560" in page.locator("ol.rotation-timeline").inner_text()
    page.locator("#past-year").fill("2599")
    page.locator("#past-term").fill("1")
    submit(page, page.get_by_role("button", name="เพิ่มในประวัติ"))
    assert page.locator("#past-year-error").inner_text() == "เจ้าภาพในอดีตต้องไม่อยู่ในอนาคต"
    with live_server.app.app_context():
        logged = db.session.execute(
            db.select(RotationLogEntry.action).where(RotationLogEntry.series_id == series_id)
        ).scalars()
        assert {"created", "plan", "confirm", "decline", "history_added"} <= set(logged)
