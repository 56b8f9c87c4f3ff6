"""Verbs for training classes: sessions (add, generate a series, edit, move, remove) and
the roll-call. Never commit.

Moving a session swaps titles with its neighbour; dates and attendance stay with the
meeting they were taken at.
"""

from __future__ import annotations

from datetime import date, datetime, time

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from scheduler_app.core import events_time
from scheduler_app.core import sessions as sessions_core
from scheduler_app.events import signals
from scheduler_app.events.models import Event
from scheduler_app.events.operations import EventError
from scheduler_app.events.parts import (
    check_day,
    copy_parts,
    ensure_editable,
    event_days,
    mark_changed,
    neighbour,
    outside_message,
)
from scheduler_app.events.training.models import Attendance, TrainingSession
from scheduler_app.extensions import db


def _refuse_overlap(
    event: Event, slots: list[sessions_core.Slot], but: TrainingSession | None = None
) -> None:
    """Refused when one of ``slots`` overlaps a session of the class (other than ``but``)."""
    others = [sessions_core.Slot(s.start_at, s.end_at) for s in event.sessions if s is not but]
    if sessions_core.first_overlap(slots, others) is not None:
        raise EventError(_l("This session overlaps another session of the class."), field="day")


def _editable_slot(event: Event, day: date, start: time, end: time) -> sessions_core.Slot:
    """``start`` to ``end`` on ``day`` in the event's zone; refused when the event can no
    longer be edited or the day is outside it."""
    ensure_editable(event)
    check_day(event, day)
    return sessions_core.Slot(
        events_time.local_to_utc(day, start, event.timezone),
        events_time.local_to_utc(day, end, event.timezone),
    )


def _store_sessions(
    event: Event, slots: list[sessions_core.Slot], title: str, now: datetime
) -> list[TrainingSession]:
    _refuse_overlap(event, slots)
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
    slot = _editable_slot(event, day, start, end)
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
        raise EventError(outside_message(*event_days(event)), field="day") from None
    return _store_sessions(event, slots, title, now)


def remove_session(event: Event, session: TrainingSession, now: datetime) -> None:
    """Take a session off the class with its roll-call (deleted here, not left to the
    database's cascade, which SQLite does not enforce)."""
    ensure_editable(event)
    db.session.execute(sa.delete(Attendance).where(Attendance.session_id == session.id))
    event.sessions.remove(session)
    renumber_sessions(event)
    mark_changed(event, now, retime=True)


def roll_call_open(session: TrainingSession, now: datetime) -> bool:
    """Attendance is taken once a session has begun, never ahead of it."""
    return session.start_at <= now


def record_roll_call(
    session: TrainingSession, present_ids: set[int], enrolled_ids: list[int], now: datetime
) -> None:
    """Set who was present at a session (everyone else enrolled is absent); refused
    before the session begins."""
    if not roll_call_open(session, now):
        raise EventError(_l("Attendance can be taken once the session has begun."))
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
    db.session.flush()
    signals.attendance_recorded.send(session, now=now)


def attendance_counts(event: Event, now: datetime) -> dict[int, int]:
    """Sessions attended per person in this class (one query); only sessions that have
    begun count."""
    rows = db.session.execute(
        sa.select(Attendance.person_id, sa.func.count())
        .join(TrainingSession, TrainingSession.id == Attendance.session_id)
        .where(
            TrainingSession.event_id == event.id,
            TrainingSession.start_at <= now,
            Attendance.is_present,
        )
        .group_by(Attendance.person_id)
    ).all()
    return {person_id: n for person_id, n in rows}


def certificates_earned(
    person_id: int, now: datetime, event_ids: list[int] | None = None
) -> dict[int, date]:
    """Training classes (by event id) whose certificate the person has earned, each with
    the day it was earned in the class's zone: the day of the attended session that met
    the class's threshold. Two queries, however many classes."""
    attended = (
        sa.select(TrainingSession.event_id, TrainingSession.start_at)
        .join(Attendance, Attendance.session_id == TrainingSession.id)
        .where(
            Attendance.person_id == person_id,
            Attendance.is_present,
            TrainingSession.start_at <= now,
        )
    )
    if event_ids is not None:
        attended = attended.where(TrainingSession.event_id.in_(event_ids))
    times: dict[int, list[datetime]] = {}
    for event_id, start_at in db.session.execute(attended).all():
        times.setdefault(event_id, []).append(start_at)
    if not times:
        return {}
    rows = db.session.execute(
        sa.select(Event.id, Event.timezone, Event.attendance_threshold, sa.func.count())
        .join(TrainingSession, TrainingSession.event_id == Event.id)
        .where(Event.id.in_(times))
        .group_by(Event.id, Event.timezone, Event.attendance_threshold)
    ).all()
    earned: dict[int, date] = {}
    for event_id, zone_name, threshold, total in rows:
        at = sessions_core.certificate_earned_at(times[event_id], total, threshold)
        if at is not None:
            earned[event_id] = events_time.utc_to_local(at, zone_name).date()
    return earned


def attendance_records(session: TrainingSession) -> int:
    """How many roll-call entries (present or absent) a session holds."""
    return int(
        db.session.execute(
            sa.select(sa.func.count())
            .select_from(Attendance)
            .where(Attendance.session_id == session.id)
        ).scalar_one()
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
    slot = _editable_slot(event, day, start, end)
    _refuse_overlap(event, [slot], but=session)
    session.title = title.strip()
    session.start_at, session.end_at = slot.start_at, slot.end_at
    renumber_sessions(event)
    mark_changed(event, now, retime=True)


def move_session(event: Event, session: TrainingSession, direction: str, now: datetime) -> None:
    """Swap titles with the session before or after; dates and attendance stay put."""
    ensure_editable(event)
    ordered = sorted(event.sessions, key=lambda s: s.start_at)
    other = neighbour(ordered, session, direction)
    session.title, other.title = other.title, session.title
    mark_changed(event, now, retime=True)


def copy_sessions(source: Event, copy: Event) -> None:
    """The sessions of ``source`` onto its draft copy (no attendance)."""
    copy_parts(source.sessions, copy.sessions, ("position", "title", "start_at", "end_at"))
