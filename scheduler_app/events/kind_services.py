"""Verbs for the parts of each kind: rally stops and stop check-in, training sessions
and roll-call, programme items, learning reports. Never commit."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from scheduler_app.core import events_time
from scheduler_app.core import rally as rally_core
from scheduler_app.core import sessions as sessions_core
from scheduler_app.events import notifications
from scheduler_app.events.kind_models import (
    Attendance,
    LearningReport,
    ProgrammeItem,
    RallyCheckIn,
    RallyStop,
    TrainingSession,
)
from scheduler_app.events.models import Event, Registration
from scheduler_app.events.models import RegistrationStatus as RS
from scheduler_app.events.services import EventError, bump_sequence
from scheduler_app.extensions import db

# Dates of stops, sessions and programme items stay this close to the event's start
# (a fortnightly 52-session class runs two years); also keeps typos like 0202 out.
MAX_DAYS_FROM_START = 740
LAST = 1_000_000  # sorts a line not yet numbered after the others


def ensure_editable(event: Event) -> None:
    """Refuse changes to a cancelled event."""
    if event.is_cancelled:
        raise EventError(_l("A cancelled event cannot be edited."))


def check_day(event: Event, day: date, field: str = "day") -> None:
    """Refuse a date implausibly far from the event's start."""
    first = events_time.utc_to_local(event.start_at, event.timezone).date()
    if abs((day - first).days) > MAX_DAYS_FROM_START:
        raise EventError(
            _l("Please choose a date within two years of the event's start."), field=field
        )


def mark_changed(event: Event, now: datetime, *, retime: bool = False) -> None:
    """A stop, session or programme line changed: calendars must see a new SEQUENCE, and
    reminders (which point at stops and sessions) move at once when ``retime``."""
    bump_sequence(event, now)
    db.session.flush()
    if retime and event.is_published:
        notifications.reminders_changed(event)


def stop_times(event: Event, values: dict[str, Any]) -> tuple[datetime, datetime]:
    """UTC arrival and departure from a stop form's local date and clock times."""
    day: date = values["arrive_date"]
    check_day(event, day, "arrive_date")
    arrive = events_time.local_to_utc(day, values["arrive_time"], event.timezone)
    depart = events_time.local_to_utc(day, values["depart_time"], event.timezone)
    return arrive, depart


def add_stop(event: Event, values: dict[str, Any], now: datetime) -> RallyStop:
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
        name=values["name"].strip(),
        host_member_id=values.get("host_member_id"),
        venue_id=values.get("venue_id"),
        latitude=values.get("latitude"),
        longitude=values.get("longitude"),
        arrive_at=arrive,
        depart_at=depart,
    )
    event.stops.append(stop)
    mark_changed(event, now, retime=True)
    return stop


def remove_stop(event: Event, stop: RallyStop, now: datetime) -> None:
    """Remove a stop and close the gap in the numbering."""
    ensure_editable(event)
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
    return True


def _slots(event: Event) -> list[sessions_core.Slot]:
    return [sessions_core.Slot(s.start_at, s.end_at) for s in event.sessions]


def _store_sessions(
    event: Event, slots: list[sessions_core.Slot], title: str, now: datetime
) -> list[TrainingSession]:
    clash = sessions_core.first_overlap(slots, _slots(event))
    if clash is not None:
        raise EventError(_l("This session overlaps another session of the class."), field="day")
    created = []
    for slot in slots:
        session = TrainingSession(title=title, start_at=slot.start_at, end_at=slot.end_at)
        event.sessions.append(session)
        created.append(session)
    renumber_sessions(event)
    mark_changed(event, now, retime=True)
    return created


def renumber_sessions(event: Event) -> None:
    """Session numbers follow the calendar."""
    for position, session in enumerate(sorted(event.sessions, key=lambda s: s.start_at), 1):
        session.position = position


def add_session(
    event: Event, day: date, start: time, end: time, title: str, now: datetime
) -> TrainingSession:
    """One session; refused when it overlaps another."""
    ensure_editable(event)
    check_day(event, day)
    slot = sessions_core.Slot(
        events_time.local_to_utc(day, start, event.timezone),
        events_time.local_to_utc(day, end, event.timezone),
    )
    return _store_sessions(event, [slot], title, now)[0]


def generate_sessions(
    event: Event,
    first_day: date,
    start: time,
    end: time,
    *,
    every_weeks: int,
    count: int,
    exceptions: list[date],
    title: str,
    now: datetime,
) -> list[TrainingSession]:
    """A weekly or fortnightly series; all or nothing when one would overlap."""
    ensure_editable(event)
    check_day(event, first_day)
    try:
        slots = sessions_core.generate_series(
            first_day, start, end, event.timezone,
            every_weeks=every_weeks, count=count, exceptions=exceptions,
        )  # fmt: skip
        for slot in slots:
            check_day(event, events_time.utc_to_local(slot.start_at, event.timezone).date())
    except OverflowError:
        raise EventError(
            _l("Please choose a date within two years of the event's start."), field="day"
        ) from None
    return _store_sessions(event, slots, title, now)


def remove_session(event: Event, session: TrainingSession, now: datetime) -> None:
    ensure_editable(event)
    event.sessions.remove(session)
    renumber_sessions(event)
    mark_changed(event, now, retime=True)


def enrolled(event: Event) -> list[Registration]:
    """Confirmed participants (the class list)."""
    from scheduler_app.events.queries import registrations_for

    return [r for r in registrations_for(event) if r.status == RS.CONFIRMED.value]


def record_roll_call(
    session: TrainingSession, present_ids: set[int], enrolled_ids: list[int], now: datetime
) -> None:
    """Set who was present at a session (everyone else enrolled is absent)."""
    existing = {
        a.person_id: a
        for a in db.session.execute(
            sa.select(Attendance).where(Attendance.session_id == session.id)
        ).scalars()
    }
    for person_id in enrolled_ids:
        row = existing.get(person_id)
        if row is None:
            row = Attendance(session_id=session.id, person_id=person_id)
            db.session.add(row)
        row.is_present = person_id in present_ids
        row.recorded_at = now


def attendance_counts(event: Event) -> dict[int, int]:
    """Sessions attended per person in this class (one query)."""
    rows = db.session.execute(
        sa.select(Attendance.person_id, sa.func.count())
        .join(TrainingSession, TrainingSession.id == Attendance.session_id)
        .where(TrainingSession.event_id == event.id, Attendance.is_present)
        .group_by(Attendance.person_id)
    ).all()
    return {person_id: n for person_id, n in rows}


def add_programme_item(event: Event, day: date, clock: time, title: str, now: datetime) -> None:
    """Add a line to the programme (the feeds show it in the event's DESCRIPTION)."""
    ensure_editable(event)
    check_day(event, day)
    starts_at = events_time.local_to_utc(day, clock, event.timezone)
    event.programme.append(ProgrammeItem(starts_at=starts_at, title=title.strip()))
    renumber_programme(event)
    mark_changed(event, now)


def renumber_programme(event: Event) -> None:
    """Programme lines follow their times (ties keep their order)."""
    ordered = sorted(event.programme, key=lambda item: (item.starts_at, item.position or LAST))
    for position, item in enumerate(ordered, 1):
        item.position = position


def file_report(event: Event, author: Any, text: str, now: datetime) -> LearningReport:
    """A learning report after the visit; completes the study-visit request."""
    from scheduler_app.events.visits import complete_visit

    if now < event.start_at:
        raise EventError(_l("A learning report can be filed once the visit has begun."))
    report = LearningReport(
        author_id=author.id, member_id=author.member_id, text=text.strip(), created_at=now
    )
    event.reports.append(report)
    complete_visit(event, now)
    db.session.flush()
    return report


def stop_check_ins(stop: RallyStop) -> set[int]:
    """Registration ids already checked in at ``stop``."""
    return set(
        db.session.execute(
            sa.select(RallyCheckIn.registration_id).where(RallyCheckIn.stop_id == stop.id)
        ).scalars()
    )


def present_ids(session: TrainingSession) -> set[int]:
    """People marked present at ``session``."""
    return set(
        db.session.execute(
            sa.select(Attendance.person_id).where(
                Attendance.session_id == session.id, Attendance.is_present
            )
        ).scalars()
    )
