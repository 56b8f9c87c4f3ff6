"""Read a feed's rows as plain values: SQL Core selects of only the needed columns.

No ORM entities are loaded (``select`` of columns returns tuples), and timestamps skip
``UTCDateTime``'s per-value Python hook: a 10,000-event feed reads ~100,000 of them.
On SQLite the stored text is parsed by ``datetime.fromisoformat`` (C) with the UTC offset
appended; elsewhere the driver's naive UTC datetime gets ``tzinfo=UTC``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from scheduler_app.directory.models import Member
from scheduler_app.events.models import Event, Registration, RegistrationStatus
from scheduler_app.events.rally.models import RallyStop
from scheduler_app.events.study_visits.models import ProgrammeItem
from scheduler_app.events.training.models import TrainingSession
from scheduler_app.extensions import db
from scheduler_app.feeds.rows import (
    EventRow,
    Participation,
    Place,
    ProgrammeRow,
    SessionRow,
    StopRow,
)
from scheduler_app.venues.models import Venue

Condition = sa.ColumnElement[bool]
Ids = sa.ScalarSelect[int]
Stamp = Callable[[Any], datetime | None]


def _execute(statement: sa.Executable) -> Sequence[Any]:
    """Core execution: plain rows, without the ORM's per-row loading machinery (typed as
    ``Any``: the rows are unpacked by position into the named tuples of ``feeds.rows``)."""
    return db.session.connection().execute(statement).all()


def _on_sqlite() -> bool:
    return db.session.get_bind().dialect.name == "sqlite"


def _from_text(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value + "+00:00")


def _from_naive(value: datetime | None) -> datetime | None:
    return None if value is None else value.replace(tzinfo=UTC)


def _required_from_text(value: str) -> datetime:
    return datetime.fromisoformat(value + "+00:00")


def _required_from_naive(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC)


class _Stamps:
    """How this database's ``UTCDateTime`` columns are selected and turned into aware UTC."""

    def __init__(self) -> None:
        text = _on_sqlite()
        self._type: sa.types.TypeEngine[Any] = sa.String() if text else sa.DateTime()
        self.read: Stamp = _from_text if text else _from_naive
        # for NOT NULL columns
        self.must: Callable[[Any], datetime] = _required_from_text if text else _required_from_naive

    def __call__(self, column: Any) -> sa.ColumnElement[Any]:
        return sa.type_coerce(column, self._type)


def _latest(event: datetime | None, venue: datetime | None, host: datetime | None) -> datetime:
    latest = event or venue or host
    assert latest is not None, "updated_at is NOT NULL"
    if venue is not None and venue > latest:
        latest = venue
    if host is not None and host > latest:
        latest = host
    return latest


class _Places:
    """One ``Place`` per venue per read (venues repeat across a feed's rows)."""

    def __init__(self) -> None:
        self._known: dict[int, Place] = {}

    def get(self, venue_id: int | None, *values: Any) -> Place | None:
        if venue_id is None or values[0] is None:
            return None
        place = self._known.get(venue_id)
        if place is None:
            name_th, name_en, address, lat, lon = values
            place = self._known[venue_id] = Place(name_th, name_en or "", address or "", lat, lon)
        return place


def _venue_columns(stamp: _Stamps) -> list[Any]:
    return [
        Venue.id,
        Venue.name_th,
        Venue.name_en,
        Venue.address,
        Venue.latitude,
        Venue.longitude,
        stamp(Venue.updated_at),
    ]


def events(condition: Condition) -> list[EventRow]:
    """The events with their venue and host, in feed order (one query)."""
    stamp = _Stamps()
    host = aliased(Member)
    rows = _execute(
        sa.select(
            Event.id,
            Event.kind,
            Event.title_th,
            Event.title_en,
            Event.description,
            stamp(Event.start_at),
            stamp(Event.end_at),
            Event.timezone,
            Event.is_all_day,
            Event.start_date,
            Event.end_date,
            Event.status,
            Event.cancel_reason,
            Event.sequence,
            stamp(Event.created_at),
            stamp(Event.updated_at),
            *_venue_columns(stamp),
            host.name_th,
            host.name_en,
            host.contact_email,
            stamp(host.updated_at),
        )
        .outerjoin(Venue, Venue.id == Event.venue_id)
        .join(host, host.id == Event.host_member_id)
        .where(condition)
        .order_by(Event.start_at, Event.id)
    )
    read, must, places = stamp.read, stamp.must, _Places()
    found: list[EventRow] = []
    for r in rows:
        # last_modified: the latest of the event's, its venue's and its host's edits
        changed = _latest(read(r[15]), read(r[22]), read(r[26]))
        values = (*r[0:5], must(r[5]), must(r[6]), *r[7:14], read(r[14]), changed,
                  places.get(*r[16:22]), r[23], r[24] or "", r[25] or "")  # fmt: skip
        found.append(EventRow._make(values))
    return found


def stops(ids: Ids) -> list[StopRow]:
    stamp = _Stamps()
    rows = _execute(
        sa.select(
            RallyStop.id,
            RallyStop.event_id,
            RallyStop.position,
            RallyStop.name,
            stamp(RallyStop.arrive_at),
            stamp(RallyStop.depart_at),
            RallyStop.latitude,
            RallyStop.longitude,
            *_venue_columns(stamp),
        )
        .outerjoin(Venue, Venue.id == RallyStop.venue_id)
        .where(RallyStop.event_id.in_(ids))
        .order_by(RallyStop.event_id, RallyStop.position)
    )
    read, places = stamp.read, _Places()
    return [
        StopRow._make(
            (*r[0:4], read(r[4]), read(r[5]), r[6], r[7], places.get(*r[8:14]), read(r[14]))
        )
        for r in rows
    ]


def sessions(ids: Ids) -> list[SessionRow]:
    stamp = _Stamps()
    session = TrainingSession
    rows = _execute(
        sa.select(
            session.id,
            session.event_id,
            session.position,
            session.title,
            stamp(session.start_at),
            stamp(session.end_at),
        )
        .where(session.event_id.in_(ids))
        .order_by(session.event_id, session.start_at, session.id)
    )
    must = stamp.must
    return [SessionRow(r[0], r[1], r[2] or 0, r[3] or "", must(r[4]), must(r[5])) for r in rows]


def programme(ids: Ids) -> list[ProgrammeRow]:
    stamp = _Stamps()
    rows = _execute(
        sa.select(ProgrammeItem.event_id, stamp(ProgrammeItem.starts_at), ProgrammeItem.title)
        .where(ProgrammeItem.event_id.in_(ids))
        .order_by(ProgrammeItem.event_id, ProgrammeItem.starts_at, ProgrammeItem.position)
    )
    return [ProgrammeRow(r[0], stamp.must(r[1]), r[2]) for r in rows]


def participation(person_id: int, ids: Ids) -> dict[int, Participation]:
    """A person's live registrations among the feed's events, by event id."""
    first, last = aliased(RallyStop), aliased(RallyStop)
    reg = Registration
    rows = _execute(
        sa.select(
            reg.event_id,
            reg.status,
            first.position,
            last.position,
            reg.created_at,
            reg.confirmed_at,
            reg.promoted_at,
        )
        .outerjoin(first, first.id == reg.from_stop_id)
        .outerjoin(last, last.id == reg.to_stop_id)
        .where(
            reg.person_id == person_id,
            reg.status != RegistrationStatus.CANCELLED.value,
            reg.event_id.in_(ids),
        )
    )
    found: dict[int, Participation] = {}
    for r in rows:
        stamps = [s for s in (r[4], r[5], r[6]) if s is not None]
        found[r[0]] = Participation(r[1], r[2], r[3], max(stamps) if stamps else None)
    return found
