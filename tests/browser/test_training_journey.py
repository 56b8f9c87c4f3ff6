"""Journey: a host builds a four-session class; a member registers, takes the calendar,
is marked present at every session and opens the certificate. All in the Thai UI."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from scheduler_app.events.models import Event, Registration
from scheduler_app.extensions import db
from tests.browser.conftest import (
    HOST_EMAIL,
    MEMBER_EMAIL,
    PHONE,
    LiveServer,
    event_id_from,
    expect,
    log_in,
    save_screenshot,
    submit,
)

pytestmark = pytest.mark.browser

TITLE = "อบรมการคัดแยกขยะในชุมชน รุ่นทดสอบเบราว์เซอร์"


def _create_class(page: Any, first_day: date) -> int:
    page.goto("/events/new?kind=training")
    page.locator("#kind").select_option("training")
    page.locator("#title_th").fill(TITLE)
    page.locator("#title_en").fill("Community waste sorting class")
    page.locator("#description").fill("สี่ครั้ง ครั้งละครึ่งวัน")
    page.locator("#start_date").fill(first_day.isoformat())
    page.locator("#start_time").fill("09:00")
    page.locator("#end_date").fill((first_day + timedelta(days=21)).isoformat())
    page.locator("#end_time").fill("12:00")
    page.locator("#capacity").fill("30")
    submit(page, page.locator("form.stacked button[type=submit]"))
    assert page.locator(".flash-success").count() == 1
    return event_id_from(page.url)


def _add_four_sessions(page: Any, event_id: int, first_day: date) -> None:
    page.goto(f"/events/{event_id}")
    submit(page, page.get_by_role("link", name="แก้ไขครั้งเรียน"))
    page.locator("#series-title").fill("ภาคปฏิบัติ")
    page.locator("#series-day").fill(first_day.isoformat())
    page.locator("#series-start_time").fill("09:00")
    page.locator("#series-end_time").fill("12:00")
    page.locator("#series-every_weeks").select_option("1")
    page.locator("#series-count").fill("4")
    submit(page, page.get_by_role("button", name="สร้างครั้งเรียน"))
    assert page.locator(".flash-success").inner_text() == "บันทึกครั้งเรียนแล้ว"
    assert page.locator("main ol > li").count() == 4


def _publish(page: Any, event_id: int) -> None:
    page.goto(f"/events/{event_id}")
    submit(page, page.get_by_role("button", name="เผยแพร่", exact=True))
    assert page.locator(".flash-success").inner_text() == "เผยแพร่กิจกรรมแล้ว"


def _download_ics(page: Any, event_id: int) -> str:
    link = page.get_by_role("link", name="เพิ่มลงปฏิทิน (.ics)")
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith(".ics")
    return download.path().read_text(encoding="utf-8")


def _copy_feed_link(page: Any) -> str:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/events/?mine=1")
    button = page.locator("button[data-copy-target='my-feed-url']")
    button.click()
    status = page.locator("#my-feed-heading ~ [data-copy-status]")
    expect(status).to_have_text("คัดลอกที่อยู่แล้ว")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == page.locator("#my-feed-url").input_value()
    return str(copied)


def _weeks_later(live_server: LiveServer, event_id: int) -> None:
    """The class happens: move it and its sessions into the past (roll-call is taken only
    for sessions that have begun)."""
    back = timedelta(days=40)
    with live_server.app.app_context():
        event = db.session.get(Event, event_id)
        assert event is not None
        event.start_at, event.end_at = event.start_at - back, event.end_at - back
        for session in event.sessions:
            session.start_at, session.end_at = session.start_at - back, session.end_at - back
        db.session.commit()


def _take_attendance(page: Any, event_id: int, member_name: str) -> None:
    page.goto(f"/events/{event_id}")
    links = page.get_by_role("link", name="เช็กชื่อ")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(hrefs) == 4
    for href in hrefs:
        page.goto(href)
        page.get_by_label(member_name).check()
        submit(page, page.get_by_role("button", name="บันทึกการเข้าเรียน"))
        assert page.get_by_label(member_name).is_checked()


def test_training_class_from_creation_to_certificate(
    live_server: LiveServer, new_page: Any
) -> None:
    first_day = date.today() + timedelta(days=10)
    host = new_page()
    log_in(host, HOST_EMAIL)
    event_id = _create_class(host, first_day)
    _add_four_sessions(host, event_id, first_day)
    _publish(host, event_id)

    member = new_page(viewport=PHONE, accept_downloads=True)
    log_in(member, MEMBER_EMAIL)
    member.goto(f"/events/{event_id}")
    assert member.locator("html").get_attribute("lang") == "th"
    submit(member, member.get_by_role("button", name="ลงทะเบียน", exact=True))
    assert "ยืนยันแล้ว" in member.locator(".registration-box").inner_text()
    save_screenshot(member, "event-registered-phone")

    calendar = _download_ics(member, event_id)
    assert "BEGIN:VCALENDAR" in calendar
    assert calendar.count("BEGIN:VEVENT") >= 1
    assert "ขยะ" in calendar.replace("\r\n ", "")  # unfolded Thai summary
    feed_url = _copy_feed_link(member)
    assert feed_url.startswith(live_server.url + "/feeds/u/")
    response = member.request.get(feed_url)
    assert response.ok
    assert response.headers["content-type"].startswith("text/calendar")

    person = live_server.person(MEMBER_EMAIL)
    member.goto(f"/events/{event_id}")
    assert member.get_by_role("link", name="เกียรติบัตรของฉัน").count() == 0  # not earned yet
    _weeks_later(live_server, event_id)
    _take_attendance(host, event_id, person.display_name)

    member.goto(f"/events/{event_id}")
    submit(member, member.get_by_role("link", name="เกียรติบัตรของฉัน"))
    assert member.locator("h1").inner_text() == "เกียรติบัตร"
    assert member.locator(".cert-name").inner_text() == person.display_name
    assert member.locator(".cert-class").inner_text() == TITLE

    with live_server.app.app_context():
        event = db.session.get(Event, event_id)
        assert event is not None and event.status == "published"
        assert len(event.sessions) == 4
        registration = db.session.execute(
            db.select(Registration).where(
                Registration.event_id == event_id, Registration.person_id == person.id
            )
        ).scalar_one()
        assert registration.status == "confirmed"
