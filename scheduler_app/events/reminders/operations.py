"""Reminders before events: outbox rows queued ahead with ``send_after``.

Keys name the event, the person, the event's SEQUENCE, the registration's stamp, the
target (event, rally stop, training session) and the offset::

    reminder:event:7:person:42:seq:3:r1767225600:stop12:1d

so moving an event (a new SEQUENCE) withdraws the old rows and queues new ones with the
new time and text; cancelling withdraws every pending row of the event; un-registering
withdraws that person's (``receivers.py`` does all this when the events area signals).
``sync_event_reminders`` is idempotent: ``followups run`` calls ``sync_upcoming`` to catch
anything else.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from scheduler_app.accounts.mail_preferences import Category, allows, queue_for_person
from scheduler_app.core.reminders import (
    OffsetError,
    PlannedReminder,
    Target,
    parse_offsets,
    plan_reminders,
)
from scheduler_app.events.mail_context import event_values
from scheduler_app.events.models import Event, EventKind, Registration, RegistrationStatus
from scheduler_app.extensions import db
from scheduler_app.mail.models import OutboxStatus
from scheduler_app.mail.services import pending_with_prefix, withdraw_mail

KIND = "reminder"


def event_prefix(event_id: int) -> str:
    return f"reminder:event:{event_id}:"


def person_prefix(event_id: int, person_id: int) -> str:
    return f"{event_prefix(event_id)}person:{person_id}:"


def _targets(registration: Registration) -> tuple[list[Target], bool]:
    """What this person is reminded of, and whether later targets get one reminder only."""
    event = registration.event
    stop = registration.from_stop
    if event.kind == EventKind.RALLY and stop is not None:
        when = stop.arrive_at or stop.depart_at
        if when is not None:
            return [Target(f"stop{stop.id}", when, stop.name)], False
    if event.kind == EventKind.TRAINING and event.sessions:
        sessions = [Target(f"session{s.id}", s.start_at, s.title) for s in event.sessions]
        return sessions, True
    return [Target("event", event.start_at)], False


def planned_for(registration: Registration, now: datetime) -> list[PlannedReminder]:
    """Reminders this registration should have at ``now`` (none unless confirmed)."""
    event = registration.event
    if registration.status != RegistrationStatus.CONFIRMED or not event.is_published:
        return []
    try:
        offsets = parse_offsets(event.reminder_offsets)
    except OffsetError:
        offsets = parse_offsets("7d,1d")
    targets, shortest_later = _targets(registration)
    return plan_reminders(targets, offsets, now, later_targets_shortest_only=shortest_later)


def reminder_key(registration: Registration, planned: PlannedReminder) -> str:
    stamp = int(registration.created_at.timestamp()) if registration.created_at else 0
    return (
        f"{person_prefix(registration.event_id, registration.person_id)}"
        f"seq:{registration.event.sequence}:r{stamp}:{planned.target.key}:{planned.offset}"
    )


def _queue(registration: Registration, planned: PlannedReminder, key: str, moved: bool) -> None:
    person = registration.person
    context: dict[str, Any] = event_values(registration.event) | {
        "target_kind": planned.target.key.rstrip("0123456789"),
        "target_label": planned.target.label,
        "target_start_at": planned.target.start_at,
        "offset": planned.offset,
        # Queued because the event's time changed: channels that word it (LINE) say so.
        "event_moved": moved,
    }
    queue_for_person(
        KIND, person, context, key, category=Category.REMINDERS, send_after=planned.send_at
    )


def _desired(registrations: list[Registration], now: datetime) -> dict[str, Any]:
    desired: dict[str, Any] = {}
    for registration in registrations:
        if not allows(registration.person, Category.REMINDERS):
            continue
        for planned in planned_for(registration, now):
            desired[reminder_key(registration, planned)] = (registration, planned)
    return desired


def _apply(
    prefix: str, desired: dict[str, Any], now: datetime, sequence: int, moved: bool = False
) -> int:
    """Withdraw pending rows under ``prefix`` that are no longer wanted; queue the rest.

    A reminder already due but not yet sent is no longer "planned" (its time has passed)
    but still wanted while the event is unchanged (same sequence): it stays to be sent.
    """
    unchanged = f":seq:{sequence}:"
    for row in pending_with_prefix(prefix):
        due_and_current = row.send_after <= now and unchanged in row.dedupe_key
        if row.dedupe_key not in desired and not due_and_current:
            row.status = OutboxStatus.WITHDRAWN.value
    for key, (registration, planned) in desired.items():
        _queue(registration, planned, key, moved)
    return len(desired)


def sync_registration_reminders(registration: Registration, now: datetime) -> int:
    """Queue (or re-time) one person's reminders for one event; returns how many wanted."""
    desired = _desired([registration], now)
    return _apply(
        person_prefix(registration.event_id, registration.person_id),
        desired,
        now,
        registration.event.sequence,
    )


def sync_event_reminders(event: Event, now: datetime, moved: bool = False) -> int:
    """Bring every confirmed registrant's pending reminders in line with the event
    (``moved``: because its time, or its parts' times, changed)."""
    registrations = list(
        db.session.execute(
            sa.select(Registration)
            .where(
                Registration.event_id == event.id,
                Registration.status == RegistrationStatus.CONFIRMED.value,
            )
            .options(selectinload(Registration.person), selectinload(Registration.from_stop))
        ).scalars()
    )
    desired = _desired(registrations, now)
    return _apply(event_prefix(event.id), desired, now, event.sequence, moved)


def withdraw_event_reminders(event: Event) -> int:
    return withdraw_mail(event_prefix(event.id))


def withdraw_person_reminders(registration: Registration) -> int:
    return withdraw_mail(person_prefix(registration.event_id, registration.person_id))


def sync_upcoming(now: datetime, horizon_end: datetime) -> int:
    """Sync every published event starting between ``now`` and ``horizon_end``."""
    events = db.session.execute(
        sa.select(Event).where(
            Event.status == "published", Event.end_at > now, Event.start_at <= horizon_end
        )
    ).scalars()
    return sum(sync_event_reminders(event, now) for event in events)
