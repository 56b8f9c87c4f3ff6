"""Serialised VEVENTs shared by every worker, in the ``feed_vevent`` table.

``core.ical`` memoises VEVENT bytes per worker; a worker's first render, or a render after
every event changed, would otherwise serialise every VEVENT again. :class:`DatabaseVevents`
is the ``core.ical.VeventStore`` that a render passes to ``build_calendar``: VEVENTs not in
the worker's memo are read here in one query (whatever the feed's size: the keys travel as
one JSON or array parameter), and the ones serialised by this render are written back by
:func:`save` with ``INSERT … ON CONFLICT DO NOTHING`` (two workers storing the same key
agree: the bytes under a key never differ). Rows are keyed by a digest of every value
the VEVENT shows, so a stale row is never read; :func:`prune` drops rows of events that
have since changed or gone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased, scoped_session

from scheduler_app.core.ical import CalendarEvent
from scheduler_app.directory.models import Member
from scheduler_app.events.models import Event
from scheduler_app.feeds.models import StoredVevent
from scheduler_app.venues.models import Venue

AnySession = Session | scoped_session[Any]
_TABLE = StoredVevent.__table__
_KEY: sa.Column[str] = _TABLE.c.key
_EVENT_UID = re.compile(r"event-(\d+)@")
# Rows per INSERT statement: well under SQLite's and PostgreSQL's parameter limits.
_INSERT_BATCH = 1_000


def event_id_of(event: CalendarEvent) -> int | None:
    """The id of the event a VEVENT shows (a stop's or session's parent event)."""
    found = _EVENT_UID.match(event.related_to or event.uid)
    return int(found.group(1)) if found else None


class DatabaseVevents:
    """``core.ical.VeventStore`` on ``feed_vevent``, for one render in one session.

    Reads go through the session's connection; new bytes wait in :attr:`pending` until
    :func:`save` (the caller commits).
    """

    def __init__(self, session: AnySession) -> None:
        self.session = session
        self.pending: list[dict[str, Any]] = []

    def get_many(self, keys: Sequence[str]) -> Mapping[str, bytes]:
        if not keys:
            return {}
        rows = self.session.connection().execute(
            sa.select(_TABLE.c.key, _TABLE.c.body).where(_keys_in(self.session, keys))
        )
        # (sqlite3 and psycopg give bytes; a driver handing back a buffer is copied)
        return {key: body if type(body) is bytes else bytes(body) for key, body in rows.all()}

    def put_many(self, entries: Sequence[tuple[str, CalendarEvent, bytes]]) -> None:
        for key, event, data in entries:
            event_id = event_id_of(event)
            if event_id is None:  # not an event of ours: nothing would ever prune it
                continue
            self.pending.append(
                {
                    "key": key,
                    "event_id": event_id,
                    "sequence": event.sequence,
                    "modified_at": event.last_modified,
                    "body": data,
                }
            )


def _keys_in(session: AnySession, keys: Sequence[str]) -> sa.ColumnElement[bool]:
    """``key IN (…keys)`` as one bound parameter, so the statement is the same for any
    number of keys (and never meets a parameter limit)."""
    if _dialect(session) == "postgresql":
        array = sa.bindparam("keys", list(keys), type_=postgresql.ARRAY(sa.String))
        return _KEY == sa.any_(array)  # noqa: SIM300 (SQL: key = ANY(:keys))
    each = sa.func.json_each(sa.bindparam("keys", json.dumps(list(keys)))).table_valued("value")
    return _KEY.in_(sa.select(each.c.value))


def save(store: DatabaseVevents) -> int:
    """Write the store's new VEVENTs (already stored keys are left as they are)."""
    rows, store.pending = store.pending, []
    if not rows:
        return 0
    insert = postgresql.insert if _dialect(store.session) == "postgresql" else sqlite.insert
    statement = insert(_TABLE).on_conflict_do_nothing(index_elements=["key"])
    for start in range(0, len(rows), _INSERT_BATCH):
        store.session.execute(statement, rows[start : start + _INSERT_BATCH])
    return len(rows)


def prune(session: AnySession) -> int:
    """Delete rows of events that are gone or have changed since: a higher SEQUENCE, or
    an edit of the event, its host or its venue later than the row's LAST-MODIFIED
    (which is the latest of those when it was written); the caller commits. Rows left
    by an edited rally stop's own venue stay until their event changes."""
    host = aliased(Member)
    modified = _TABLE.c.modified_at
    current = (
        sa.select(Event.id)
        .join(host, host.id == Event.host_member_id)
        .outerjoin(Venue, Venue.id == Event.venue_id)
        .where(
            Event.id == _TABLE.c.event_id,
            Event.sequence <= _TABLE.c.sequence,
            Event.updated_at <= modified,
            host.updated_at <= modified,
            sa.or_(Venue.id.is_(None), Venue.updated_at <= modified),
        )
    )
    result = session.execute(sa.delete(_TABLE).where(~current.exists()))
    return int(getattr(result, "rowcount", 0) or 0)


def _dialect(session: AnySession) -> str:
    return session.get_bind().dialect.name
