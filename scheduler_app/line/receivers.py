"""LINE listens to the events it words differently: a moved event's reminders say so."""

from __future__ import annotations

from datetime import datetime

from scheduler_app.events import signals
from scheduler_app.events.models import Event
from scheduler_app.line.channel import note_moved

TIME_FIELDS = {"start_at", "end_at", "is_all_day", "start_date", "end_date", "timezone"}


@signals.event_changed.connect
def event_moved(event: Event, changed: list[str], now: datetime) -> None:
    if event.is_published and TIME_FIELDS.intersection(changed):
        note_moved(event.id, now)
