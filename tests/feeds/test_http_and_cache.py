"""HTTP behaviour (ETag, 304, HEAD, caching headers) and cache invalidation."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
import sqlalchemy as sa

from scheduler_app.events import operations as event_services
from scheduler_app.extensions import db, utcnow
from scheduler_app.feeds import cache
from scheduler_app.venues.models import Venue
from tests.feeds.conftest import add_programme, add_session, add_stop, fetch, register


@contextmanager
def count_queries():
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)


def test_headers(make_event, client):
    make_event()
    response = client.get("/feeds/all.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    etag = response.headers["ETag"]
    assert etag.startswith('"') and etag.endswith('"') and not etag.startswith("W/")
    assert response.last_modified is not None
    cache_control = response.headers["Cache-Control"]
    assert "public" in cache_control and "max-age=" in cache_control
    assert "Content-Disposition" not in response.headers


def test_two_renders_are_byte_identical(make_event, make_venue, client, app):
    venue = make_venue(address="ถนน, ซอย; บ้าน", latitude=17.5, longitude=101.7)
    rally = make_event(kind="rally", venue_id=venue.id)
    add_stop(rally, 1, "ต้นทาง")
    first = client.get("/feeds/all.ics")
    cache.cache_for(app).clear()  # a cold render, as on another worker
    second = client.get("/feeds/all.ics")
    assert first.get_data() == second.get_data()
    assert first.headers["ETag"] == second.headers["ETag"]
    assert first.headers["Last-Modified"] == second.headers["Last-Modified"]


def test_304_on_matching_etag(make_event, client):
    make_event()
    etag = client.get("/feeds/all.ics").headers["ETag"]
    response = client.get("/feeds/all.ics", headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.get_data() == b""
    assert response.headers["ETag"] == etag
    stale = client.get("/feeds/all.ics", headers={"If-None-Match": '"something-else"'})
    assert stale.status_code == 200


def test_head(make_event, client):
    make_event()
    get = client.get("/feeds/all.ics")
    head = client.head("/feeds/all.ics")
    assert head.status_code == 200
    assert head.get_data() == b""
    assert head.headers["ETag"] == get.headers["ETag"]
    assert head.headers["Content-Length"] == str(len(get.get_data()))


def test_event_download(make_event, client):
    event = make_event()
    response = client.get(f"/events/{event.id}.ics")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Content-Disposition"].endswith('.ics"')
    feed = fetch(client, f"/events/{event.id}.ics?lang=en")
    assert str(feed.loose["X-WR-CALNAME"]) == "Exchange day"


def test_event_download_of_long_cancelled_event_still_works(make_event, client):
    event = make_event(status="cancelled", cancelled_at=utcnow() - timedelta(days=90))
    feed = fetch(client, f"/events/{event.id}.ics")
    assert str(feed.vevents()[0]["STATUS"]) == "CANCELLED"


@pytest.mark.parametrize(
    "url", ["/events/999.ics", "/feeds/kind/party.ics", "/feeds/member/999.ics"]
)
def test_not_found(client, url):
    assert client.get(url).status_code == 404


def test_draft_download_is_404(make_event, client):
    event = make_event(status="draft")
    assert client.get(f"/events/{event.id}.ics").status_code == 404


def _seed(make_event, n: int) -> None:
    for i in range(n):
        kind = ("rally", "training", "study_visit", "exchange")[i % 4]
        event = make_event(kind=kind)
        if kind == "rally":
            add_stop(event, 1, "a")
            add_stop(event, 2, "b")
        elif kind == "training":
            add_session(event, 1)
        elif kind == "study_visit":
            add_programme(event, 1, "x")


@pytest.mark.parametrize("url", ["/feeds/all.ics", "/feeds/kind/rally.ics"])
def test_constant_number_of_queries(make_event, client, app, url):
    counts = []
    for n in (4, 24):
        _seed(make_event, n)
        cache.cache_for(app).clear()
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]
    # version, events, stops, sessions, programme; stored VEVENTs read, new ones written
    assert counts[0] <= 7


# A first render can take over a second on a loaded machine: the remembered version must
# still be fresh at the repeat, so these tests remember it for an hour.
FRESH_FOR = 3600


def test_a_cached_feed_costs_no_query_while_the_version_is_fresh(make_event, client):
    client.application.config["FEEDS_VERSION_TTL"] = FRESH_FOR
    make_event()
    client.get("/feeds/all.ics")
    with count_queries() as statements:
        assert client.get("/feeds/all.ics").status_code == 200
    assert statements == []


def test_a_cached_feed_costs_one_query_without_a_remembered_version(make_app, make_event):
    app = make_app(FEEDS_VERSION_TTL=0)
    with app.app_context():
        make_event()
        client = app.test_client()
        client.get("/feeds/all.ics")
        with count_queries() as statements:
            assert client.get("/feeds/all.ics").status_code == 200
        assert len(statements) == 1


def test_a_conditional_personal_feed_poll_reads_nothing(make_event, make_person, client):
    """A 304 for the personal feed: no token lookup, no version read (issue 16)."""
    client.application.config["FEEDS_VERSION_TTL"] = FRESH_FOR
    person = make_person()
    register(make_event(), person)
    db.session.commit()
    url = f"/feeds/u/{person.feed_token}.ics"
    first = client.get(url)
    with count_queries() as statements:
        again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and statements == []


def test_a_replaced_token_is_refused_at_once(make_person, client):
    person = make_person()
    old = person.feed_token
    assert client.get(f"/feeds/u/{old}.ics").status_code == 200
    person.feed_token = "a-new-token-" + "x" * 30
    db.session.commit()
    assert client.get(f"/feeds/u/{old}.ics").status_code == 404
    assert client.get(f"/feeds/u/{person.feed_token}.ics").status_code == 200


def test_editing_a_venue_name_changes_the_feed(make_event, make_venue, get_feed):
    venue = make_venue(name_th="ศาลาเก่า")
    make_event(venue_id=venue.id)
    before = get_feed("/feeds/all.ics")
    assert "ศาลาเก่า" in str(before.vevents()[0]["LOCATION"])
    db.session.get(Venue, venue.id).name_th = "ศาลาใหม่"
    db.session.commit()
    after = get_feed("/feeds/all.ics")
    assert str(after.vevents()[0]["LOCATION"]) == "ศาลาใหม่"
    assert after.headers["ETag"] != before.headers["ETag"]
    assert after.vevents()[0].decoded("LAST-MODIFIED") >= before.vevents()[0].decoded(
        "LAST-MODIFIED"
    )


def test_visible_edit_moves_sequence_and_last_modified(make_event, get_feed):
    event = make_event()
    before = get_feed("/feeds/all.ics").vevents()[0]
    later = utcnow() + timedelta(minutes=1)
    event_services.update_event(event, {"title_th": "ชื่อใหม่"}, later)
    db.session.commit()
    after = get_feed("/feeds/all.ics").vevents()[0]
    assert str(after["SUMMARY"]) == "ชื่อใหม่"
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert after.decoded("LAST-MODIFIED") > before.decoded("LAST-MODIFIED")
    assert after.decoded("DTSTAMP") == after.decoded("LAST-MODIFIED")


def test_cancelling_keeps_the_event_with_a_higher_sequence(make_event, get_feed):
    event = make_event()
    uid = f"event-{event.id}@ruamjai.test"
    before = get_feed("/feeds/all.ics").by_uid()[uid]
    event_services.cancel_event(event, "ฝนตกหนัก", utcnow() + timedelta(minutes=1))
    db.session.commit()
    after = get_feed("/feeds/all.ics").by_uid()[uid]
    assert str(after["STATUS"]) == "CANCELLED"
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert str(after["SUMMARY"]).startswith("ยกเลิก / Cancelled: ")
    assert "เหตุผลที่ยกเลิก: ฝนตกหนัก" in str(after["DESCRIPTION"])


def test_another_worker_sees_changes_once_its_remembered_version_expires(
    make_app, make_event, make_venue, monkeypatch
):
    """Worker A remembers the version for FEEDS_VERSION_TTL seconds: another worker's
    commit shows there when that time is up (the clock is moved, not waited for)."""
    clock = [1000.0]
    monkeypatch.setattr(cache.time, "monotonic", lambda: clock[0])
    worker_a = make_app(FEEDS_VERSION_TTL=5)
    worker_b = make_app()
    with worker_a.app_context():
        venue = make_venue(name_th="ห้องประชุมเดิม")
        make_event(venue_id=venue.id)
        venue_id = venue.id
        first = worker_a.test_client().get("/feeds/all.ics").get_data()
    with worker_b.app_context():
        db.session.get(Venue, venue_id).name_th = "ห้องประชุมใหม่"
        db.session.commit()
    clock[0] += 4
    with worker_a.app_context():
        assert worker_a.test_client().get("/feeds/all.ics").get_data() == first
    clock[0] += 1
    with worker_a.app_context():
        second = worker_a.test_client().get("/feeds/all.ics").get_data()
    assert "ห้องประชุมใหม่".encode() in second


def test_another_worker_sees_changes(make_app, make_event, make_venue):
    """Two app instances on one database stand in for two gunicorn workers."""
    worker_a = make_app(FEEDS_VERSION_TTL=0)
    worker_b = make_app()
    with worker_a.app_context():
        venue = make_venue(name_th="ห้องประชุมเดิม")
        make_event(venue_id=venue.id)
        venue_id = venue.id
        first = worker_a.test_client().get("/feeds/all.ics").get_data()
    with worker_b.app_context():
        db.session.get(Venue, venue_id).name_th = "ห้องประชุมใหม่"
        db.session.commit()
    with worker_a.app_context():
        second = worker_a.test_client().get("/feeds/all.ics").get_data()
    assert first != second
    assert "ห้องประชุมใหม่".encode() in second


def test_unrelated_changes_do_not_move_the_version(app, make_person):
    person = make_person()
    version = cache.current_version()
    person.last_login_at = utcnow()
    person.given_name = "ใหม่"
    db.session.commit()
    assert cache.current_version() == version


def test_a_rollback_does_not_move_the_version(app, make_event):
    event = make_event()
    version = cache.current_version()
    event.title_th = "ไม่บันทึก"
    db.session.flush()
    db.session.rollback()
    assert cache.current_version() == version
    event = db.session.get(type(event), event.id)
    event.title_th = "บันทึก"
    db.session.commit()
    assert cache.current_version().number == version.number + 1


def test_a_registration_moves_the_version(app, make_event, make_person):
    event = make_event()
    version = cache.current_version()
    register(event, make_person())
    assert cache.current_version().number > version.number
