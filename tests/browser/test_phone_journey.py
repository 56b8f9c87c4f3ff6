"""On a 360 px phone in Thai (issue 12): the header folds into a menu that works by
keyboard; a host checks people in at the door with one tap each; the rally route and a
stop's check-in are cards; the month calendar opens a day's list. axe-core stays clean."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from scheduler_app.accounts.models import Person
from scheduler_app.directory.models import Member
from scheduler_app.events.models import Event, Registration
from scheduler_app.extensions import db, utcnow
from tests.browser.conftest import (
    DESKTOP,
    HOST_EMAIL,
    PHONE,
    LiveServer,
    expect,
    overflow_width,
    run_axe,
    save_screenshot,
)

pytestmark = pytest.mark.browser

DOOR_PEOPLE = [
    ("นาง", "บุญมี", "ศรีสุข", "ผู้ใหญ่บ้าน"),
    ("นาย", "ทองดี", "มีสุข", "ปลัดเทศบาล"),
    ("นางสาว", "จันทร์เพ็ญ", "แก้วใส", "นักวิชาการ"),
    ("นาย", "สมศักดิ์", "ใจงาม", "ประธานชุมชน"),
    ("นาง", "ละเอียด", "ทองคำ", "อสม."),
    ("นาย", "ประสิทธิ์", "รุ่งเรือง", "กำนัน"),
]


def _describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(f"{v['impact']} {v['id']}: {v['help']}\n  {v['nodes']}" for v in violations)


def _header_height(page: Any) -> float:
    return float(
        page.evaluate("() => document.querySelector('.site-header').getBoundingClientRect().height")
    )


def _line_height(page: Any) -> float:
    return float(page.evaluate("() => parseFloat(getComputedStyle(document.body).lineHeight)"))


def test_header_menu_on_a_phone_by_keyboard(new_page: Any) -> None:
    page = new_page(viewport=PHONE, as_user=HOST_EMAIL)
    page.goto("/")
    button = page.locator("button.menu-toggle")
    nav_link = page.locator("#site-menu nav a[href='/events/calendar']")
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(nav_link).to_be_hidden()
    # Closed, the header is the name and the menu button: at most about two lines.
    assert _header_height(page) <= 2.5 * _line_height(page) + 24, _header_height(page)
    violations = run_axe(page)
    assert not violations, _describe(violations)

    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the site name
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('menu-toggle')")
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(nav_link).to_be_visible()
    page.keyboard.press("Tab")  # into the menu: its first link
    assert page.evaluate("() => document.activeElement.closest('#site-menu') !== null")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "/"
    violations = run_axe(page)
    assert not violations, _describe(violations)
    assert overflow_width(page) <= PHONE["width"]
    save_screenshot(page, "menu-open-phone")

    page.keyboard.press("Escape")  # closes, and focus goes back to the button
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(nav_link).to_be_hidden()
    assert page.evaluate("() => document.activeElement.classList.contains('menu-toggle')")
    page.keyboard.press("Space")  # a real button: Space opens it too
    expect(button).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Space")
    expect(button).to_have_attribute("aria-expanded", "false")
    save_screenshot(page, "menu-closed-phone")
    assert not page.console_errors


def test_desktop_keeps_the_full_header(new_page: Any) -> None:
    page = new_page(viewport=DESKTOP)
    page.goto("/")
    expect(page.locator("button.menu-toggle")).to_be_hidden()
    expect(page.locator("#site-menu nav a[href='/events/calendar']")).to_be_visible()
    expect(page.locator(".lang-switch")).to_be_visible()


@pytest.mark.parametrize("width", [DESKTOP["width"], 800])
def test_desktop_manage_group_opens_and_closes_by_keyboard(new_page: Any, width: int) -> None:
    page = new_page(viewport={"width": width, "height": 800}, as_user="admin@demo.ruamjai.local")
    page.goto("/")
    summary = page.locator(".nav-group summary")
    outbox = page.locator(".nav-group a[href='/admin/outbox']")
    expect(outbox).to_be_hidden()
    summary.focus()
    page.keyboard.press("Enter")
    expect(outbox).to_be_visible()
    group = page.locator(".nav-group ul").bounding_box()
    assert group is not None and group["x"] >= 0 and group["x"] + group["width"] <= width
    if width == DESKTOP["width"]:
        save_screenshot(page, "menu-manage-desktop")
        assert _header_height(page) < 130  # the group drops over the page, not in the bar
    violations = run_axe(page)
    assert not violations, _describe(violations)
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    expect(outbox).to_be_hidden()
    assert page.evaluate("() => document.activeElement.tagName") == "SUMMARY"
    assert not page.console_errors


def test_without_javascript_the_phone_menu_is_all_there(new_page: Any) -> None:
    page = new_page(viewport=PHONE, java_script_enabled=False)
    page.goto("/")
    expect(page.locator("button.menu-toggle")).to_be_hidden()
    expect(page.locator("#site-menu nav a[href='/events/calendar']")).to_be_visible()
    expect(page.locator("#site-menu a[href='/login']")).to_be_visible()


def _door_event(live_server: LiveServer) -> tuple[int, list[int]]:
    """A published event of the demo host's with six confirmed people, none arrived."""
    from scheduler_app.events import operations as services

    with live_server.app.app_context():
        host = db.session.execute(db.select(Person).where(Person.email == HOST_EMAIL)).scalar_one()
        start = utcnow() + timedelta(hours=1)
        event = services.create_event(
            {"kind": "exchange", "title_th": "เวทีประชาคมหมู่บ้าน (ทดสอบหน้าประตู)",
             "host_member_id": host.member_id, "start_at": start,
             "end_at": start + timedelta(hours=3), "timezone": "Asia/Bangkok", "capacity": 40},
            None, utcnow(),
        )  # fmt: skip
        services.publish_event(event, utcnow())
        member = db.session.get(Member, host.member_id)
        ids = []
        for n, (honorific, given, family, position) in enumerate(DOOR_PEOPLE):
            person = Person(
                email=f"door{n}.{event.id}@example.org", honorific=honorific, given_name=given,
                family_name=family, position=position, member=member, role="member",
                preferred_language="th", created_at=utcnow(), updated_at=utcnow(),
            )  # fmt: skip
            db.session.add(person)
            db.session.flush()
            registration = Registration(
                event_id=event.id, person_id=person.id, status="confirmed", confirmed_at=utcnow()
            )
            db.session.add(registration)
            db.session.flush()
            ids.append(registration.id)
        db.session.commit()
        return event.id, ids


def _count_clicks(page: Any) -> None:
    page.evaluate(
        """() => { window.doorTaps = 0; window.stayedOnPage = true;
                   document.addEventListener('click', () => { window.doorTaps += 1; }, true); }"""
    )


def test_door_check_in_takes_one_tap_per_person(live_server: LiveServer, new_page: Any) -> None:
    event_id, registration_ids = _door_event(live_server)
    page = new_page(viewport=PHONE, as_user=HOST_EMAIL)
    page.goto(f"/events/{event_id}/registrations")
    assert overflow_width(page) <= PHONE["width"]
    cards = page.locator("table.door-cards tbody tr")
    expect(cards).to_have_count(len(DOOR_PEOPLE))
    first_button = cards.first.locator("button.door-button")
    box = first_button.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert box["height"] >= 44  # a thumb-sized target
    violations = run_axe(page)
    assert not violations, _describe(violations)
    save_screenshot(page, "door-check-in-phone")

    # Five people arrive: one tap each, and the page never reloads.
    _count_clicks(page)
    for n in range(5):
        cards.nth(n).locator("button.door-button").click()
        expect(cards.nth(n).locator(".door-done")).to_be_visible()
    assert page.evaluate("() => window.doorTaps") == 5
    expect(page.locator(".door-tally")).to_have_text("ลงชื่อเข้างานแล้ว 5 จาก 6 คนที่ยืนยัน")
    assert page.evaluate("() => window.stayedOnPage") is True

    # The sixth is found by typing part of the name: the list filters as you type.
    search = page.locator("#door-q")
    search.fill("ประสิทธิ์")
    expect(page.locator("table.door-cards tbody tr:visible")).to_have_count(1)
    expect(page.locator("[data-door-shown]")).to_have_text("แสดง 1 จาก 6 รายชื่อ")
    page.locator("table.door-cards tbody tr:visible button.door-button").click()
    expect(page.locator("table.door-cards tbody tr:visible .door-done")).to_be_visible()
    assert page.evaluate("() => window.doorTaps") == 6
    save_screenshot(page, "door-check-in-search-phone")
    assert not page.console_errors

    # Arriving with a search in the address (the no-JavaScript answer), clearing the box
    # brings everyone back without a request.
    page.goto(f"/events/{event_id}/registrations?q=ประสิทธิ์")
    expect(page.locator("table.door-cards tbody tr:visible")).to_have_count(1)
    page.locator("#door-q").fill("")
    expect(page.locator("table.door-cards tbody tr:visible")).to_have_count(len(DOOR_PEOPLE))

    with live_server.app.app_context():
        arrived = db.session.execute(
            db.select(Registration.id).where(
                Registration.event_id == event_id, Registration.checked_in_at.is_not(None)
            )
        ).scalars()
        assert sorted(arrived) == sorted(registration_ids)
    # After a reload the tally agrees.
    page.goto(f"/events/{event_id}/registrations")
    expect(page.locator(".door-tally")).to_contain_text("6 จาก 6")


def test_door_check_in_without_javascript_comes_back_to_the_card(
    live_server: LiveServer, new_page: Any
) -> None:
    event_id, registration_ids = _door_event(live_server)
    page = new_page(viewport=PHONE, as_user=HOST_EMAIL, java_script_enabled=False)
    page.goto(f"/events/{event_id}/registrations?q=ละเอียด")
    cards = page.locator("table.door-cards tbody tr:visible")
    expect(cards).to_have_count(1)
    with page.expect_navigation():
        cards.first.locator("button.door-button").click()
    assert page.url.endswith(
        f"/events/{event_id}/registrations?q=%E0%B8%A5%E0%B8%B0%E0%B9%80%E0%B8%AD%E0%B8%B5%E0%B8%A2%E0%B8%94#r-{registration_ids[4]}"
    )
    expect(page.locator(f"#r-{registration_ids[4]} .door-done")).to_be_visible()
    expect(page.locator("#door-q")).to_have_value("ละเอียด")


def _demo_rally(live_server: LiveServer) -> tuple[int, int]:
    with live_server.app.app_context():
        event = db.session.execute(
            db.select(Event)
            .where(Event.kind == "rally", Event.is_sample, Event.status == "published")
            .order_by(Event.start_at.desc()).limit(1)
        ).scalar_one()  # fmt: skip
        return event.id, event.stops[0].id


def test_rally_route_and_stop_check_in_are_cards_on_a_phone(
    live_server: LiveServer, new_page: Any
) -> None:
    from tests.browser.conftest import COORDINATOR_EMAIL

    event_id, stop_id = _demo_rally(live_server)
    page = new_page(viewport=PHONE, as_user=COORDINATOR_EMAIL)
    page.goto(f"/events/{event_id}")
    rows = page.locator("table.route-cards tbody tr")
    assert rows.count() >= 2
    for n in range(rows.count()):
        box = rows.nth(n).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    check_in = rows.first.locator(".route-check-in a")
    box = check_in.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"] and box["height"] >= 44
    rows.first.scroll_into_view_if_needed()
    violations = run_axe(page)
    assert not violations, _describe(violations)
    save_screenshot(page, "rally-route-phone")
    with page.expect_navigation():
        check_in.click()
    assert page.url.endswith(f"/events/{event_id}/stops/{stop_id}/check-in")
    assert overflow_width(page) <= PHONE["width"]
    violations = run_axe(page)
    assert not violations, _describe(violations)
    assert not page.console_errors


def _calendar_event(live_server: LiveServer) -> datetime:
    """Two events on one day of next month, with long Thai titles."""
    from scheduler_app.events import operations as services

    with live_server.app.app_context():
        host = db.session.execute(
            db.select(Member).where(Member.external_ref == "demo:district:4201")
        ).scalar_one()
        today = utcnow()
        day = (today.replace(day=1) + timedelta(days=40)).replace(day=12, hour=2, minute=0)
        for title, hours in (("ประชุมคณะกรรมการเครือข่ายพัฒนาชุมชนเข้มแข็ง", 0),
                             ("อบรมการจัดทำแผนพัฒนาท้องถิ่นแบบมีส่วนร่วม", 5)):  # fmt: skip
            event = services.create_event(
                {"kind": "exchange", "title_th": title, "host_member_id": host.id,
                 "start_at": day + timedelta(hours=hours),
                 "end_at": day + timedelta(hours=hours + 2), "timezone": "Asia/Bangkok"},
                None, utcnow(),
            )  # fmt: skip
            services.publish_event(event, utcnow())
        db.session.commit()
        return day


def test_calendar_day_opens_its_list_on_a_phone(live_server: LiveServer, new_page: Any) -> None:
    day = _calendar_event(live_server)
    page = new_page(viewport=PHONE)
    page.goto(f"/events/calendar?year={day.year}&month={day.month}")
    shorts = page.locator(".month-grid thead th .wd-short")
    assert [shorts.nth(n).inner_text() for n in range(7)] == ["จ", "อ", "พ", "พฤ", "ศ", "ส", "อา"]
    expect(page.locator(".month-grid thead th .wd-long").first).to_be_hidden()
    assert overflow_width(page) <= PHONE["width"]
    heads = page.locator(".month-grid thead th")
    widths = [heads.nth(n).evaluate("e => [e.scrollWidth, e.clientWidth]") for n in range(7)]
    assert all(scroll <= client for scroll, client in widths), widths  # nothing collides
    violations = run_axe(page)
    assert not violations, _describe(violations)

    iso = day.date().isoformat()
    link = page.locator(f"a.day-link[data-day='{iso}']")
    expect(link).to_have_attribute("aria-expanded", "false")
    link.click()
    expect(link).to_have_attribute("aria-expanded", "true")
    section = page.locator(f"#day-{iso}")
    expect(section).to_be_visible()
    assert section.locator("li").count() >= 2  # ours (and any demo activity that day)
    expect(section).to_contain_text("ประชุมคณะกรรมการเครือข่ายพัฒนาชุมชนเข้มแข็ง")
    expect(section).to_contain_text("อบรมการจัดทำแผนพัฒนาท้องถิ่นแบบมีส่วนร่วม")
    expect(section).to_contain_text("09:00")
    assert page.evaluate("() => document.activeElement.id") == f"day-{iso}"
    others = page.locator(".day-list:visible")
    expect(others).to_have_count(1)
    violations = run_axe(page)
    assert not violations, _describe(violations)
    save_screenshot(page, "calendar-day-phone")
    page.locator("[data-show-all-days]").click()
    assert page.locator(".day-list:visible").count() >= 1
    assert not page.console_errors
