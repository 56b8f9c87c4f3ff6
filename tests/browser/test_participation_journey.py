"""Journey: a coordinator reads participation by period and the organisations gone quiet
by district; an event page carries its share links; and a crowded map opens on district
circles. Thai, desktop and 360 px; axe-core clean."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import (
    COORDINATOR_EMAIL,
    PHONE,
    LiveServer,
    expect,
    overflow_width,
    run_axe,
    save_screenshot,
    submit,
)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_coordinator_reads_participation_by_period_and_quiet_organisations(
    live_server: LiveServer, new_page: Any, viewport: Any
) -> None:
    page = new_page(viewport=viewport, as_user=COORDINATOR_EMAIL)
    page.goto("/network/health")
    submit(page, page.get_by_role("link", name="การมีส่วนร่วมตามช่วงเวลา").first)
    assert page.url.endswith("/network/participation")
    rows = page.locator("tr.participation-row")
    assert rows.count() > 0
    # The demo's history: someone hosted or attended something in the last 12 months.
    hosted = [int(t) for t in rows.locator("td:nth-child(2)").all_inner_texts()]
    attended = [int(t) for t in rows.locator("td:nth-child(3)").all_inner_texts()]
    assert sum(hosted) + sum(attended) > 0
    # Last year (BE) chosen from the list: the table follows, the choice stays selected.
    period = page.locator("#period")
    last_year = period.locator("option").nth(2)
    value = last_year.get_attribute("value")
    assert value is not None and value.isdigit() and int(value) > 2500  # a BE year
    period.select_option(value)
    submit(page, page.get_by_role("button", name="แสดง"))
    assert f"period={value}" in page.url
    expect(page.locator("#period")).to_have_value(value)
    assert run_axe(page) == []
    if viewport is PHONE:
        assert overflow_width(page) <= PHONE["width"]
    else:
        page.goto("/network/participation")
        save_screenshot(page, "network-participation")

    page.goto("/coordination/quiet-members/organisations")
    assert page.locator("h1").inner_text() == "หน่วยงานที่ห่างหายไป"
    assert run_axe(page) == []
    if viewport is PHONE:
        assert overflow_width(page) <= PHONE["width"]


def test_event_page_offers_share_links_on_a_phone(live_server: LiveServer, new_page: Any) -> None:
    page = new_page(viewport=PHONE)
    page.goto("/events/")
    hrefs = page.locator("main a[href]").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    event_pages = [h for h in hrefs if re.fullmatch(r"/events/\d+", h or "")]
    assert event_pages, hrefs[:20]
    page.goto(event_pages[0])
    line = page.locator("a.share-line")
    facebook = page.locator("a.share-facebook")
    expect(line).to_have_text("แชร์ไปที่ LINE")
    assert (line.get_attribute("href") or "").startswith(
        "https://social-plugins.line.me/lineit/share?url="
    )
    assert (facebook.get_attribute("href") or "").startswith(
        "https://www.facebook.com/sharer/sharer.php?u="
    )
    box = line.bounding_box()
    assert box is not None and box["height"] >= 44  # big enough to tap
    image = page.locator("meta[property='og:image']").get_attribute("content") or ""
    assert image.endswith(".png")
    assert overflow_width(page) <= PHONE["width"]
    assert run_axe(page) == []


@pytest.fixture
def crowded_map(live_server: LiveServer) -> Any:
    """The live app treats the demo as "too many places to draw" for one test."""
    app = live_server.app
    before = app.config.get("MAP_AGGREGATE_ABOVE")
    app.config["MAP_AGGREGATE_ABOVE"] = 10
    app.extensions.pop("maps_cache", None)
    yield app
    app.config["MAP_AGGREGATE_ABOVE"] = before
    app.extensions.pop("maps_cache", None)


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_crowded_map_opens_on_district_circles_that_lead_to_a_district(
    new_page: Any, crowded_map: Any, viewport: Any
) -> None:
    page = new_page(viewport=viewport)
    page.goto("/map")
    canvas = page.locator("#network-map")
    expect(canvas).to_have_attribute("data-loaded", re.compile(r"^[1-9]\d*$"))
    circles = canvas.locator(".map-district")
    count = circles.count()
    assert count == int(canvas.get_attribute("data-loaded") or 0) > 1
    assert page.locator("#map-aggregated").is_visible()
    totals = [int(t) for t in circles.all_inner_texts()]
    assert sum(totals) > 10  # every place is counted in some district
    assert run_axe(page) == []
    if viewport is PHONE:
        assert overflow_width(page) <= PHONE["width"]
    # A circle's popup links to that district's own map, which draws its places.
    circles.first.focus()
    page.keyboard.press("Enter")
    link = page.locator(".leaflet-popup .map-popup a")
    expect(link).to_be_visible()
    submit(page, link)
    assert "district=" in page.url
    expect(canvas).to_have_attribute("data-loaded", re.compile(r"^[1-9]\d*$"))
    assert canvas.locator(".map-district").count() == 0
    assert page.locator("#map-aggregated").count() == 0
