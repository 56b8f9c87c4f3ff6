"""Serialised VEVENTs shared through the database: a cold worker reads bytes, edits add
new rows, old versions are pruned, and a failed write never costs the feed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from scheduler_app.core import ical
from scheduler_app.core.ical import memo as ical_memo
from scheduler_app.directory.models import Member
from scheduler_app.events.models import Event
from scheduler_app.extensions import db
from scheduler_app.feeds import cache, shared_vevents
from scheduler_app.feeds.models import StoredVevent
from scheduler_app.venues.models import Venue
from tests.feeds.conftest import EDITED, add_session, add_stop


def _stored() -> dict[str, tuple[int, int]]:
    rows = db.session.execute(
        sa.select(StoredVevent.key, StoredVevent.event_id, StoredVevent.sequence)
    )
    return {key: (event_id, sequence) for key, event_id, sequence in rows}


def _cold(app: Any) -> None:
    """What a new worker has: no rendered feeds, no memoised VEVENTs."""
    cache.cache_for(app).clear()
    ical.clear_memo()


@pytest.fixture
def feed(make_event):
    rally = make_event(kind="rally", title_th="ปั่นจักรยานรอบเมืองเลย")
    add_stop(rally, 1, "วัดศรีสุทธาวาส")
    add_stop(rally, 2, "ภูบ่อบิด")
    training = make_event(kind="training", title_th="อบรมการเงินชุมชน")
    add_session(training, 1, "บัญชีครัวเรือน")
    return rally, training


def test_a_cold_worker_serves_stored_bytes(feed, app, client, monkeypatch):
    rally, training = feed
    _cold(app)
    first = client.get("/feeds/all.ics?lang=en").get_data()
    stored = _stored()
    assert len(stored) == first.count(b"BEGIN:VEVENT") == 4  # a course is its sessions
    assert sorted(event_id for event_id, _seq in stored.values()) == sorted(
        [rally.id] * 3 + [training.id]
    )

    _cold(app)

    def refuse(*_args: Any) -> bytes:
        raise AssertionError("a stored VEVENT was serialised again")

    monkeypatch.setattr(ical_memo, "vevent", refuse)
    assert client.get("/feeds/all.ics?lang=en").get_data() == first
    assert _stored() == stored


def test_languages_and_feeds_store_their_own_bytes(feed, app, client):
    _cold(app)
    client.get("/feeds/all.ics")
    thai = set(_stored())
    client.get("/feeds/all.ics?lang=en")
    english = set(_stored()) - thai
    assert len(english) == len(thai) == 4
    client.get("/feeds/kind/rally.ics")  # the same VEVENTs, already stored
    assert len(_stored()) == 8


def test_an_edit_adds_rows_and_pruning_drops_the_old_version(feed, app, client, runner):
    rally, training = feed
    client.get("/feeds/all.ics")
    before = _stored()
    event = db.session.get(Event, training.id)
    event.title_th = "อบรมการเงินชุมชน รุ่นที่ 2"
    event.sequence += 1
    event.updated_at = EDITED + timedelta(days=1)
    db.session.commit()
    feed_after = client.get("/feeds/all.ics").get_data().decode()
    assert "รุ่นที่ 2" in feed_after
    after = _stored()
    added = set(after) - set(before)
    assert {after[key][0] for key in added} == {training.id} and len(added) == 1

    result = runner.invoke(args=["feeds", "prune-vevents"])
    assert result.exit_code == 0, result.output
    assert "stored VEVENTs removed: 1" in result.output
    assert set(_stored()) == set(after) - (
        set(before) - {k for k in before if before[k][0] == rally.id}
    )

    _cold(app)  # what is left is exactly what the feed needs now
    assert client.get("/feeds/all.ics").get_data().decode() == feed_after
    assert len(_stored()) == 4


def test_rows_of_deleted_events_are_pruned(feed, app, client):
    rally, training = feed
    client.get("/feeds/all.ics")
    assert shared_vevents.prune(db.session) == 0  # every row is of a current version
    db.session.execute(
        sa.insert(StoredVevent).values(
            key="0" * 40, event_id=999_999, sequence=1, modified_at=EDITED, body=b"BEGIN:VEVENT"
        )
    )
    db.session.commit()
    assert shared_vevents.prune(db.session) == 1
    db.session.commit()
    assert {event_id for event_id, _seq in _stored().values()} == {rally.id, training.id}


def test_storing_the_same_bytes_twice_is_harmless(feed, app, client):
    client.get("/feeds/all.ics")
    rows = db.session.execute(sa.select(StoredVevent.__table__)).mappings().all()
    twin = shared_vevents.DatabaseVevents(db.session)
    twin.pending = [dict(row) for row in rows]  # another worker rendered the same feed
    assert shared_vevents.save(twin) == 4
    db.session.commit()
    assert len(_stored()) == 4


def test_a_failed_write_still_serves_the_feed(feed, app, client, monkeypatch):
    _cold(app)
    expected = client.get("/feeds/all.ics").get_data()
    db.session.execute(sa.delete(StoredVevent))
    db.session.commit()
    _cold(app)

    def locked(_store: Any) -> int:
        raise sa.exc.OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(shared_vevents, "save", locked)
    response = client.get("/feeds/all.ics")
    assert response.status_code == 200
    assert response.get_data() == expected
    assert _stored() == {}


def test_rows_from_before_a_venue_or_host_edit_are_pruned(make_event, make_venue, app, client):
    venue = make_venue(name_th="ศาลาเก่า")
    event = make_event(venue_id=venue.id)
    client.get("/feeds/all.ics")
    client.get("/feeds/all.ics?lang=en")
    old = set(_stored())
    db.session.get(Venue, venue.id).name_th = "ศาลาใหม่"
    db.session.commit()
    assert "ศาลาใหม่" in client.get("/feeds/all.ics").get_data().decode()
    assert shared_vevents.prune(db.session) == 2  # both languages' old bytes
    db.session.commit()
    assert not set(_stored()) & old and len(_stored()) == 1
    db.session.get(Member, event.host_member_id).name_th = "เทศบาลใหม่"
    db.session.commit()
    assert shared_vevents.prune(db.session) == 1
