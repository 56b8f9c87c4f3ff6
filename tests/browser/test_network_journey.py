"""Journey: a coordinator finds the isolated member on the network health page, sends an
introduction, both sides accept from the mail links, and a study-visit request comes
pre-filled; a member filters the directory by topic. Thai, desktop and 360 px."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from scheduler_app.events.study_visits.models import StudyVisitRequest
from scheduler_app.extensions import db, utcnow
from scheduler_app.network.models import Introduction
from tests.browser.conftest import (
    COORDINATOR_EMAIL,
    MEMBER_EMAIL,
    PHONE,
    LiveServer,
    run_axe,
    submit,
)

pytestmark = pytest.mark.browser


def _introduction_links(live_server: LiveServer, since: int) -> list[str]:
    live_server.send_due_mail()
    links = []
    for received in live_server.smtp.handler.received[since:]:
        text = received.message.get_body(("plain",)).get_content()
        found = re.search(r"(https?://\S+/network/introductions/[^\s?]+)\?answer=yes", text)
        if found:
            links.append(found.group(1))
    return links


def _no_overflow(page: Any) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, f"page is {width}px wide"


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_coordinator_introduces_the_isolated_member(
    live_server: LiveServer, new_page: Any, viewport: Any
) -> None:
    page = new_page(viewport=viewport, as_user=COORDINATOR_EMAIL)
    page.goto("/network/health?role=isolated")
    row = page.locator("tr.role-row-isolated").first
    isolated_name = row.locator("th").inner_text()
    assert "โดดเดี่ยว" in row.inner_text()
    assert run_axe(page) == []
    if viewport:
        _no_overflow(page)
    else:
        page.screenshot(path="tests/screenshots/network-health.png", full_page=False)
    submit(page, row.get_by_role("link", name="ข้อเสนอการแนะนำให้รู้จัก"))
    suggestion = page.locator("li.suggestion").first
    assert isolated_name in suggestion.locator(".pair").inner_text()
    assert suggestion.locator(".reasons li").count() >= 1
    assert run_axe(page) == []
    before = len(live_server.smtp.handler.received)
    submit(page, suggestion.get_by_role("button", name="ส่งคำแนะนำ"))
    assert page.locator(".flash-success").count() == 1

    links = _introduction_links(live_server, before)
    assert len(links) >= 2, [r.message["Subject"] for r in live_server.smtp.handler.received]
    answer_page = new_page(viewport=viewport)  # the mail's reader: not signed in
    for link in links:
        answer_page.goto(link + "?answer=yes")
        assert "ท่านต้องการพบกับ" in answer_page.locator("h1").inner_text()
        submit(answer_page, answer_page.get_by_role("button", name="ยินดีพบกัน"))
    assert "ทั้งสองฝ่ายต้องการพบกัน" in answer_page.locator("main").inner_text()

    with live_server.app.app_context():
        intro = db.session.execute(
            db.select(Introduction).order_by(Introduction.id.desc()).limit(1)
        ).scalar_one()
        assert intro.is_accepted
        intro_id = intro.id
    page.goto(f"/network/introductions/{intro_id}/visit")
    assert "ต่อยอดจากการแนะนำของเครือข่าย" in page.locator("#purpose").input_value()
    assert page.locator("#visiting_member_id").input_value()
    submit(page, page.get_by_role("button", name="ส่งคำขอ"))
    assert page.locator(".flash-success").count() == 1
    with live_server.app.app_context():
        intro = db.session.get(Introduction, intro_id)
        assert intro is not None and intro.visit_request_id is not None
        assert db.session.get(StudyVisitRequest, intro.visit_request_id) is not None
        # The other viewport's run introduces the same pair again: age this one past the
        # "not twice in a row" window instead.
        intro.created_at = utcnow() - timedelta(days=365)
        db.session.commit()


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_member_sees_the_network_and_filters_the_directory_by_topic(
    live_server: LiveServer, new_page: Any, viewport: Any
) -> None:
    page = new_page(viewport=viewport, as_user=MEMBER_EMAIL)
    page.goto("/network")
    assert page.locator("svg.network-svg circle.node").count() > 10
    assert page.locator("details.picture-list li").count() > 10
    assert run_axe(page) == []
    if viewport:
        _no_overflow(page)
        page.locator("figure.network-picture").screenshot(
            path="tests/screenshots/network-phone.png"
        )
    else:
        page.locator("figure.network-picture").screenshot(path="tests/screenshots/network.png")
    page.goto("/members/")
    page.locator("#topic").select_option(label="ชุมชนต้นแบบ / โฮมสเตย์")
    submit(page, page.get_by_role("button", name="ค้นหา"))
    names = page.locator("ul.member-list li strong").all_inner_texts()
    assert names and all(name for name in names)
    assert "topic=" in page.url
    first = page.locator("ul.member-list li a").first
    submit(page, first)
    assert "ชุมชนต้นแบบ / โฮมสเตย์" in page.locator("main").inner_text()
