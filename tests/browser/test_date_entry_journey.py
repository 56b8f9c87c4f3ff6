"""Journey: on a 360 px phone in Thai, a host types a Buddhist Era date, picks another
with the calendar by keyboard alone, saves, and the event page shows the BE dates."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from scheduler_app.core.thaidate import THAI_MONTHS_SHORT
from tests.browser.conftest import (
    HOST_EMAIL,
    PHONE,
    LiveServer,
    expect,
    overflow_width,
    run_axe,
    save_screenshot,
    submit,
)

pytestmark = pytest.mark.browser

TITLE = "อบรมการทำปุ๋ยหมัก รุ่นทดสอบปฏิทิน"


def _be(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"


def test_thai_dates_typed_and_picked_by_keyboard_on_a_phone(
    live_server: LiveServer, new_page: Any
) -> None:
    today = datetime.now(ZoneInfo("Asia/Bangkok")).date()
    first_day = today + timedelta(days=40)
    last_day = first_day + timedelta(days=1)
    page = new_page(viewport=PHONE, as_user=HOST_EMAIL)
    page.goto("/events/new?kind=training")
    page.locator("#kind").select_option("training")
    page.locator("#title_th").fill(TITLE)

    # The hint says what to type, in the Buddhist Era.
    hint = page.locator("#start_date-format").inner_text()
    assert "วว/ดด/ปปปป" in hint and "พุทธศักราช" in hint
    start = page.locator("#start_date")
    start.press_sequentially(_be(first_day).replace("/", ""))  # a number pad has no "/"
    page.locator("#start_time").press_sequentially("0900")
    page.locator("#title_th").focus()
    assert start.input_value() == _be(first_day)  # separators added on leaving the field
    assert page.locator("#start_time").input_value() == "09:00"

    # The calendar, by keyboard only: Alt+↓ opens it on the first day typed above (an
    # event ends near its start), and an arrow walks to the next day.
    end = page.locator("#end_date")
    end.focus()
    end.press("Alt+ArrowDown")
    picker = page.locator("#end_date-picker")
    expect(picker).to_be_visible()
    assert page.evaluate("() => document.activeElement.getAttribute('data-day')") == _be(first_day)
    assert picker.locator(".date-picker-title").inner_text().endswith(str(first_day.year + 543))
    assert overflow_width(page) <= PHONE["width"]
    box = page.locator("#end_date ~ .date-picker-toggle").bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    assert run_axe(page) == []
    save_screenshot(page, "date-picker-phone")
    page.keyboard.press("ArrowRight")
    focused = page.evaluate("() => document.activeElement.getAttribute('data-day')")
    assert focused == _be(last_day)
    page.keyboard.press("Enter")
    expect(picker).to_be_hidden()
    assert end.input_value() == _be(last_day)
    assert page.evaluate("() => document.activeElement.id") == "end_date"

    # Escape closes without changing the field and gives focus back to the button.
    toggle = page.locator("#end_date ~ .date-picker-toggle")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(picker).to_be_visible()
    assert page.evaluate("() => document.activeElement.getAttribute('aria-pressed')") == "true"
    page.keyboard.press("PageDown")
    page.keyboard.press("Escape")
    expect(picker).to_be_hidden()
    assert end.input_value() == _be(last_day)
    assert page.evaluate("() => document.activeElement.className") == "date-picker-toggle"
    assert toggle.get_attribute("aria-expanded") == "false"

    page.locator("#end_time").fill("12:00")
    submit(page, page.locator("form.stacked button[type=submit]"))
    errors = page.locator(".field-error").all_inner_texts()
    assert page.locator(".flash-success").count() == 1, errors
    text = page.locator("main").inner_text()
    month = THAI_MONTHS_SHORT[first_day.month - 1]
    assert f"{first_day.day} {month} {first_day.year + 543}" in text
    assert str(first_day.year) not in text.replace(str(first_day.year + 543), "")

    # The edit form shows the stored dates back in the Buddhist Era.
    page.goto(page.url.rstrip("/") + "/edit")
    assert page.locator("#start_date").input_value() == _be(first_day)
    assert page.locator("#end_date").input_value() == _be(last_day)


def test_a_ce_year_typed_in_thai_is_refused_beside_the_field(
    live_server: LiveServer, new_page: Any
) -> None:
    page = new_page(viewport=PHONE, as_user=HOST_EMAIL)
    page.goto("/events/new?kind=training")
    page.locator("#kind").select_option("training")
    page.locator("#title_th").fill("   ")
    day = datetime.now(ZoneInfo("Asia/Bangkok")).date() + timedelta(days=40)
    page.locator("#start_date").fill(f"{day.day:02d}/{day.month:02d}/{day.year}")  # CE
    page.locator("#start_time").fill("09:00")
    page.locator("#end_date").fill(_be(day))
    page.locator("#end_time").fill("08:00")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        submit(page, page.locator("form.stacked button[type=submit]"))
    assert posted.value.status == 400
    # Every error at once: the blank title and the implausible year, each by its field.
    assert page.locator("#title_th-error").inner_text() == "กรุณากรอกข้อมูลในช่องนี้"
    error = page.locator("#start_date-error").inner_text()
    assert "2500" in error and "พุทธศักราช" in error
    assert page.locator("#start_date").input_value() == f"{day.day:02d}/{day.month:02d}/{day.year}"
    assert run_axe(page) == []


def test_check_boxes_have_large_targets(live_server: LiveServer, new_page: Any) -> None:
    page = new_page(viewport=PHONE, as_user=HOST_EMAIL)
    page.goto("/events/visits/new")
    choices = page.locator("li.choice")
    assert choices.count() > 0
    for i in range(choices.count()):
        box = choices.nth(i).bounding_box()
        assert box["height"] >= 44 and box["x"] + box["width"] <= PHONE["width"]
    # The label is the target: clicking the words ticks the box.
    first = choices.first
    first.locator("label").click()
    assert first.locator("input").is_checked()
    first.locator("input").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")  # reached by keyboard: the focus ring shows
    focused = page.evaluate(
        "() => [document.activeElement.id, getComputedStyle(document.activeElement).outlineStyle]"
    )
    assert focused[0] == first.locator("input").get_attribute("id")
    assert focused[1] != "none"
    assert overflow_width(page) <= PHONE["width"]
    assert run_axe(page) == []
