"""Journey on a 360 px phone in Thai: a host removes a session that holds attendance only
after a page says what will be lost (and can change their mind); a member cancels a
registration after the same kind of question and takes the place back with "undo"."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from scheduler_app.events.models import Event, Registration
from scheduler_app.events.training.models import Attendance, TrainingSession
from scheduler_app.extensions import db, utcnow
from tests.browser.conftest import (
    HOST_EMAIL,
    MEMBER_EMAIL,
    PHONE,
    LiveServer,
    overflow_width,
    run_axe,
    save_screenshot,
    submit,
)

pytestmark = pytest.mark.browser

TITLE = "อบรมการทำบัญชีครัวเรือน รุ่นทดสอบการลบ"


def _class_with_attendance(live_server: LiveServer) -> tuple[int, int]:
    """A published class of the host's organisation: two held sessions, the member
    registered and present at the first."""
    host = live_server.person(HOST_EMAIL)
    member = live_server.person(MEMBER_EMAIL)
    start = utcnow().replace(second=0, microsecond=0) - timedelta(days=8)
    with live_server.app.app_context():
        event = Event(kind="training", title_th=TITLE, title_en="Household accounts",
                      start_at=start, end_at=start + timedelta(days=30), status="published",
                      host_member_id=host.member_id, capacity=20, confirmed_count=1,
                      sequence=1)  # fmt: skip
        for i in range(2):
            begins = start + timedelta(days=7 * i)
            event.sessions.append(
                TrainingSession(
                    position=i + 1,
                    title=f"บทที่ {i + 1}",
                    start_at=begins,
                    end_at=begins + timedelta(hours=3),
                )
            )
        db.session.add(event)
        db.session.flush()
        db.session.add(Registration(event_id=event.id, person_id=member.id, status="confirmed",
                                    confirmed_at=start))  # fmt: skip
        db.session.add(Attendance(session_id=event.sessions[0].id, person_id=member.id,
                                  is_present=True))  # fmt: skip
        db.session.commit()
        return event.id, event.sessions[0].id


def _assert_fits_and_accessible(page: Any) -> None:
    assert overflow_width(page) <= PHONE["width"]
    assert run_axe(page) == []


def test_host_confirms_before_removing_a_session_on_a_phone(
    live_server: LiveServer, new_page: Any
) -> None:
    event_id, session_id = _class_with_attendance(live_server)
    host = new_page(viewport=PHONE, as_user=HOST_EMAIL)
    host.goto(f"/events/{event_id}/sessions")
    first = host.locator("main ol > li").first
    submit(host, first.get_by_role("link", name="ลบ", exact=True))
    assert host.url.endswith(f"/sessions/{session_id}/delete")
    assert host.locator("h1").inner_text() == "ลบใช่หรือไม่"
    assert "ครั้งที่ 1" in host.locator("#remove-what").inner_text()
    assert "บันทึกการเข้าเรียน 1 รายการ" in host.locator("#remove-losses").inner_text()
    _assert_fits_and_accessible(host)
    save_screenshot(host, "confirm-remove-session-phone")

    submit(host, host.get_by_role("link", name="ไม่ เก็บไว้"))  # changed my mind
    assert host.locator("main ol > li").count() == 2
    submit(host, host.locator("main ol > li").first.get_by_role("link", name="ลบ", exact=True))
    submit(host, host.get_by_role("button", name="ใช่ ลบเลย"))
    assert host.locator(".flash-success").inner_text() == "ลบครั้งเรียนแล้ว"
    assert host.locator("main ol > li").count() == 1
    with live_server.app.app_context():
        assert db.session.get(TrainingSession, session_id) is None
        left = db.session.execute(
            db.select(Attendance).where(Attendance.session_id == session_id)
        ).first()
        assert left is None


def test_member_confirms_unregistering_and_undoes_it_on_a_phone(
    live_server: LiveServer, new_page: Any
) -> None:
    event_id, _ = _class_with_attendance(live_server)
    member = new_page(viewport=PHONE, as_user=MEMBER_EMAIL)
    member.goto(f"/events/{event_id}")
    submit(member, member.get_by_role("link", name="ยกเลิกการลงทะเบียน"))
    assert member.locator("h1").inner_text() == "ยกเลิกการลงทะเบียนใช่หรือไม่"
    assert "ที่นั่งที่ยืนยันแล้วของท่าน" in member.locator("#remove-losses").inner_text()
    assert "ย้อนกลับได้ภายใน 10 นาที" in member.locator("main").inner_text()
    _assert_fits_and_accessible(member)
    submit(member, member.get_by_role("button", name="ใช่ ยกเลิกการลงทะเบียน"))
    undo = member.get_by_role("button", name="ย้อนกลับ: ลงทะเบียนให้ฉันอีกครั้ง")
    assert undo.count() == 1
    assert overflow_width(member) <= PHONE["width"]
    submit(member, undo)
    assert member.locator(".flash-success").inner_text() == "ท่านลงทะเบียนอีกครั้งแล้ว"
    assert "ยืนยันแล้ว" in member.locator(".registration-box").inner_text()
