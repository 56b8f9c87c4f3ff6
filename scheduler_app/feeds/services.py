"""Which events a feed carries, read in a constant number of queries as plain values.

A feed is an SQL condition on ``event`` (:func:`all_events`, :func:`kind_events`,
:func:`member_events`, :func:`person_events`, :func:`single_event`); :func:`load_feed`
reads those events with their venue and host (one query), then their rally stops,
training sessions and programme items (one query each, filtered by the same condition
as a subquery, so no parameter list grows with the feed), and a person's registrations.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from scheduler_app.core.ical import cancelled_cutoff
from scheduler_app.directory.models import Member
from scheduler_app.events.kind_models import ProgrammeItem, RallyStop, TrainingSession
from scheduler_app.events.models import Event, EventStatus, Registration, RegistrationStatus
from scheduler_app.extensions import db
from scheduler_app.feeds.rows import (
    EventRow,
    FeedData,
    Participation,
    Place,
    ProgrammeRow,
    SessionRow,
    StopRow,
)
from scheduler_app.venues.models import Venue

Condition = sa.ColumnElement[bool]


# --- which events -------------------------------------------------------------------


def listed(now: datetime) -> Condition:
    """Published events, and events cancelled within the last 30 days; never drafts."""
    return sa.or_(
        Event.status == EventStatus.PUBLISHED.value,
        sa.and_(
            Event.status == EventStatus.CANCELLED.value,
            sa.or_(Event.cancelled_at.is_(None), Event.cancelled_at >= cancelled_cutoff(now)),
        ),
    )


def all_events(now: datetime) -> Condition:
    return listed(now)


def kind_events(kind: str, now: datetime) -> Condition:
    return sa.and_(listed(now), Event.kind == kind)


def member_subtree(member_id: int) -> sa.Select[tuple[int]]:
    """The member and every member below it (one recursive CTE; UNION stops on cycles)."""
    tree = sa.select(Member.id).where(Member.id == member_id).cte("member_tree", recursive=True)
    child = aliased(Member)
    tree = tree.union(sa.select(child.id).join(tree, child.parent_id == tree.c.id))
    return sa.select(tree.c.id)


def member_events(member_id: int, now: datetime) -> Condition:
    """Events the member or its sub-networks host, visit, or host a rally stop of."""
    subtree = member_subtree(member_id)
    stop_hosted = sa.select(RallyStop.event_id).where(RallyStop.host_member_id.in_(subtree))
    return sa.and_(
        listed(now),
        sa.or_(
            Event.host_member_id.in_(subtree),
            Event.visiting_member_id.in_(subtree),
            Event.id.in_(stop_hosted),
        ),
    )


def person_events(person_id: int, member_id: int | None, now: datetime) -> Condition:
    """Events the person registered for (not cancelled), organises, or their member hosts."""
    registered = sa.select(Registration.event_id).where(
        Registration.person_id == person_id,
        Registration.status != RegistrationStatus.CANCELLED.value,
    )
    hosting: list[Condition] = [Event.id.in_(registered), Event.organiser_id == person_id]
    if member_id is not None:
        hosting.append(Event.host_member_id == member_id)
    return sa.and_(listed(now), sa.or_(*hosting))


def single_event(event_id: int) -> Condition:
    """One event, however long ago it was cancelled; never a draft."""
    return sa.and_(Event.id == event_id, Event.status != EventStatus.DRAFT.value)


# --- reading ------------------------------------------------------------------------


def load_feed(condition: Condition, person_id: int | None = None) -> FeedData:
    """The events matching ``condition`` and their parts (at most five queries)."""
    events = _events(condition)
    data = FeedData(events=events)
    if not events:
        return data
    ids = sa.select(Event.id).where(condition).scalar_subquery()
    kinds = {e.kind for e in events}
    if "rally" in kinds:
        for stop in _stops(ids):
            data.stops.setdefault(stop.event_id, []).append(stop)
    if "training" in kinds:
        for session in _sessions(ids):
            data.sessions.setdefault(session.event_id, []).append(session)
    if "study_visit" in kinds:
        for item in _programme(ids):
            data.programme.setdefault(item.event_id, []).append(item)
    if person_id is not None:
        data.participation.update(_participation(person_id, ids))
    return data


def _place(
    name_th: str | None,
    name_en: str | None,
    address: str | None,
    lat: float | None,
    lon: float | None,
) -> Place | None:
    if name_th is None:
        return None
    return Place(name_th, name_en or "", address or "", lat, lon)


def _execute(statement: sa.Executable) -> sa.CursorResult[Any]:
    """Core execution: plain rows, without the ORM's per-row loading machinery."""
    return db.session.connection().execute(statement)


def _latest(*stamps: datetime | None) -> datetime:
    return max(s for s in stamps if s is not None)


def _venue_columns() -> list[sa.Label[Any]]:
    return [
        Venue.name_th.label("venue_th"),
        Venue.name_en.label("venue_en"),
        Venue.address.label("venue_address"),
        Venue.latitude.label("venue_lat"),
        Venue.longitude.label("venue_lon"),
        Venue.updated_at.label("venue_changed_at"),
    ]


def _venue(r: sa.Row[Any]) -> Place | None:
    return _place(r.venue_th, r.venue_en, r.venue_address, r.venue_lat, r.venue_lon)


def _events(condition: Condition) -> list[EventRow]:
    host = aliased(Member)
    columns = [getattr(Event, name) for name in _EVENT_FIELDS]
    rows = _execute(
        sa.select(
            *columns,
            Event.updated_at,
            *_venue_columns(),
            host.name_th.label("host_th"),
            host.name_en.label("host_en"),
            host.contact_email.label("host_email"),
            host.updated_at.label("host_changed_at"),
        )
        .outerjoin(Venue, Venue.id == Event.venue_id)
        .join(host, host.id == Event.host_member_id)
        .where(condition)
        .order_by(Event.start_at, Event.id)
    ).all()
    return [
        EventRow(
            *r[: len(_EVENT_FIELDS)],  # selected in EventRow's field order
            last_modified=_latest(r.updated_at, r.venue_changed_at, r.host_changed_at),
            venue=_venue(r),
            host_name_th=r.host_th,
            host_name_en=r.host_en or "",
            host_email=r.host_email or "",
        )
        for r in rows
    ]


_EVENT_FIELDS = (
    "id",
    "kind",
    "title_th",
    "title_en",
    "description",
    "start_at",
    "end_at",
    "timezone",
    "is_all_day",
    "start_date",
    "end_date",
    "status",
    "cancel_reason",
    "sequence",
    "created_at",
)
_STOP_FIELDS = ("id", "event_id", "position", "name", "arrive_at", "depart_at")


def _stops(ids: sa.ScalarSelect[int]) -> list[StopRow]:
    rows = _execute(
        sa.select(
            *(getattr(RallyStop, name) for name in _STOP_FIELDS),
            RallyStop.latitude,
            RallyStop.longitude,
            *_venue_columns(),
        )
        .outerjoin(Venue, Venue.id == RallyStop.venue_id)
        .where(RallyStop.event_id.in_(ids))
        .order_by(RallyStop.event_id, RallyStop.position)
    ).all()
    return [
        StopRow(
            **{name: getattr(r, name) for name in _STOP_FIELDS},
            latitude=r.latitude,
            longitude=r.longitude,
            venue=_venue(r),
            venue_changed_at=r.venue_changed_at,
        )
        for r in rows
    ]


def _sessions(ids: sa.ScalarSelect[int]) -> list[SessionRow]:
    session = TrainingSession
    rows = _execute(
        sa.select(
            session.id,
            session.event_id,
            session.position,
            session.title,
            session.start_at,
            session.end_at,
        )
        .where(session.event_id.in_(ids))
        .order_by(session.event_id, session.start_at, session.id)
    ).all()
    return [SessionRow(r[0], r[1], r[2] or 0, r[3] or "", r[4], r[5]) for r in rows]


def _programme(ids: sa.ScalarSelect[int]) -> list[ProgrammeRow]:
    rows = _execute(
        sa.select(ProgrammeItem.event_id, ProgrammeItem.starts_at, ProgrammeItem.title)
        .where(ProgrammeItem.event_id.in_(ids))
        .order_by(ProgrammeItem.event_id, ProgrammeItem.starts_at, ProgrammeItem.position)
    ).all()
    return [ProgrammeRow(r[0], r[1], r[2]) for r in rows]


def _participation(person_id: int, ids: sa.ScalarSelect[int]) -> dict[int, Participation]:
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
    ).all()
    found: dict[int, Participation] = {}
    for r in rows:
        stamps = [s for s in (r[4], r[5], r[6]) if s is not None]
        found[r[0]] = Participation(r[1], r[2], r[3], max(stamps) if stamps else None)
    return found
