"""Reminders follow what happens to events: each receiver listens to one signal."""

from __future__ import annotations

from datetime import datetime

from scheduler_app.events import signals
from scheduler_app.events.models import Event, Registration
from scheduler_app.events.reminders import operations


@signals.registered.connect
@signals.promoted.connect
def seat_taken(registration: Registration, now: datetime) -> None:
    """A confirmed seat: the person's reminders."""
    operations.sync_registration_reminders(registration, now)


@signals.unregistered.connect
def seat_given_up(registration: Registration, now: datetime) -> None:
    operations.withdraw_person_reminders(registration)


TIME_FIELDS = frozenset({"start_at", "end_at", "is_all_day", "start_date", "end_date", "timezone"})


@signals.event_changed.connect
def event_moved(event: Event, changed: list[str], now: datetime, **_: object) -> None:
    """Something a calendar shows moved: re-time (and re-word) pending reminders."""
    if event.is_published and changed:
        operations.sync_event_reminders(event, now, moved=bool(TIME_FIELDS.intersection(changed)))


@signals.reminders_changed.connect
def offsets_changed(event: Event, now: datetime) -> None:
    operations.sync_event_reminders(event, now)


@signals.event_parts_changed.connect
def parts_changed(event: Event, retime: bool, now: datetime) -> None:
    """Reminders point at stops and sessions: move them with their parts."""
    if retime and event.is_published:
        operations.sync_event_reminders(event, now, moved=True)


@signals.event_cancelled.connect
def event_called_off(event: Event, was_published: bool, now: datetime) -> None:
    operations.withdraw_event_reminders(event)
