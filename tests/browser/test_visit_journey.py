"""Journey: a visiting community asks for a study visit, the host proposes another date,
the visitors accept, both see the visit in their calendars and the briefing is mailed."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from scheduler_app.directory.models import Member
from scheduler_app.events.study_visits.models import StudyVisitRequest
from scheduler_app.extensions import db, utcnow
from scheduler_app.followups.jobs import queue_briefings
from tests.browser.conftest import (
    HOST_EMAIL,
    PHONE,
    VISITOR_EMAIL,
    LiveServer,
    event_id_from,
    log_in,
    pick_member,
    submit,
)

pytestmark = pytest.mark.browser

BRIEFING_SUBJECT = "ข้อควรทราบก่อนไปศึกษาดูงานที่ เทศบาลเมืองเลย"
PURPOSE = "เรียนรู้การจัดการขยะและธนาคารขยะของเทศบาลเมืองเลย"


def _member_id(live_server: LiveServer, ref: str) -> int:
    with live_server.app.app_context():
        member = db.session.execute(
            db.select(Member).where(Member.external_ref == ref)
        ).scalar_one()
        return member.id


def _request_visit(page: Any, host_member_id: int, wished: date) -> str:
    page.goto("/events/visits/new")
    # The host is typed in Thai and chosen from the suggestions (at 360 px for the visitor).
    pick_member(page, "host_member_id", "เมืองเลย", "เทศบาลเมืองเลย")
    assert page.locator("input[name=host_member_id]").input_value() == str(host_member_id)
    page.locator("#proposed_start").fill(wished.isoformat())
    page.locator("#proposed_end").fill(wished.isoformat())
    page.locator("#delegation_size").fill("12")
    page.locator("#purpose").fill(PURPOSE)
    page.locator("input[name=link_kinds][value=livelihood]").check()
    submit(page, page.get_by_role("button", name="ส่งคำขอ"))
    assert page.locator(".flash-success").count() == 1
    return str(page.url)


def _propose_other_date(page: Any, visit_url: str, other: date) -> None:
    page.goto(visit_url)
    page.locator("#answer-start_date").fill(other.isoformat())
    page.locator("#answer-end_date").fill(other.isoformat())
    page.locator("#answer-start_time").fill("09:00")
    page.locator("#answer-end_time").fill("15:00")
    page.locator("#answer-note").fill("วันที่ขอมาตรงกับงานประจำปี ขอเสนอวันใหม่ค่ะ")
    submit(page, page.get_by_role("button", name="เสนอวันที่นี้แทน"))
    assert page.locator(".flash-success").count() == 1


def _accept_counter(page: Any, visit_url: str) -> int:
    page.goto(visit_url)
    assert "วันที่ขอมาตรงกับงานประจำปี" in page.locator("dl.facts").inner_text()
    # the host's proposed times come filled in: accepting is one tap, nothing retyped
    assert page.locator("#answer-start_time").input_value() == "09:00"
    assert page.locator("#answer-end_time").input_value() == "15:00"
    submit(page, page.get_by_role("button", name="ตอบรับ", exact=True))
    return event_id_from(page.url)


def _sees_in_calendars(page: Any, event_id: int, day: date) -> None:
    page.goto("/events/mine")
    assert page.locator(f"main a[href='/events/{event_id}']").count() >= 1
    page.goto(f"/events/calendar?year={day.year}&month={day.month}")
    assert page.locator(f"main a[href='/events/{event_id}']").count() >= 1


def test_study_visit_request_counter_proposal_and_briefing(
    live_server: LiveServer, new_page: Any
) -> None:
    host_member_id = _member_id(live_server, "demo:district:4201")
    visitor = new_page(viewport=PHONE)
    log_in(visitor, VISITOR_EMAIL)
    visit_url = _request_visit(visitor, host_member_id, date.today() + timedelta(days=30))

    host = new_page()
    log_in(host, HOST_EMAIL)
    other_day = date.today() + timedelta(days=5)
    _propose_other_date(host, visit_url, other_day)

    event_id = _accept_counter(visitor, visit_url)
    assert "ศึกษาดูงาน" in visitor.locator("h1").inner_text()
    for page in (visitor, host):
        _sees_in_calendars(page, event_id, other_day)

    with live_server.app.app_context():
        visit = db.session.execute(
            db.select(StudyVisitRequest).where(StudyVisitRequest.event_id == event_id)
        ).scalar_one()
        assert (visit.status, visit.proposed_start) == ("scheduled", other_day)
        assert queue_briefings(utcnow()) >= 1
        db.session.commit()
    live_server.send_due_mail()

    briefings = [
        r.message
        for r in live_server.smtp.handler.received
        if VISITOR_EMAIL in r.rcpt_tos and str(r.message["Subject"]).startswith(BRIEFING_SUBJECT)
    ]
    assert briefings, [str(r.message["Subject"]) for r in live_server.smtp.handler.received]
    body = briefings[-1].get_body(("plain",))
    assert body is not None
    with live_server.app.app_context():
        rules = db.session.get(Member, host_member_id).visitor_rules
    assert rules and rules.splitlines()[0] in body.get_content()
