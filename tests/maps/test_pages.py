"""The map page and the small maps on member, venue and event pages, read as HTML."""

from __future__ import annotations

import json
from datetime import timedelta
from html.parser import HTMLParser
from typing import Any

import pytest

from scheduler_app.core.tiles import tile_origin
from scheduler_app.directory.models import Member
from scheduler_app.events.rally.models import RallyStop
from scheduler_app.extensions import db, utcnow
from tests import factories
from tests.events.conftest import build_event
from tests.maps.conftest import seed_places


class Elements(HTMLParser):
    """Every start tag with its attributes, in document order."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def find(self, **wanted: str) -> list[dict[str, str]]:
        return [a for _t, a in self.tags if all(a.get(k) == v for k, v in wanted.items())]

    def with_attr(self, name: str) -> list[dict[str, str]]:
        return [a for _t, a in self.tags if name in a]


def test_map_page_lists_places_beside_the_map(client: Any) -> None:
    world = seed_places()
    html = client.get("/map", headers={"Accept-Language": "th"}).get_data(as_text=True)
    page = Elements(html)
    box = page.find(id="network-map")[0]
    assert box["data-layers-url"] == "/map/layers.geojson?lang=th"
    assert box["data-outline-url"] == "/map/outline.geojson"
    assert box["data-tile-url"] == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert {a["value"] for a in page.find(name="layer")} == {
        "network", "node", "individual", "centre", "venue", "event"}  # fmt: skip
    links = {a["href"] for a in page.with_attr("href")}
    assert f"/members/{world['network'].id}" in links
    assert f"/venues/{world['centre'].id}" in links
    assert f"/events/{world['upcoming'].id}" in links
    assert f"/events/{world['draft'].id}" not in links
    assert "แผนที่เครือข่าย" in html and "secret0@example.org" not in html
    # The no-script drawing: the outline and one point per listed place.
    assert html.count('class="point"') == 3 + 1 + 1 + 2 + 2


def test_map_page_filters_and_pages(client: Any) -> None:
    world = seed_places()
    html = client.get("/map?layer=centre&district=4203").get_data(as_text=True)
    page = Elements(html)
    assert page.find(name="layer", value="centre")[0].get("checked") is not None
    assert page.find(name="layer", value="node")[0].get("checked") is None
    assert page.find(value="4203")[0].get("selected") is not None
    box = page.find(id="network-map")[0]
    assert box["data-layers-url"].endswith("layer=centre&district=4203")
    links = [
        a["href"]
        for a in page.with_attr("href")
        if a["href"].startswith("/venues/") and a["href"] != "/venues/"
    ]
    assert links == [f"/venues/{world['centre'].id}"]


def test_map_list_is_paged_without_script(client: Any) -> None:
    for i in range(60):
        factories.make_member(latitude=17.0 + i / 100, longitude=101.5, name_th=f"ชุมชน {i:02d}")
    first = client.get("/map?layer=node").get_data(as_text=True)
    assert first.count('class="place layer-node"') == 50
    assert 'rel="next" ' not in first and "page=2" in first
    second = client.get("/map?layer=node&page=2").get_data(as_text=True)
    assert second.count('class="place layer-node"') == 10
    assert client.get("/map?layer=node&page=999").status_code == 200
    assert client.get("/map?page=-1").status_code == 200


def test_menu_links_to_the_map(client: Any) -> None:
    page = Elements(client.get("/").get_data(as_text=True))
    assert page.find(href="/map")


def test_tiles_join_the_csp_only_when_configured(make_app: Any) -> None:
    with_tiles = make_app(MAP_TILE_URL="https://{s}.tiles.example.org/{z}/{x}/{y}.png")
    policy = with_tiles.test_client().get("/map").headers["Content-Security-Policy"]
    assert "img-src 'self' data: https://*.tiles.example.org;" in policy
    offline = make_app(MAP_TILE_URL="")
    response = offline.test_client().get("/map")
    assert "img-src 'self' data:;" in response.headers["Content-Security-Policy"]
    assert Elements(response.get_data(as_text=True)).find(id="network-map")[0][
        "data-tile-url"] == ""  # fmt: skip


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
        ("", None),
        ("/tiles/{z}/{x}/{y}.png", None),
        ("javascript:alert(1)", None),
    ],
)
def test_tile_origin(url: str, origin: str | None) -> None:
    assert tile_origin(url) == origin


def _place_map(html: str, map_id: str) -> dict[str, Any]:
    box = Elements(html).find(id=map_id)
    assert box, map_id
    return json.loads(box[0]["data-place-map"])


def test_member_page_shows_its_place_and_keeps_the_pin_map(client: Any) -> None:
    member = factories.make_member(latitude=17.49, longitude=101.73)
    html = client.get(f"/members/{member.id}").get_data(as_text=True)
    data = _place_map(html, "member-map")
    assert [f["geometry"]["coordinates"] for f in data["features"]] == [[101.73, 17.49]]
    assert 'class="pin-map"' in html  # the no-script fallback


def test_member_page_draws_the_service_area_through_the_hook(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    member = factories.make_member(latitude=17.49, longitude=101.73)
    monkeypatch.setattr(
        Member, "service_area_codes", property(lambda self: ["420101", "420102"]), raising=False
    )
    html = client.get(f"/members/{member.id}").get_data(as_text=True)
    data = _place_map(html, "member-map")
    areas = [f for f in data["features"] if f["geometry"]["type"] == "Polygon"]
    assert sorted(f["id"] for f in areas) == ["area-420101", "area-420102"]
    assert html.count('class="area"') == 2  # drawn in the SVG fallback as well
    assert "ตำบลที่ให้บริการ" in html


def test_venue_page_shows_its_place(client: Any) -> None:
    venue = factories.make_venue(latitude=17.86, longitude=101.66)
    data = _place_map(client.get(f"/venues/{venue.id}").get_data(as_text=True), "venue-map")
    assert data["features"][0]["geometry"]["coordinates"] == [101.66, 17.86]
    bare = factories.make_venue(latitude=None, longitude=None)
    assert "data-place-map" not in client.get(f"/venues/{bare.id}").get_data(as_text=True)


def test_rally_page_draws_the_route_through_its_stops_in_order(client: Any) -> None:
    event = build_event(kind="rally")
    start = utcnow() + timedelta(days=30)
    points = [(17.49, 101.73), (17.60, 101.80), (None, None), (17.86, 101.66)]
    for position, (lat, lon) in enumerate(points, start=1):
        arrive = start + timedelta(hours=position)
        stop = RallyStop(event_id=event.id, position=position, name=f"จุด {position}",
                         latitude=lat, longitude=lon, arrive_at=arrive,
                         depart_at=arrive + timedelta(minutes=30))  # fmt: skip
        db.session.add(stop)
    # A stop without coordinates of its own sits at its venue.
    venue = factories.make_venue(latitude=17.9, longitude=101.6)
    db.session.add(RallyStop(event_id=event.id, position=5, name="จุด 5", venue_id=venue.id,
                             arrive_at=start + timedelta(hours=6),
                             depart_at=start + timedelta(hours=7)))  # fmt: skip
    db.session.commit()
    html = client.get(f"/events/{event.id}").get_data(as_text=True)
    data = _place_map(html, "route-map")
    route = next(f for f in data["features"] if f["geometry"]["type"] == "LineString")
    assert route["geometry"]["coordinates"] == [
        [101.73, 17.49], [101.8, 17.6], [101.66, 17.86], [101.6, 17.9]]  # fmt: skip
    stops = [f["properties"] for f in data["features"] if f["properties"].get("role") == "stop"]
    assert [s["position"] for s in stops] == [1, 2, 4, 5]
    assert stops[0]["leg_km"] is None and 13 < stops[1]["leg_km"] < 15
    assert route["properties"]["km"] == pytest.approx(sum(s["leg_km"] for s in stops[1:]), abs=0.2)
    assert html.count('class="leg"') == 3


def test_study_visit_page_draws_the_trip(client: Any) -> None:
    visitor = factories.make_member(latitude=17.86, longitude=101.66, name_th="ผู้มาเยือน")
    host = factories.make_member(latitude=17.28, longitude=101.15, name_th="เจ้าภาพ")
    event = build_event(kind="study_visit", host_member=host, visiting_member=visitor)
    html = client.get(f"/events/{event.id}").get_data(as_text=True)
    data = _place_map(html, "event-map")
    line = data["features"][0]
    assert line["geometry"]["coordinates"] == [[101.66, 17.86], [101.15, 17.28]]
    assert 80 < line["properties"]["km"] < 90
    assert "ผู้มาเยือน → เจ้าภาพ" in html


def test_other_events_show_their_place(client: Any) -> None:
    venue = factories.make_venue(latitude=17.5, longitude=101.7)
    event = build_event(kind="training", venue=venue)
    data = _place_map(client.get(f"/events/{event.id}").get_data(as_text=True), "event-map")
    assert data["features"][0]["geometry"]["coordinates"] == [101.7, 17.5]
