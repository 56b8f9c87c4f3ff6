"""Editing and reordering what hosts added to an event: rally stops, training sessions,
study-visit programme lines. Never commit.

Every change checks the same rules as adding, changes nothing when refused, bumps the
event's SEQUENCE (calendars show stops and sessions as their own VEVENTs and the
programme in the DESCRIPTION) and re-times reminders for stops and sessions.

Moving keeps the schedule in place and moves the content: a stop moved up takes the
previous stop's planned times (and the previous stop takes its times), a session or
programme line moved up swaps titles with the one before it. So times always stay in
order, attendance stays with the meeting it was taken at, and check-ins stay with the
place where the rider was seen.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from scheduler_app.core import events_time
from scheduler_app.core import rally as rally_core
from scheduler_app.core import sessions as sessions_core
from scheduler_app.events.kind_models import ProgrammeItem, RallyStop, TrainingSession
from scheduler_app.events.kind_services import (
    check_day,
    ensure_editable,
    mark_changed,
    renumber_programme,
    renumber_sessions,
    stop_times,
)
from scheduler_app.events.models import Event, Registration, RegistrationStatus
from scheduler_app.events.services import EventError
from scheduler_app.extensions import db

UP, DOWN = "up", "down"


def _neighbour(items: list[Any], item: Any, direction: str) -> Any:
    """The item just before (up) or after (down) ``item``; refused at either end."""
    index = items.index(item)
    other = index - 1 if direction == UP else index + 1
    if direction not in (UP, DOWN) or not 0 <= other < len(items):
        raise EventError(_l("This item cannot move further in that direction."))
    return items[other]


# ---- rally stops ---------------------------------------------------------------------


def edit_stop(event: Event, stop: RallyStop, values: dict[str, Any], now: datetime) -> None:
    """Change a stop; its times must still fit between its neighbours'."""
    ensure_editable(event)
    arrive, depart = stop_times(event, values)
    times = [
        (arrive, depart) if other is stop else (other.arrive_at, other.depart_at)
        for other in event.stops
    ]
    if not rally_core.stops_in_order(times):
        raise EventError(
            _l(
                "This stop's times must fall between the previous stop's departure and the "
                "next stop's arrival."
            ),
            field="arrive_time",
        )
    stop.name = values["name"].strip()
    stop.host_member_id = values.get("host_member_id")
    stop.venue_id = values.get("venue_id")
    stop.latitude = values.get("latitude")
    stop.longitude = values.get("longitude")
    stop.arrive_at, stop.depart_at = arrive, depart
    mark_changed(event, now, retime=True)


def _reverses_a_journey(first: RallyStop, second: RallyStop) -> bool:
    """Whether a rider joins at one of two neighbouring stops and leaves at the other."""
    ids = (first.id, second.id)
    found = db.session.execute(
        sa.select(Registration.id).where(
            Registration.event_id == first.event_id,
            Registration.status != RegistrationStatus.CANCELLED.value,
            Registration.from_stop_id.in_(ids),
            Registration.to_stop_id.in_(ids),
            Registration.from_stop_id != Registration.to_stop_id,
        )
    ).first()
    return found is not None


def move_stop(event: Event, stop: RallyStop, direction: str, now: datetime) -> None:
    """Swap a stop with its neighbour in the route; the planned times stay in order."""
    ensure_editable(event)
    stops = list(event.stops)
    other = _neighbour(stops, stop, direction)
    if _reverses_a_journey(stop, other):
        raise EventError(
            _l("A rider joins at one of these stops and leaves at the other; they cannot swap.")
        )
    mine, theirs = stop.position, other.position
    stop.position = -mine  # step aside: positions are unique per rally
    db.session.flush()
    other.position = mine
    db.session.flush()
    stop.position = theirs
    stop.arrive_at, other.arrive_at = other.arrive_at, stop.arrive_at
    stop.depart_at, other.depart_at = other.depart_at, stop.depart_at
    db.session.flush()
    db.session.expire(event, ["stops"])
    mark_changed(event, now, retime=True)


# ---- training sessions ---------------------------------------------------------------


def edit_session(
    event: Event,
    session: TrainingSession,
    day: date,
    start: time,
    end: time,
    title: str,
    now: datetime,
) -> None:
    """Change a session's date, times or title; refused when it would overlap another."""
    ensure_editable(event)
    check_day(event, day)
    slot = sessions_core.Slot(
        events_time.local_to_utc(day, start, event.timezone),
        events_time.local_to_utc(day, end, event.timezone),
    )
    others = [sessions_core.Slot(s.start_at, s.end_at) for s in event.sessions if s is not session]
    if sessions_core.first_overlap([slot], others) is not None:
        raise EventError(_l("This session overlaps another session of the class."), field="day")
    session.title = title.strip()
    session.start_at, session.end_at = slot.start_at, slot.end_at
    renumber_sessions(event)
    mark_changed(event, now, retime=True)


def move_session(event: Event, session: TrainingSession, direction: str, now: datetime) -> None:
    """Swap titles with the session before or after; dates and attendance stay put."""
    ensure_editable(event)
    ordered = sorted(event.sessions, key=lambda s: s.start_at)
    other = _neighbour(ordered, session, direction)
    session.title, other.title = other.title, session.title
    mark_changed(event, now, retime=True)


# ---- study-visit programme -----------------------------------------------------------


def edit_programme_item(
    event: Event, item: ProgrammeItem, day: date, clock: time, title: str, now: datetime
) -> None:
    """Change a programme line's time or wording."""
    ensure_editable(event)
    check_day(event, day)
    item.starts_at = events_time.local_to_utc(day, clock, event.timezone)
    item.title = title.strip()
    renumber_programme(event)
    mark_changed(event, now)


def move_programme_item(event: Event, item: ProgrammeItem, direction: str, now: datetime) -> None:
    """Swap wording with the line before or after; the times stay in order."""
    ensure_editable(event)
    other = _neighbour(list(event.programme), item, direction)
    item.title, other.title = other.title, item.title
    mark_changed(event, now)


def remove_programme_item(event: Event, item: ProgrammeItem, now: datetime) -> None:
    """Take a line off the programme."""
    ensure_editable(event)
    event.programme.remove(item)
    renumber_programme(event)
    mark_changed(event, now)
