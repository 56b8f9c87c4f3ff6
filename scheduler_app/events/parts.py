"""Rules every kind's parts share (rally stops, training sessions, programme lines):
a cancelled event's parts are frozen, dates stay near the event, a change moves the
event's SEQUENCE and tells listeners, and "move up / down" swaps neighbours. Never commit."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from scheduler_app.core import events_time
from scheduler_app.events import signals
from scheduler_app.events.models import Event
from scheduler_app.events.operations import EventError, bump_sequence
from scheduler_app.extensions import db

UP, DOWN = "up", "down"

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
    signals.event_parts_changed.send(event, retime=retime, now=now)


def neighbour(items: list[Any], item: Any, direction: str) -> Any:
    """The item just before (up) or after (down) ``item``; refused at either end."""
    index = items.index(item)
    other = index - 1 if direction == UP else index + 1
    if direction not in (UP, DOWN) or not 0 <= other < len(items):
        raise EventError(_l("This item cannot move further in that direction."))
    return items[other]
