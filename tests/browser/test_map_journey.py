"""The network map in a real browser (Thai, desktop and 360 px): filters, the list beside
the map, keyboard use, a rally's route and a study visit's trip; axe-clean."""

from __future__ import annotations

import re
from typing import Any

import pytest

from scheduler_app.events.models import Event
from scheduler_app.extensions import db
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    expect,
    overflow_width,
    run_axe,
    save_screenshot,
)

pytestmark = pytest.mark.browser
LOADED = re.compile(r"^\d+$")


def _first_event(live_server: Any, kind: str) -> int:
    with live_server.app.app_context():
        event_id = (
            db.session.execute(
                db.select(Event.id)
                .where(Event.kind == kind, Event.status == "published")
                .order_by(Event.id)
            )
            .scalars()
            .first()
        )
        assert event_id is not None, kind
        return int(event_id)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_map_filters_and_list(new_page: Any, live_server: Any, viewport: dict[str, int]) -> None:
    page = new_page(viewport=viewport)
    page.goto("/map")
    expect(page.locator("h1")).to_have_text("แผนที่เครือข่าย")
    canvas = page.locator("#network-map")
    expect(canvas).to_have_attribute("data-loaded", LOADED)
    # Leaflet replaced the SVG drawing and drew the offline outline (no tiles here).
    expect(canvas.locator(".leaflet-overlay-pane path.province-outline")).to_have_count(1)
    assert canvas.locator(".map-fallback-box").count() == 0
    total = int(canvas.get_attribute("data-loaded") or 0)
    assert total > 50
    expect(canvas.locator(".map-cluster").first).to_be_visible()
    expect(page.locator("#map-list li.place").first).to_be_visible()

    # Filter: only knowledge-exchange centres, in one district.
    for name in ("network", "node", "individual", "venue", "event"):
        page.locator(f"input[name=layer][value={name}]").uncheck()
    expect(canvas).to_have_attribute("data-loaded", "2")
    items = page.locator("#map-list li.place")
    expect(items).to_have_count(2)
    assert all(
        "layer-centre" in (c or "") for c in items.evaluate_all("els => els.map(e => e.className)")
    )
    assert "layer=centre" in page.url
    expect(page.locator("[data-layer-count=centre]")).to_have_text("2")
    if viewport is PHONE:
        assert overflow_width(page) <= PHONE["width"]
    assert run_axe(page) == []
    save_screenshot(page, f"map-{'phone' if viewport is PHONE else 'desktop'}")

    # A marker opens its popup from the keyboard, and the popup links to the page.
    marker = canvas.locator(".map-marker.layer-centre").first
    marker.focus()
    page.keyboard.press("Enter")
    popup_link = canvas.locator(".leaflet-popup .map-popup a")
    expect(popup_link).to_be_visible()
    expect(canvas.locator(".leaflet-popup")).to_have_css("opacity", "1")  # faded in
    assert (popup_link.get_attribute("href") or "").startswith("/venues/")
    violations = run_axe(page)
    assert violations == [], violations[0]["nodes"]


def test_map_district_filter_keeps_the_list_in_step(new_page: Any) -> None:
    page = new_page()
    page.goto("/map")
    expect(page.locator("#network-map")).to_have_attribute("data-loaded", LOADED)
    page.locator("#map-district").select_option("4203")  # Chiang Khan
    expect(page.locator("#network-map")).to_have_attribute("data-loaded", LOADED)
    page.wait_for_function("() => location.search.includes('district=4203')")
    districts = page.locator("#map-list li.place .muted").all_inner_texts()
    assert districts and all("เชียงคาน" in text for text in districts)


def test_rally_page_draws_the_route(new_page: Any, live_server: Any) -> None:
    page = new_page(viewport=PHONE)
    page.goto(f"/events/{_first_event(live_server, 'rally')}")
    route = page.locator("#route-map")
    expect(route.locator("path.map-route")).to_have_count(1)
    stops = route.locator(".map-marker.role-stop")
    assert stops.count() >= 2
    expect(stops.first).to_have_text("1")
    stops.nth(1).focus()
    page.keyboard.press("Enter")
    expect(route.locator(".leaflet-popup")).to_contain_text(re.compile(r"\d+\.\d กม\."))
    expect(route.locator(".leaflet-popup")).to_have_css("opacity", "1")
    assert overflow_width(page) <= PHONE["width"]
    assert run_axe(page) == []
    save_screenshot(page, "map-rally-route-phone")


def test_study_visit_page_draws_the_trip(new_page: Any, live_server: Any) -> None:
    page = new_page()
    page.goto(f"/events/{_first_event(live_server, 'study_visit')}")
    trip = page.locator("#event-map")
    expect(trip.locator("path.map-route")).to_have_count(1)
    expect(trip.locator(".map-marker.role-from")).to_have_count(1)
    expect(trip.locator(".map-marker.role-to")).to_have_count(1)
    expect(page.locator(".place-map figcaption .leg")).to_contain_text(
        re.compile(r"→ .+: \d+\.\d กม\.")
    )
    assert run_axe(page) == []
