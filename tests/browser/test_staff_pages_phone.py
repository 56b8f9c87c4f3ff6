"""Staff pages on a 360 px phone: wide tables scroll inside their box, the page never
scrolls sideways (a visually hidden label inside a table once widened the whole page)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import COORDINATOR_EMAIL, PHONE, overflow_width

ADMIN_EMAIL = "admin@demo.ruamjai.local"

PAGES = {
    ADMIN_EMAIL: ["/admin/outbox", "/admin/people", "/admin/audit"],
    COORDINATOR_EMAIL: [
        "/network/health",
        "/network/participation",
        "/coordination/quiet-members",
        "/coordination/quiet-members/organisations",
    ],
}


@pytest.mark.parametrize("email", sorted(PAGES))
def test_staff_pages_do_not_scroll_sideways_on_a_phone(new_page: Any, email: str) -> None:
    page = new_page(viewport=PHONE, as_user=email)
    for path in PAGES[email]:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert overflow_width(page) <= PHONE["width"], path
    page.goto("/admin/outbox" if email == ADMIN_EMAIL else "/network/participation")
    assert page.locator("table").count() >= 1  # a wide table was on the page
