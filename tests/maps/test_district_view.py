"""A map with more places than it can draw quickly opens on one circle per district with
its counts; a district's view, and the GeoJSON download, still hold every place."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.maps.conftest import layers, seed_places


@pytest.fixture
def crowded(app: Any) -> dict[str, Any]:
    app.config["MAP_AGGREGATE_ABOVE"] = 3  # the seeded places are "too many"
    return seed_places()


def test_default_view_is_one_feature_per_district_with_true_counts(client, crowded):
    summary = layers(client, "?lang=th")
    every = layers(client, "?lang=th&detail=places")
    assert summary["aggregated"] is True and every["aggregated"] is False
    assert {f["properties"]["role"] for f in summary["features"]} == {"district"}
    # The counts by layer are the same as the real places'.
    assert summary["counts"] == every["counts"]
    per_district = Counter(f["properties"]["district"] for f in every["features"])
    for feature in summary["features"]:
        p = feature["properties"]
        assert p["total"] == per_district[p["name"]] == sum(p["counts"].values())
        assert p["detail"] == f"จำนวน {p['total']} แห่ง"
        # Each circle links to the district's own view, which draws its places.
        query = parse_qs(urlsplit(p["url"]).query)
        assert query["district"] == [p["code"]]
        district = layers(client, f"?lang=th&district={p['code']}")
        assert district["aggregated"] is False
        assert len(district["features"]) == p["total"]
        lon, lat = feature["geometry"]["coordinates"]
        assert 100 < lon < 103 and 16 < lat < 19  # at the district's reference point


def test_small_maps_still_draw_every_place(client, app):
    seed_places()  # the default threshold is far above a handful of places
    collection = layers(client)
    assert collection["aggregated"] is False
    assert "district" not in {f["properties"]["layer"] for f in collection["features"]}


class ListReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.district_links: list[str] = []
        self.note = False
        self._in_district = False
        self.download = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "li" and "layer-district" in (a.get("class") or ""):
            self._in_district = True
        elif tag == "a" and self._in_district:
            self.district_links.append(a["href"])
            self._in_district = False
        elif tag == "a" and a.get("type") == "application/geo+json":
            self.download = a["href"]
        elif tag == "p" and a.get("id") == "map-aggregated":
            self.note = True


def test_map_page_lists_districts_and_offers_every_place_as_download(client, crowded):
    response = client.get("/map")
    assert response.status_code == 200
    reader = ListReader()
    reader.feed(response.get_data(as_text=True))
    assert reader.note
    assert reader.district_links and all("district=" in h for h in reader.district_links)
    assert "detail=places" in reader.download
    download = client.get(reader.download)
    assert len(download.get_json()["features"]) > 3
    page = client.get(reader.district_links[0])
    assert page.status_code == 200 and 'id="map-aggregated"' not in page.get_data(as_text=True)
