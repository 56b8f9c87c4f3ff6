"""Read-side queries for the event pages; each runs a fixed number of SQL statements."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import aliased, selectinload

from scheduler_app.accounts.models import Person, Role
from scheduler_app.accounts.permissions import is_staff
from scheduler_app.core import calendar_grid
from scheduler_app.directory.models import Member
from scheduler_app.events.models import Event, EventKind, EventStatus, Registration
from scheduler_app.events.models import RegistrationStatus as RS
from scheduler_app.events.training.models import TrainingSession
from scheduler_app.extensions import db
from scheduler_app.venues.models import Venue
from scheduler_app.web import CappedPage, capped_page, paginate_capped

# Any select over ``event`` (whole events, or a few of their columns).
_Stmt = TypeVar("_Stmt", bound="sa.Select[*tuple[Any, ...]]")


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


def _event_filters(
    stmt: _Stmt, person: Any, filters: EventFilters, tree: sa.Select[Any] | None = None
) -> _Stmt:
    """``stmt`` (reading ``event``) narrowed to what ``person`` sees and ``filters`` ask;
    ``tree`` is the member subtree's query when several parts of one statement share it."""
    stmt = stmt.where(visible_to(person))
    if filters.kind in set(EventKind):
        stmt = stmt.where(Event.kind == filters.kind)
    if filters.member_id:
        tree = tree if tree is not None else member_tree_ids(filters.member_id)
        stmt = stmt.where(
            sa.or_(Event.host_member_id.in_(tree), Event.visiting_member_id.in_(tree))
        )
    if filters.mine and getattr(person, "is_authenticated", False):
        stmt = stmt.where(mine_clause(person))
    return stmt


def event_query(person: Any, filters: EventFilters, with_places: bool = True) -> sa.Select[Any]:
    """Visible events matching ``filters``; ``with_places`` loads hosts and venues too."""
    stmt = _event_filters(sa.select(Event), person, filters)
    if with_places:
        stmt = stmt.options(selectinload(Event.host_member), selectinload(Event.venue))
    return stmt


def _on_postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _during() -> sa.ColumnElement[Any]:
    """An event's time span as PostgreSQL's ``tsrange``: the expression ``ix_event_during``
    indexes (GiST), so conditions on it are read from that index and estimated from its
    statistics."""
    return sa.func.tsrange(Event.start_at, Event.end_at, sa.literal_column("'[]'"))


def _utc(value: datetime) -> sa.BindParameter[Any]:
    return sa.literal(value, type_=Event.__table__.c.start_at.type)


def under_way(at: datetime) -> sa.ColumnElement[bool]:
    """Events begun before ``at`` that end at or after it (``start_at < at <= end_at``),
    read from ``ix_event_during`` (PostgreSQL) or ``ix_event_end_at_start_at``."""
    if _on_postgresql():
        return sa.and_(_during().op("@>")(_utc(at)), Event.start_at < at)
    return sa.and_(Event.end_at >= at, Event.start_at < at)


def agenda(
    person: Any,
    filters: EventFilters,
    now: datetime,
    past: bool = False,
    window: int | None = None,
) -> sa.Select[Any]:
    """Upcoming (or past) events, soonest (or latest) first; ``window``: the caller reads
    no further than that many upcoming rows (a page's ``offset + limit``).

    Past events are read backwards from the start-time index; ``start_at < now`` selects
    exactly the same events (an event ends after it starts: ``ends_after_start``) but
    lets the index start at now instead of walking every future event first (898 ms ->
    4 ms on the national data set).

    Upcoming events are those ending at or after now, in start order. Read as that one
    condition, the start-time index was walked from its first (oldest) entry, since an
    event under way started in the past (77 ms at national size). So they are read as
    two parts whose union is exactly that set: the events under way (``under_way``: a
    few, found in an index of time spans without visiting past events) and the events
    still to start (``start_at >= now``, read in start
    order from the start-time index, at most ``window`` of them). Every event under way
    sorts before every event still to start, so ``ORDER BY start_at, id`` over the union
    is the old order, ties by id included.
    """
    if past:
        return (
            event_query(person, filters)
            .where(Event.end_at < now, Event.start_at < now)
            .order_by(Event.start_at.desc(), Event.id)
        )
    tree = member_tree_ids(filters.member_id) if filters.member_id else None
    ongoing = _event_filters(sa.select(Event), person, filters, tree).where(under_way(now))
    to_start = _event_filters(sa.select(Event), person, filters, tree).where(Event.start_at >= now)
    if window is not None:
        # The page's rows are at most ``window`` rows into the list: the index is read
        # that far (PostgreSQL plans the outer sort over both parts as a merge).
        limited = to_start.order_by(Event.start_at, Event.id).limit(window).subquery("to_start")
        to_start = sa.select(*limited.c)
    upcoming = sa.union_all(ongoing, to_start).subquery("upcoming")
    event = aliased(Event, upcoming)
    return (
        sa.select(event)
        .select_from(upcoming)
        .options(selectinload(event.host_member), selectinload(event.venue))
        .order_by(event.start_at, event.id)
    )


def agenda_page(
    person: Any, filters: EventFilters, now: datetime, past: bool, page: int, per_page: int
) -> CappedPage:
    """One page of the agenda (``web.paginate_capped``'s rows and capped count), reading
    upcoming events no further than the page."""
    if past:
        return paginate_capped(agenda(person, filters, now, past=True), page, per_page)
    offset = (page - 1) * per_page
    stmt = agenda(person, filters, now, window=offset + per_page + 1)
    rows = db.session.execute(stmt.limit(per_page + 1).offset(offset)).scalars().all()
    return capped_page(agenda(person, filters, now), rows, page, per_page)


def _overlapping(start: datetime, end: datetime) -> sa.ColumnElement[bool]:
    """Events overlapping [start, end): ``start_at < end AND end_at > start``. On
    PostgreSQL also the time span's overlap with [start, end], which reads them from
    ``ix_event_during``; read from the start-time index, ``start_at < end`` walked it from
    its first (oldest) entry."""
    overlap = sa.and_(Event.start_at < end, Event.end_at > start)
    if _on_postgresql():
        window = sa.func.tsrange(_utc(start), _utc(end), sa.literal_column("'[]'"))
        return sa.and_(_during().op("&&")(window), overlap)
    return overlap


def calendar_events(
    person: Any, filters: EventFilters, start: datetime, end: datetime, locale: str
) -> list[calendar_grid.GridEvent]:
    """Events overlapping [start, end) in start order, as the month grid's few columns
    (rows, not model objects: no identity map or change tracking for thousands), the
    title already in ``locale`` (``Event.display_title``)."""
    title: Any = Event.title_th
    if locale == "en":
        title = sa.case((Event.title_en != "", Event.title_en), else_=Event.title_th)
    columns = (
        Event.id,
        Event.kind,
        title,
        Event.status,
        Event.start_at,
        Event.end_at,
        Event.timezone,
        Event.is_all_day,
        Event.start_date,
        Event.end_date,
    )  # fmt: skip  (GridEvent's fields, in order)
    stmt = (
        _event_filters(sa.select(*columns), person, filters)
        .where(_overlapping(start, end))
        .order_by(Event.start_at, Event.id)
    )
    return [calendar_grid.GridEvent(*row) for row in db.session.execute(stmt)]


def session_starts(events: Iterable[calendar_grid.GridEvent]) -> dict[int, list[datetime]]:
    """Start times of the sessions of the classes among ``events`` (what ``calendar_events``
    found: only classes have sessions, and an event's kind never changes), by event id, in
    time order. Asking by id does not repeat the month's event search (~70 ms a month at
    national size)."""
    class_ids = [event.id for event in events if event.kind == EventKind.TRAINING.value]
    if not class_ids:
        return {}
    rows = db.session.execute(
        sa.select(TrainingSession.event_id, TrainingSession.start_at)
        .where(TrainingSession.event_id.in_(class_ids))
        .order_by(TrainingSession.start_at, TrainingSession.id)
    )
    by_event: dict[int, list[datetime]] = {}
    for event_id, session_start in rows:
        by_event.setdefault(event_id, []).append(session_start)
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
