"""Read-side queries for the event pages; each runs a fixed number of SQL statements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import load_only, selectinload

from scheduler_app.accounts.models import Person, Role
from scheduler_app.accounts.permissions import is_staff
from scheduler_app.directory.models import Member
from scheduler_app.events.models import Event, EventKind, EventStatus, Registration
from scheduler_app.events.models import RegistrationStatus as RS
from scheduler_app.events.training.models import TrainingSession
from scheduler_app.extensions import db
from scheduler_app.venues.models import Venue


@dataclass(frozen=True)
class EventFilters:
    kind: str | None = None
    member_id: int | None = None
    mine: bool = False


def member_tree_ids(member_id: int) -> sa.Select[Any]:
    """The member and all its sub-networks and nodes (a recursive CTE)."""
    tree = sa.select(Member.id).where(Member.id == member_id).cte("member_tree", recursive=True)
    tree = tree.union_all(sa.select(Member.id).where(Member.parent_id == tree.c.id))
    return sa.select(tree.c.id)


def visible_to(person: Any) -> sa.ColumnElement[bool]:
    """Published and cancelled events, plus the drafts ``person`` may manage."""
    public = Event.status != EventStatus.DRAFT.value
    if is_staff(person):
        return sa.true()
    if getattr(person, "is_authenticated", False) and person.role == Role.HOST and person.member_id:
        return sa.or_(public, Event.host_member_id == person.member_id)
    return public


def mine_clause(person: Any) -> sa.ColumnElement[bool]:
    """Events ``person`` takes part in, organises or hosts."""
    registered = sa.select(Registration.event_id).where(
        Registration.person_id == person.id, Registration.status != RS.CANCELLED.value
    )
    clauses = [Event.id.in_(registered), Event.organiser_id == person.id]
    if person.member_id and person.role in (Role.HOST, Role.COORDINATOR, Role.ADMIN):
        clauses.append(Event.host_member_id == person.member_id)
        # A study visit is also the visiting organisation's (whoever accepted the date).
        clauses.append(Event.visiting_member_id == person.member_id)
    return sa.or_(*clauses)


# What the month grid shows of an event: no description, hosts or venues (a month holds
# thousands of events at national size).
CALENDAR_COLUMNS = (
    Event.kind, Event.title_th, Event.title_en, Event.status, Event.start_at, Event.end_at,
    Event.timezone, Event.is_all_day, Event.start_date, Event.end_date,
)  # fmt: skip


def event_query(person: Any, filters: EventFilters, with_places: bool = True) -> sa.Select[Any]:
    """Visible events matching ``filters``; ``with_places`` loads hosts and venues too."""
    stmt = sa.select(Event).where(visible_to(person))
    if with_places:
        stmt = stmt.options(selectinload(Event.host_member), selectinload(Event.venue))
    if filters.kind in set(EventKind):
        stmt = stmt.where(Event.kind == filters.kind)
    if filters.member_id:
        tree = member_tree_ids(filters.member_id)
        stmt = stmt.where(
            sa.or_(Event.host_member_id.in_(tree), Event.visiting_member_id.in_(tree))
        )
    if filters.mine and getattr(person, "is_authenticated", False):
        stmt = stmt.where(mine_clause(person))
    return stmt


def agenda(person: Any, filters: EventFilters, now: datetime, past: bool = False) -> sa.Select[Any]:
    """Upcoming (or past) events, soonest (or latest) first.

    Past events are read backwards from the start-time index; ``start_at < now`` selects
    exactly the same events (an event ends after it starts: ``ends_after_start``) but
    lets the index start at now instead of walking every future event first (898 ms ->
    4 ms on the national data set).
    """
    stmt = event_query(person, filters)
    if past:
        return stmt.where(Event.end_at < now, Event.start_at < now).order_by(
            Event.start_at.desc(), Event.id
        )
    return stmt.where(Event.end_at >= now).order_by(Event.start_at, Event.id)


def in_range(person: Any, filters: EventFilters, start: datetime, end: datetime) -> list[Event]:
    """Events overlapping [start, end), in start order, with what the month grid shows."""
    stmt = (
        event_query(person, filters, with_places=False)
        .where(Event.start_at < end, Event.end_at > start)
        .options(load_only(*CALENDAR_COLUMNS))
    )
    return list(db.session.execute(stmt.order_by(Event.start_at, Event.id)).scalars())


def sessions_in_range(
    person: Any, filters: EventFilters, start: datetime, end: datetime
) -> dict[int, list[TrainingSession]]:
    """Training sessions of the events ``in_range`` returns, by event id (one query)."""
    event_ids = (
        event_query(person, filters, with_places=False)
        .where(Event.start_at < end, Event.end_at > start)
        .with_only_columns(Event.id)
        .order_by(None)
    )
    rows = db.session.execute(
        sa.select(TrainingSession)
        .where(TrainingSession.event_id.in_(event_ids.scalar_subquery()))
        .order_by(TrainingSession.start_at)
    ).scalars()
    by_event: dict[int, list[TrainingSession]] = {}
    for session in rows:
        by_event.setdefault(session.event_id, []).append(session)
    return by_event


def upcoming_published(now: datetime, limit: int = 6) -> list[Event]:
    """For the home page: the next published events to start. ``start_at >= now`` reads
    them from ``ix_event_status_start_at``; "ends after now" would walk every past event
    in that index (events already under way are on the agenda)."""
    stmt = (
        sa.select(Event)
        .where(Event.status == EventStatus.PUBLISHED.value, Event.start_at >= now)
        .order_by(Event.start_at, Event.id)
        .limit(limit)
    )
    return list(db.session.execute(stmt).scalars())


def my_registrations(person: Person) -> dict[int, Registration]:
    """The person's active registrations by event id (one query)."""
    rows = db.session.execute(
        sa.select(Registration).where(
            Registration.person_id == person.id, Registration.status != RS.CANCELLED.value
        )
    ).scalars()
    return {r.event_id: r for r in rows}


def registration_counts(event_id: int) -> dict[str, int]:
    rows = db.session.execute(
        sa.select(Registration.status, sa.func.count())
        .where(Registration.event_id == event_id)
        .group_by(Registration.status)
    ).all()
    return {status: n for status, n in rows}


def registrations_for(event: Event, active_only: bool = True) -> list[Registration]:
    """Registrations with their people and organisations, confirmed first, queue order."""
    stmt = (
        sa.select(Registration)
        .where(Registration.event_id == event.id)
        .options(selectinload(Registration.person).selectinload(Person.member))
        .order_by(
            sa.case((Registration.status == RS.CONFIRMED.value, 0), else_=1),
            Registration.waitlist_position,
            Registration.confirmed_at,
            Registration.id,
        )
    )
    if active_only:
        stmt = stmt.where(Registration.status != RS.CANCELLED.value)
    return list(db.session.execute(stmt).scalars())


def confirmed_registrations(event: Event) -> list[Registration]:
    """Confirmed participants (the class list, the delegation, the riders)."""
    return [r for r in registrations_for(event) if r.status == RS.CONFIRMED.value]


def venue_choices(locale: str) -> list[tuple[int, str]]:
    """Venues with knowledge-exchange centres first."""
    venues = db.session.execute(
        sa.select(Venue).order_by(Venue.is_exchange_centre.desc(), Venue.name_th)
    ).scalars()
    return [(v.id, v.display_name(locale)) for v in venues]
