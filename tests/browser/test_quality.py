"""Every main page in Thai: no serious or critical axe-core violations, no console errors
(CSP refusals among them), no sideways scrolling at 360 px; screenshots for the README;
registration with the keyboard alone."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from scheduler_app.directory.models import Member
from scheduler_app.events.models import Event, Registration
from scheduler_app.extensions import db, utcnow
from scheduler_app.rotation.models import RotationSeries
from tests.browser.conftest import (
    COORDINATOR_EMAIL,
    DEMO_PASSWORD,
    DESKTOP,
    HOST_EMAIL,
    MEMBER_EMAIL,
    PHONE,
    SEED_SERIES_NAME,
    LiveServer,
    overflow_width,
    run_axe,
    save_screenshot,
)

pytestmark = pytest.mark.browser

MAIN_PAGES = [
    "home",
    "members",
    "member",
    "venues",
    "agenda",
    "calendar",
    "event",
    "login",
    "signup",
    "rotation",
]
# Pages that change once someone is signed in (host tools, forms, private feeds).
SIGNED_IN = {
    "agenda-mine": HOST_EMAIL,
    "event": HOST_EMAIL,
    "event-training": HOST_EMAIL,
    "new-event": HOST_EMAIL,
    "visit-request": HOST_EMAIL,
    "rotation-manage": COORDINATOR_EMAIL,
}
# Signed-in views with the most controls, checked on a phone as well.
PHONE_SIGNED_IN = {
    "new-event": HOST_EMAIL,
    "event-training": HOST_EMAIL,
    "rotation-manage": COORDINATOR_EMAIL,
}


def _event_id(kind: str) -> int:
    return int(
        db.session.execute(
            db.select(Event.id)
            .where(Event.kind == kind, Event.is_sample, Event.status == "published")
            .order_by(Event.start_at.desc())
            .limit(1)
        ).scalar_one()
    )


@pytest.fixture(scope="session")
def paths(live_server: LiveServer) -> dict[str, str]:
    with live_server.app.app_context():
        loei = db.session.execute(
            db.select(Member.id).where(Member.external_ref == "demo:district:4201")
        ).scalar_one()
        series = db.session.execute(
            db.select(RotationSeries.id).where(RotationSeries.name_th == SEED_SERIES_NAME)
        ).scalar_one()
        rally, training = _event_id("rally"), _event_id("training")
    return {
        "home": "/",
        "members": "/members/",
        "member": f"/members/{loei}",
        "venues": "/venues/",
        "agenda": "/events/",
        "agenda-mine": "/events/?mine=1",
        "calendar": "/events/calendar",
        "event": f"/events/{rally}",
        "event-training": f"/events/{training}",
        "new-event": "/events/new?kind=training",
        "visit-request": "/events/visits/new",
        "login": "/login",
        "signup": "/signup",
        "rotation": f"/rotation/{series}",
        "rotation-manage": f"/rotation/{series}",
    }


def _open(new_page: Any, path: str, viewport: dict[str, int], as_user: str | None = None) -> Any:
    page = new_page(viewport=viewport, as_user=as_user)
    response = page.goto(path)
    assert response is not None and response.status == 200, path
    assert page.locator("html").get_attribute("lang") == "th"
    return page


def _console_errors(page: Any) -> list[str]:
    """Errors the page logged: CSP refusals, failed scripts, missing files."""
    return list(page.console_errors)


def _describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(f"{v['impact']} {v['id']}: {v['help']}\n  {v['nodes']}" for v in violations)


@pytest.mark.parametrize("name", MAIN_PAGES)
def test_main_page_is_accessible_on_desktop(
    name: str, paths: dict[str, str], new_page: Any
) -> None:
    page = _open(new_page, paths[name], DESKTOP)
    violations = run_axe(page)
    assert not violations, _describe(violations)
    assert not _console_errors(page)
    save_screenshot(page, f"{name}-desktop")


@pytest.mark.parametrize("name", SIGNED_IN)
def test_signed_in_page_is_accessible(name: str, paths: dict[str, str], new_page: Any) -> None:
    page = _open(new_page, paths[name], DESKTOP, as_user=SIGNED_IN[name])
    assert page.locator("form[action='/logout']").count() == 1
    violations = run_axe(page)
    assert not violations, _describe(violations)
    assert not _console_errors(page)


@pytest.mark.parametrize("name", [*MAIN_PAGES, *PHONE_SIGNED_IN])
def test_page_fits_a_360px_phone(name: str, paths: dict[str, str], new_page: Any) -> None:
    page = _open(new_page, paths[name], PHONE, as_user=PHONE_SIGNED_IN.get(name))
    width = overflow_width(page)
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > 361 && !e.closest('.table-wrap'))
            .slice(0, 5).map(e => e.tagName + '.' + e.className)"""
    )
    assert width <= PHONE["width"], f"{paths[name]} is {width}px wide: {wide}"
    assert not wide, f"{paths[name]} has content past the right edge: {wide}"
    if name in MAIN_PAGES:
        save_screenshot(page, f"{name}-phone")


def _open_event(live_server: LiveServer) -> int:
    """A fresh published exchange event nobody has joined yet."""
    from scheduler_app.events import operations as services

    with live_server.app.app_context():
        host = db.session.execute(
            db.select(Member).where(Member.external_ref == "demo:district:4203")
        ).scalar_one()
        start = utcnow() + timedelta(days=12)
        values = {
            "kind": "exchange",
            "title_th": "เวทีเสวนาสภาองค์กรชุมชน (ทดสอบคีย์บอร์ด)",
            "host_member_id": host.id,
            "start_at": start,
            "end_at": start + timedelta(hours=3),
            "timezone": "Asia/Bangkok",
            "capacity": 40,
        }
        event = services.create_event(values, None, utcnow())
        services.publish_event(event, utcnow())
        db.session.commit()
        return event.id


def _tab_to(page: Any, predicate: str, limit: int = 80) -> None:
    """Press Tab until ``predicate`` (JS on document.activeElement) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return {predicate}; }}"):
            return
    raise AssertionError(f"never reached by Tab: {predicate}")


def test_registration_with_the_keyboard_alone(live_server: LiveServer, new_page: Any) -> None:
    member = live_server.person(MEMBER_EMAIL)
    event_id = _open_event(live_server)
    page = new_page(viewport=PHONE)
    page.goto(f"/login?next=/events/{event_id}")

    page.keyboard.press("Tab")
    first = page.evaluate("() => document.activeElement.className")
    assert first == "skip-link"  # the first stop skips the header
    _tab_to(page, "el.id === 'email'")
    page.keyboard.type(MEMBER_EMAIL)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "password"
    page.keyboard.type(DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{live_server.url}/events/{event_id}"

    _tab_to(page, "el.closest('form[action$=\"/register\"]') && el.type === 'submit'")
    focused = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert focused != "none"  # a visible focus ring
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "ยืนยันแล้ว" in page.locator(".registration-box").inner_text()
    with live_server.app.app_context():
        status = db.session.execute(
            db.select(Registration.status).where(
                Registration.event_id == event_id, Registration.person_id == member.id
            )
        ).scalar_one()
    assert status == "confirmed"
