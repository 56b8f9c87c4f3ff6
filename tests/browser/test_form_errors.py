"""Form errors show next to their field, in Thai, and nothing typed is lost."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from scheduler_app.accounts.models import Person
from scheduler_app.extensions import db
from tests.browser.conftest import HOST_EMAIL, PHONE, LiveServer, log_in, save_screenshot, submit

pytestmark = pytest.mark.browser

SUMMARY_TH = "กรุณาแก้ไขช่องที่ไฮไลต์ไว้ด้านล่าง"


def _error_beside(page: Any, field_id: str) -> str:
    """The error text in the field's own wrapper, announced through aria-describedby."""
    field = page.locator(f"#{field_id}")
    assert field.get_attribute("aria-invalid") == "true"
    assert f"{field_id}-error" in (field.get_attribute("aria-describedby") or "").split()
    wrapper = page.locator(f".field.has-error:has(#{field_id})")
    return str(wrapper.locator(f"#{field_id}-error").inner_text())


def test_event_form_end_before_start(live_server: LiveServer, new_page: Any) -> None:
    page = new_page()
    log_in(page, HOST_EMAIL)
    day = date.today() + timedelta(days=40)
    typed = {
        "#title_th": "เวทีประชาคมหมู่บ้าน",
        "#title_en": "Village forum",
        "#description": "ทบทวนแผนชุมชน\nบรรทัดที่สอง",
        "#start_date": day.isoformat(),
        "#start_time": "13:00",
        "#end_date": (day - timedelta(days=1)).isoformat(),
        "#end_time": "16:00",
        "#capacity": "45",
    }
    page.goto("/events/new?kind=rally")
    for selector, value in typed.items():
        page.locator(selector).fill(value)
    venue = page.locator("#venue_id option").nth(1).get_attribute("value")
    page.locator("#venue_id").select_option(venue)
    reminders = page.locator("input[name=reminder_offsets]")
    for box in reminders.all():
        box.set_checked(box.get_attribute("value") in ("3d", "2h"))
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        submit(page, page.locator("form.stacked button[type=submit]"))
    assert posted.value.status == 400

    assert page.get_by_role("alert").first.inner_text().startswith(SUMMARY_TH)
    assert _error_beside(page, "end_date") == "เวลาสิ้นสุดต้องอยู่หลังเวลาเริ่ม"
    for selector, value in typed.items():
        assert page.locator(selector).input_value() == value, selector
    assert page.locator("#venue_id").input_value() == venue
    ticked = [b.get_attribute("value") for b in reminders.all() if b.is_checked()]
    assert ticked == ["3d", "2h"]
    assert page.locator("#kind").input_value() == "rally"
    page.locator("#start_date").scroll_into_view_if_needed()
    save_screenshot(page, "form-errors-desktop")


def test_sign_up_with_a_short_password(live_server: LiveServer, new_page: Any) -> None:
    page = new_page(viewport=PHONE)
    page.goto("/signup")
    typed = {
        "#email": "somsri.browser@example.org",
        "#honorific": "นางสาว",
        "#given_name": "สมศรี",
        "#family_name": "ทดลองใช้",
    }
    for selector, value in typed.items():
        page.locator(selector).fill(value)
    page.locator("#preferred_language").select_option("en")
    page.locator("#password").fill("short")
    page.locator("#confirm").fill("short")
    submit(page, page.locator("form.stacked button[type=submit]"))

    assert _error_beside(page, "password") == "กรุณากรอกระหว่าง 10 ถึง 200 ตัวอักษร"
    for selector, value in typed.items():
        assert page.locator(selector).input_value() == value, selector
    assert page.locator("#preferred_language").input_value() == "en"
    assert page.locator("#password").input_value() == ""  # passwords are never echoed back
    page.locator("#confirm").scroll_into_view_if_needed()
    save_screenshot(page, "signup-errors-phone")
    with live_server.app.app_context():
        found = db.session.execute(
            db.select(Person).where(Person.email == typed["#email"])
        ).scalar_one_or_none()
        assert found is None
