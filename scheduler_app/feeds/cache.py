"""Rendered feeds, cached per process and invalidated by a database-wide calendar version.

Why it is correct under several web workers:

- Every transaction that changes something a feed shows (an event, stop, session,
  programme item, registration, venue, member, or a person's member/token) increments
  the single ``calendar_version`` row *in that same transaction*, as its last statement
  before COMMIT (a ``before_commit`` hook; holding the row lock only for the commit keeps
  it from taking part in lock cycles). The data change and the new version become visible
  together.
- A request reads the version first, then (on a miss) the data. The data it renders is
  therefore at least as new as the version it files the rendering under; a worker can
  never keep serving content older than the version it compared against.
- Each worker keeps its own small LRU of renderings keyed by (feed, language) and checks
  the version (one primary-key read) on every request. Time also changes feeds (cancelled
  events drop after 30 days, by whole UTC days), so a rendering expires at the next UTC
  midnight.

Changes that bypass the ORM session (raw SQL, bulk ``UPDATE``) must call :func:`bump`.

The version read itself can be remembered for ``FEEDS_VERSION_TTL`` seconds (default 1;
0 reads it on every request), so a poll answered from the cache, a 304 above all,
touches no database (issue 16: the read was most of a 304's cost). Another worker's
commit then shows here at most that long after it, far inside the feeds' 15-minute
``max-age``; this process's own commits forget the remembered version at once.
The version is global: any change re-renders every feed once per worker, which stays
cheap because a re-render only reads rows and joins VEVENT bytes: ``core.ical`` memoises
each serialised VEVENT by value, and ``feeds.shared_vevents`` shares the bytes between
workers, so only changed events go through the ``icalendar`` serialiser again
(docs/BENCHMARKS.md: cold render against re-render). The bytes, so the
ETag, only change when the feed's content does.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app, has_app_context
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, scoped_session

from scheduler_app.core.render_cache import RenderCache
from scheduler_app.extensions import db, utcnow
from scheduler_app.feeds.models import CalendarVersion

_FLAG = "feeds.calendar_changed"
_BUMPED = "feeds.calendar_bumped"
_VERSION = CalendarVersion.__table__


@dataclass(frozen=True, slots=True)
class Version:
    number: int
    changed_at: datetime | None


@dataclass(frozen=True, slots=True)
class Rendered:
    body: bytes
    etag: str
    last_modified: datetime
    version: Version
    expires_at: datetime


def etag_of(body: bytes) -> str:
    """A strong validator: a digest of the exact bytes (same on every worker)."""
    return hashlib.sha256(body).hexdigest()[:40]


class _Remembered:
    """The last version read in this process and when (``time.monotonic``)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.version: Version | None = None
        self.read_at = 0.0
        self.people: dict[str, tuple[int, int | None]] = {}  # feed token → (id, member)
        self.people_version: Version | None = None

    def forget(self) -> None:
        with self.lock:
            self.version = None


def _remembered(app: Flask | None = None) -> _Remembered:
    registry = (app or current_app).extensions
    found = registry.get("feeds_version")
    if found is None:
        found = registry["feeds_version"] = _Remembered()
    assert isinstance(found, _Remembered)
    return found


def current_version() -> Version:
    """The calendar version as committed now (one primary-key read), or as read at most
    ``FEEDS_VERSION_TTL`` seconds ago in this process."""
    ttl = float(current_app.config.get("FEEDS_VERSION_TTL", 1.0))
    memo = _remembered()
    clock = time.monotonic()
    with memo.lock:
        if memo.version is not None and clock - memo.read_at < ttl:
            return memo.version
    version = _read_version()
    with memo.lock:
        memo.version, memo.read_at = version, clock
    return version


def feed_person(
    token: str, version: Version, load: Callable[[], tuple[int, int | None] | None]
) -> tuple[int, int | None] | None:
    """The (person id, member id) behind a feed token, remembered while ``version`` holds:
    replacing a token or deactivating its person moves the version. Unknown tokens are
    never remembered (a new person does not move it)."""
    memo = _remembered()
    with memo.lock:
        if memo.people_version != version:
            memo.people, memo.people_version = {}, version
        found = memo.people.get(token)
    if found is not None:
        return found
    found = load()
    if found is not None:
        with memo.lock:
            if memo.people_version == version and len(memo.people) < _PEOPLE_REMEMBERED:
                memo.people[token] = found
    return found


_PEOPLE_REMEMBERED = 100_000


def _read_version() -> Version:
    row = db.session.execute(
        sa.select(_VERSION.c.version, _VERSION.c.changed_at).where(_VERSION.c.id == 1)
    ).first()
    if row is None:
        return Version(0, None)
    return Version(int(row.version), row.changed_at)


class FeedCache(RenderCache[Rendered]):
    """Rendered feeds by (feed, language), valid while the version matches and unexpired."""


def cache_for(app: Flask | None = None) -> FeedCache:
    """This app's cache (one per app, so test apps never share renderings)."""
    app = app or current_app
    size = int(app.config.get("FEEDS_CACHE_SIZE", 512))
    return FeedCache.shared(app.extensions, "feeds_cache", size)


def next_utc_midnight(now: datetime) -> datetime:
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight + timedelta(days=1)


# --- invalidation -------------------------------------------------------------------


@lru_cache(maxsize=1)
def _watched() -> dict[type, frozenset[str] | None]:
    """Model → attributes whose change shows in a feed or on the map, which reads the
    same version (None: every attribute)."""
    from scheduler_app.accounts.models import Person
    from scheduler_app.accounts.privacy_models import ConsentRecord
    from scheduler_app.directory.models import Member
    from scheduler_app.directory.profile_models import MemberTopic, Topic
    from scheduler_app.events.models import Event, Registration
    from scheduler_app.events.rally.models import RallyStop
    from scheduler_app.events.study_visits.models import ProgrammeItem
    from scheduler_app.events.training.models import TrainingSession
    from scheduler_app.venues.models import Venue

    return {
        Event: None,
        RallyStop: None,
        TrainingSession: None,
        ProgrammeItem: None,
        Venue: None,
        Member: None,
        MemberTopic: None,
        Topic: frozenset({"code", "name_th", "name_en", "is_active"}),
        Registration: frozenset({"status", "event_id", "person_id", "from_stop_id", "to_stop_id"}),
        Person: frozenset({"member_id", "feed_token", "is_active_account", "email"}),
        # A feed's ORGANIZER shows a login address only while its owner consents.
        ConsentRecord: None,
    }


def _shows_in_feeds(session: Session) -> bool:
    """Whether the flushed changes touch anything a feed shows.

    A new person shows nowhere until they register, so only new rows of the other
    watched models count.
    """
    watched = _watched()
    if any(type(obj) in watched for obj in session.deleted):
        return True
    if any(type(obj) in watched and type(obj).__name__ != "Person" for obj in session.new):
        return True
    for obj in session.dirty:
        if type(obj) not in watched:
            continue
        state = sa.inspect(obj)
        names = watched[type(obj)] or [attr.key for attr in state.mapper.attrs]
        if any(state.attrs[name].history.has_changes() for name in names):
            return True
    return False


def _after_flush(session: Session, _context: Any) -> None:
    if not session.info.get(_FLAG) and _shows_in_feeds(session):
        session.info[_FLAG] = True


def _before_commit(session: Session) -> None:
    if session.new or session.dirty or session.deleted:
        session.flush()  # so _after_flush has seen everything before we decide
    if session.info.pop(_FLAG, False):
        bump(session)


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(_FLAG, None)
    session.info.pop(_BUMPED, None)


def _after_commit(session: Session) -> None:
    """This process moved the version: stop serving the one it remembers."""
    if session.info.pop(_BUMPED, False) and has_app_context():
        _remembered().forget()
    _forget(session)


def bump(session: Session | scoped_session[Any] | None = None) -> None:
    """Move the calendar version inside the current transaction."""
    session = session or db.session
    session.info[_BUMPED] = True
    now = utcnow()
    moved = session.execute(
        sa.update(_VERSION)
        .where(_VERSION.c.id == 1)
        .values(version=_VERSION.c.version + 1, changed_at=now)
    )
    if getattr(moved, "rowcount", 1) == 0:
        _insert_first_row(session, now)


def _insert_first_row(session: Session | scoped_session[Any], now: datetime) -> None:
    on_postgresql = session.get_bind().dialect.name == "postgresql"
    insert = postgresql.insert if on_postgresql else sqlite.insert
    session.execute(
        insert(_VERSION).values(id=1, version=1, changed_at=now).on_conflict_do_nothing()
    )
    # Another transaction may have created it first: then move it on from there.
    session.execute(
        sa.update(_VERSION)
        .where(_VERSION.c.id == 1, _VERSION.c.changed_at != now)
        .values(version=_VERSION.c.version + 1, changed_at=now)
    )


def install() -> None:
    """Listen on every Flask-SQLAlchemy session (idempotent)."""
    target = db.session
    for name, fn in (
        ("after_flush", _after_flush),
        ("before_commit", _before_commit),
        ("after_commit", _after_commit),
        ("after_soft_rollback", _forget),
    ):
        if not sa.event.contains(target, name, fn):
            sa.event.listen(target, name, fn)
