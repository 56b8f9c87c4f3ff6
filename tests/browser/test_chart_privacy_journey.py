"""A host adds village staff without e-mail to the organisation chart; the public chart
shows them only once the host ticks that they agreed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import HOST_EMAIL, PHONE, LiveServer, run_axe, save_screenshot, submit

pytestmark = pytest.mark.browser


def _add(page: Any, member_id: int, given: str, *, public: bool) -> None:
    page.goto(f"/members/{member_id}/people")
    page.locator("#given_name").fill(given)
    page.locator("#family_name").fill("บุญมา")
    page.locator("#position").fill("ผู้ใหญ่บ้าน")
    assert page.locator("#email").input_value() == ""
    if public:
        page.locator("#shown_publicly").check()
    submit(page, page.locator("form.stacked button[type=submit]"))
    assert page.url.endswith(f"/members/{member_id}/people"), page.url


def test_contacts_without_email_and_their_public_consent(
    live_server: LiveServer, new_page: Any
) -> None:
    member_id = live_server.person(HOST_EMAIL).member_id
    assert member_id is not None
    host = new_page(as_user=HOST_EMAIL)
    _add(host, member_id, "คำปัน", public=False)
    _add(host, member_id, "คำแสง", public=True)
    rows = host.locator("ul.chart-admin li")
    hidden = rows.filter(has_text="คำปัน")
    shown = rows.filter(has_text="คำแสง")
    assert "ไม่มีอีเมล" in hidden.inner_text() and "ไม่แสดงต่อสาธารณะ" in hidden.inner_text()
    assert "แสดงในผังองค์กรสาธารณะ" in shown.inner_text()
    assert "ผู้ติดต่อที่ไม่มีบัญชีเข้าสู่ระบบ" in shown.inner_text()
    host.reload()  # (the flash list after a redirect is checked elsewhere)
    assert run_axe(host) == []

    visitor = new_page(viewport=PHONE)
    visitor.goto(f"/members/{member_id}")
    chart = visitor.locator("ul.org-chart").inner_text()
    assert "คำแสง บุญมา" in chart
    assert "คำปัน" not in visitor.content()
    visitor.locator("ul.org-chart").scroll_into_view_if_needed()
    save_screenshot(visitor, "chart-public-consent-phone")
