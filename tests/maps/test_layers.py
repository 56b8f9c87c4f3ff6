"""``/map/layers.geojson``: what it holds, in which order, filtered, private data kept out,
cached per data version, constant queries."""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest
import sqlalchemy as sa

from scheduler_app.directory.models import Member
from scheduler_app.extensions import db
from scheduler_app.i18n import DEFAULT_ZONE
from scheduler_app.maps.topics import TopicSource, register_topic_source
from tests import factories
from tests.maps.conftest import by_id, count_queries, layers, seed_places


def test_features_are_rfc7946_points_with_lon_lat(client: Any) -> None:
    world = seed_places()
    collection = layers(client)
    assert collection["type"] == "FeatureCollection"
    features = by_id(collection)
    member = world["members"][0]
    feature = features[f"member-{member.id}"]
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [101.73, 17.49]}
    props = feature["properties"]
    assert props["layer"] == "node" and props["detail"] == "เทศบาล"
    assert props["name"] == member.name_th
    assert props["url"] == f"/members/{member.id}"
    assert props["district"] == "เมืองเลย"
    centre = features[f"venue-{world['centre'].id}"]
    assert centre["properties"]["layer"] == "centre"
    assert centre["geometry"]["coordinates"] == [101.66, 17.86]
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert 97 < lon < 106 and 5 < lat < 21  # longitude first, everywhere
        assert client.get(feature["properties"]["url"]).status_code == 200


def test_only_public_things_are_on_the_map(client: Any) -> None:
    world = seed_places()
    response = client.get("/map/layers.geojson")
    body = response.get_data(as_text=True)
    for secret in ("secret0@example.org", "081-234-5678", "@private-line", "contact", "email"):
        assert secret not in body
    ids = set(by_id(json.loads(body)))
    assert f"event-{world['upcoming'].id}" in ids
    assert f"event-{world['at_host'].id}" in ids
    for name in ("draft", "cancelled", "past", "far"):
        assert f"event-{world[name].id}" not in ids, name
    for member in world["hidden"]:
        assert f"member-{member.id}" not in ids
    allowed = {"layer", "name", "url", "detail", "district", "kind", "capacity",
               "start"}  # fmt: skip
    for feature in json.loads(body)["features"]:
        assert set(feature["properties"]) <= allowed


def test_an_event_sits_at_its_venue_or_else_at_its_host(client: Any) -> None:
    world = seed_places()
    features = by_id(layers(client))
    upcoming = features[f"event-{world['upcoming'].id}"]
    assert upcoming["geometry"]["coordinates"] == [101.66, 17.86]
    assert upcoming["properties"]["name"] == "งานที่ศูนย์"
    local_day = world["upcoming"].start_at.astimezone(DEFAULT_ZONE).date()
    assert upcoming["properties"]["start"] == local_day.isoformat()
    assert str(local_day.year + 543) in upcoming["properties"]["detail"]  # Buddhist Era
    at_host = features[f"event-{world['at_host'].id}"]
    assert at_host["geometry"]["coordinates"] == [101.73, 17.49]


@pytest.mark.parametrize(
    ("query", "layers_expected"),
    [
        ("?layer=centre", {"centre"}),
        ("?layer=network&layer=individual", {"network", "individual"}),
        ("?layer=event", {"event"}),
        ("?layer=alien", {"network", "node", "individual", "centre", "venue", "event"}),
    ],
)
def test_layer_filter(client: Any, query: str, layers_expected: set[str]) -> None:
    seed_places()
    collection = layers(client, query)
    assert {f["properties"]["layer"] for f in collection["features"]} == layers_expected
    assert sum(collection["counts"].values()) == len(collection["features"])


def test_district_filter_applies_to_every_layer(client: Any) -> None:
    world = seed_places()
    ids = set(by_id(layers(client, "?district=4203")))
    assert ids == {
        f"member-{world['person'].id}",
        f"venue-{world['centre'].id}",
        f"event-{world['upcoming'].id}",
    }
    # An unknown district is ignored, as in the directory.
    assert len(layers(client, "?district=9999")["features"]) > 3


def test_topic_filter_plugs_in(app: Any, client: Any) -> None:
    world = seed_places()
    assert 'name="topic"' not in client.get("/map").get_data(as_text=True)
    everything = len(layers(client, "?topic=waste")["features"])  # ignored without topics
    assert everything == len(layers(client)["features"])
    chosen = world["members"][0].id
    register_topic_source(
        app,
        TopicSource(
            choices=lambda locale: [("waste", "ธนาคารขยะ" if locale == "th" else "Waste bank")],
            member_ids=lambda code: sa.select(Member.id).where(Member.id == chosen),
        ),
    )
    page = client.get("/map?topic=waste").get_data(as_text=True)
    assert '<option value="waste" selected>ธนาคารขยะ</option>' in page
    ids = set(by_id(layers(client, "?topic=waste")))
    # The member with the topic, and the activity it hosts.
    assert ids == {f"member-{chosen}", f"event-{world['at_host'].id}"}
    assert len(layers(client, "?topic=unknown")["features"]) == everything


def test_english_names_and_labels(client: Any) -> None:
    world = seed_places()
    features = by_id(layers(client, "?lang=en"))
    network = features[f"member-{world['network'].id}"]["properties"]
    assert network["name"] == "Loei Network" and network["district"] == "Mueang Loei"
    assert features[f"venue-{world['centre'].id}"]["properties"]["detail"] == (
        "Knowledge-exchange centre"
    )
    thai = by_id(layers(client, "?lang=th"))[f"member-{world['network'].id}"]["properties"]
    assert thai["name"] == "เครือข่ายเลย"


def test_cached_per_data_version_with_etag_304_and_gzip(client: Any) -> None:
    # The first render can outlast the default 1 s on a loaded machine.
    client.application.config["FEEDS_VERSION_TTL"] = 3600
    world = seed_places()
    first = client.get("/map/layers.geojson?lang=th")
    with count_queries() as statements:
        second = client.get("/map/layers.geojson?lang=th")
    assert second.get_data() == first.get_data()
    assert statements == []  # the version was read moments ago (FEEDS_VERSION_TTL)
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "no-cache"
    not_modified = client.get("/map/layers.geojson?lang=th", headers={"If-None-Match": etag})
    assert not_modified.status_code == 304 and not not_modified.get_data()
    zipped = client.get("/map/layers.geojson?lang=th", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.get_data()) == first.get_data()
    assert "Accept-Encoding" in zipped.headers["Vary"]

    member = db.session.get(Member, world["members"][0].id)
    member.name_th = "ชื่อใหม่"
    db.session.commit()
    changed = client.get("/map/layers.geojson?lang=th")
    assert changed.headers["ETag"] != etag
    assert by_id(json.loads(changed.get_data()))[f"member-{member.id}"]["properties"]["name"] == (
        "ชื่อใหม่"
    )
    stale = client.get("/map/layers.geojson?lang=th", headers={"If-None-Match": etag})
    assert stale.status_code == 200


def _queries_for(client: Any, url: str) -> int:
    db.session.expire_all()
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_constant_queries_as_the_network_grows(make_app: Any) -> None:
    app = make_app()
    with app.app_context():
        seed_places(n_members=5)
        small = (_queries_for(app.test_client(), "/map/layers.geojson"),
                 _queries_for(app.test_client(), "/map?layer=node"))  # fmt: skip
        for i in range(200):
            factories.make_member(latitude=17.0 + i / 1000, longitude=101.5)
            factories.make_venue(latitude=17.0 + i / 1000, longitude=101.6)
        app.extensions["maps_cache"] = None
        large = (_queries_for(app.test_client(), "/map/layers.geojson"),
                 _queries_for(app.test_client(), "/map?layer=node"))  # fmt: skip
        db.session.remove()
    assert small == large


def test_outline_is_closed_polygons_in_lon_lat(client: Any) -> None:
    response = client.get("/map/outline.geojson")
    assert response.mimetype == "application/geo+json"
    collection = json.loads(response.get_data())
    roles = [f["properties"]["role"] for f in collection["features"]]
    assert roles.count("outline") == 1 and roles.count("area") == 90
    assert "not an official boundary" in collection["note"].lower()
    for feature in collection["features"]:
        assert feature["geometry"]["type"] == "Polygon"
        ring = feature["geometry"]["coordinates"][0]
        assert ring[0] == ring[-1] and len(ring) >= 4
        assert all(100.5 < lon < 102.5 and 16.5 < lat < 18.5 for lon, lat in ring)
    again = client.get("/map/outline.geojson", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_the_directory_topics_filter_the_map(app: Any, client: Any) -> None:
    """The map's topic filter is the directory's shared topic list, out of the box, and a
    member given a topic moves the layers' version."""
    from scheduler_app.directory.profile_models import MemberTopic, Topic

    world = seed_places()
    topic = Topic(code="homestay", name_th="โฮมสเตย์", name_en="Homestays")
    db.session.add(topic)
    db.session.commit()
    everything = len(layers(client)["features"])
    chosen = world["members"][0].id
    db.session.add(MemberTopic(member_id=chosen, topic_id=topic.id, role="expertise"))
    db.session.commit()
    page = client.get("/map?topic=homestay").get_data(as_text=True)
    assert '<option value="homestay" selected>โฮมสเตย์</option>' in page
    ids = set(by_id(layers(client, "?topic=homestay")))
    assert f"member-{chosen}" in ids and len(ids) < everything
    assert all(not i.startswith("member-") or i == f"member-{chosen}" for i in ids)
