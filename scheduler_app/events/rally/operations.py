"""Verbs for rally stops: add, edit, move, remove, and check riders in at a stop.
Never commit.

Moving keeps the schedule in place and moves the content: a stop moved up takes the
previous stop's planned times (and the previous stop takes its times), so times stay in
order and check-ins stay with the place where the rider was seen.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from scheduler_app.core import events_time
from scheduler_app.core import rally as rally_core
from scheduler_app.events import signals
from scheduler_app.events.models import Event, Registration, RegistrationStatus
from scheduler_app.events.operations import EventError
from scheduler_app.events.parts import (
    check_day,
    copy_parts,
    ensure_editable,
    mark_changed,
    neighbour,
)
from scheduler_app.events.rally.forms import StopValues
from scheduler_app.events.rally.models import RallyCheckIn, RallyStop
from scheduler_app.extensions import db


def stop_times(event: Event, values: StopValues) -> tuple[datetime, datetime]:
    """UTC arrival and departure from a stop form's local date and clock times."""
    day: date = values["arrive_date"]
    check_day(event, day, "arrive_date")
    arrive = events_time.local_to_utc(day, values["arrive_time"], event.timezone)
    depart = events_time.local_to_utc(day, values["depart_time"], event.timezone)
    return arrive, depart


def add_stop(event: Event, values: StopValues, now: datetime) -> RallyStop:
    """Append a stop; its arrival must not come before the previous stop's departure."""
    ensure_editable(event)
    arrive, depart = stop_times(event, values)
    stops = list(event.stops)
    times = [(s.arrive_at, s.depart_at) for s in stops] + [(arrive, depart)]
    if not rally_core.stops_in_order(times):
        raise EventError(
            _l("This stop must come after the previous stop's departure."), field="arrive_time"
        )
    stop = RallyStop(
        position=(stops[-1].position + 1) if stops else 1,
        name=values["name"],
        host_member_id=values["host_member_id"],
        venue_id=values["venue_id"],
        latitude=values["latitude"],
        longitude=values["longitude"],
        arrive_at=arrive,
        depart_at=depart,
    )
    event.stops.append(stop)
    mark_changed(event, now, retime=True)
    return stop


def remove_stop(event: Event, stop: RallyStop, now: datetime) -> None:
    """Remove a stop and close the gap in the numbering; its check-ins go and riders who
    joined or left there keep their place without that stop (done here, not left to the
    database's cascade, which SQLite does not enforce)."""
    ensure_editable(event)
    db.session.execute(sa.delete(RallyCheckIn).where(RallyCheckIn.stop_id == stop.id))
    for column in (Registration.from_stop_id, Registration.to_stop_id):
        db.session.execute(
            sa.update(Registration)
            .where(column == stop.id)
            .values({column.key: None})
            .execution_options(synchronize_session=False)
        )
    event.stops.remove(stop)
    db.session.flush()
    for position, remaining in enumerate(event.stops, start=1):
        remaining.position = -position  # avoid clashing with the unique constraint
    db.session.flush()
    for remaining in event.stops:
        remaining.position = -remaining.position
    mark_changed(event, now, retime=True)


def check_in_at_stop(registration: Registration, stop: RallyStop, now: datetime) -> bool:
    """Record a rider at a stop; False when already recorded."""
    exists = db.session.execute(
        sa.select(RallyCheckIn.id).where(
            RallyCheckIn.registration_id == registration.id, RallyCheckIn.stop_id == stop.id
        )
    ).first()
    if exists:
        return False
    db.session.add(
        RallyCheckIn(registration_id=registration.id, stop_id=stop.id, checked_in_at=now)
    )
    if registration.checked_in_at is None:
        registration.checked_in_at = now
    signals.checked_in.send(registration, now=now, stop=stop)
    return True


def stop_usage(stop: RallyStop) -> tuple[int, int]:
    """Riders (active registrations) joining or leaving at ``stop``, and check-ins there:
    what removing the stop loses."""
    riders = db.session.execute(
        sa.select(sa.func.count())
        .select_from(Registration)
        .where(
            Registration.status != RegistrationStatus.CANCELLED.value,
            sa.or_(Registration.from_stop_id == stop.id, Registration.to_stop_id == stop.id),
        )
    ).scalar_one()
    check_ins = db.session.execute(
        sa.select(sa.func.count()).select_from(RallyCheckIn).where(RallyCheckIn.stop_id == stop.id)
    ).scalar_one()
    return int(riders), int(check_ins)


def stop_check_ins(stop: RallyStop) -> set[int]:
    """Registration ids already checked in at ``stop``."""
    return set(
        db.session.execute(
            sa.select(RallyCheckIn.registration_id).where(RallyCheckIn.stop_id == stop.id)
        ).scalars()
    )


def edit_stop(event: Event, stop: RallyStop, values: StopValues, now: datetime) -> None:
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
    stop.name = values["name"]
    stop.host_member_id = values["host_member_id"]
    stop.venue_id = values["venue_id"]
    stop.latitude = values["latitude"]
    stop.longitude = values["longitude"]
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
    other = neighbour(stops, stop, direction)
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


# What a copied stop keeps.
STOP_COLUMNS = (
    "position", "name", "host_member_id", "venue_id", "latitude", "longitude",
    "arrive_at", "depart_at",
)  # fmt: skip


def copy_stops(source: Event, copy: Event) -> None:
    """The stops of ``source`` onto its draft copy (no check-ins)."""
    copy_parts(source.stops, copy.stops, STOP_COLUMNS)
