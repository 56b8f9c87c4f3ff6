"""Journey: a coordinator sets up a rotation for six communities, plans it and confirms
the first host; the timeline speaks Buddhist-Era years."""

from __future__ import annotations

import re
from typing import Any

import pytest

from scheduler_app.directory.models import Member
from scheduler_app.extensions import db
from scheduler_app.rotation.models import RotationAssignment, RotationSeries
from tests.browser.conftest import COORDINATOR_EMAIL, LiveServer, log_in, save_screenshot, submit

pytestmark = pytest.mark.browser

SERIES_NAME = "เวทีแลกเปลี่ยนชุมชนริมโขง (ทดสอบเบราว์เซอร์)"


def _six_communities(live_server: LiveServer) -> list[int]:
    with live_server.app.app_context():
        rows = db.session.execute(
            db.select(Member.id)
            .where(Member.external_ref.like("demo:subdistrict:42%"))
            .order_by(Member.external_ref)
            .limit(6)
        ).scalars()
        ids = list(rows)
    assert len(ids) == 6
    return ids


def test_rotation_for_six_communities_with_first_host_confirmed(
    live_server: LiveServer, new_page: Any
) -> None:
    communities = _six_communities(live_server)
    page = new_page()
    log_in(page, COORDINATOR_EMAIL)
    page.goto("/rotation/new")
    page.locator("#name_th").fill(SERIES_NAME)
    page.locator("#name_en").fill("Mekong communities exchange")
    page.locator("#members").select_option([str(i) for i in communities])
    page.locator("#terms_per_year").fill("2")
    page.locator("#preferred_months").fill("3, 11")
    page.locator("#horizon_terms").fill("6")
    submit(page, page.get_by_role("button", name="บันทึกรอบเวียน"))

    submit(page, page.get_by_role("button", name="วางแผนและขอให้เจ้าภาพยืนยัน"))
    rows = page.locator("tr.rotation-term")
    assert rows.count() == 6
    first = rows.first
    submit(page, first.get_by_role("button", name="ยืนยัน", exact=True))
    first = page.locator("tr.rotation-term").first
    assert first.locator(".rotation-status-confirmed").count() == 1

    with live_server.app.app_context():
        series = db.session.execute(
            db.select(RotationSeries).where(RotationSeries.name_th == SERIES_NAME)
        ).scalar_one()
        assert {e.member_id for e in series.entries} == set(communities)
        confirmed = db.session.execute(
            db.select(RotationAssignment).where(
                RotationAssignment.series_id == series.id, RotationAssignment.status == "confirmed"
            )
        ).scalar_one()
        year, term = confirmed.year, confirmed.term
    assert confirmed.member_id in communities
    label = first.locator("td").first.inner_text()
    assert label == f"รอบที่ {term} ปี {year + 543}"
    years_shown = {int(y) for y in re.findall(r"ปี (\d{4})", page.locator("main").inner_text())}
    assert years_shown and all(y >= 2500 for y in years_shown)  # BE, never CE
    save_screenshot(page, "rotation-confirmed-desktop")
