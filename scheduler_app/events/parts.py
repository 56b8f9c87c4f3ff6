"""Rules every kind's parts share (rally stops, training sessions, programme lines):
a cancelled event's parts are frozen, their dates stay inside the event's own dates, a
change moves the event's SEQUENCE and tells listeners, and "move up / down" swaps
neighbours. Never commit."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from scheduler_app.core import events_time, thaidate
from scheduler_app.events import kinds, signals
from scheduler_app.events.models import Event
from scheduler_app.events.operations import EventError, EventValues, bump_sequence, update_event
from scheduler_app.extensions import db
from scheduler_app.i18n import current_locale

UP, DOWN = "up", "down"

LAST = 1_000_000  # sorts a line not yet numbered after the others


def ensure_editable(event: Event) -> None:
    """Refuse changes to a cancelled event."""
    if event.is_cancelled:
        raise EventError(_l("A cancelled event cannot be edited."))


def event_days(event: Event) -> tuple[date, date]:
    """The event's first and last local day (an all-day event's end is exclusive)."""
    return event_days_of(event.start_at, event.end_at, event.timezone)


def event_days_of(start_at: datetime, end_at: datetime, zone_name: str) -> tuple[date, date]:
    """First and last local day of ``start_at`` to ``end_at`` (a midnight end is exclusive)."""
    days = events_time.local_days(start_at, end_at, zone_name)
    first = events_time.utc_to_local(start_at, zone_name).date()
    return first, (days[-1] if days else first)


def outside_message(first: date, last: date) -> Any:
    """ "Choose a date from <first> to <last>", dates as the reader writes them (BE in Thai)."""
    locale = current_locale()
    return _l(
        "Please choose a date within the event's dates, %(first)s to %(last)s.",
        first=thaidate.format_date(first, locale),
        last=thaidate.format_date(last, locale),
    )


def check_day(event: Event, day: date, field: str = "day") -> None:
    """Refuse a date outside the event's own dates (change the event's dates first)."""
    first, last = event_days(event)
    if not first <= day <= last:
        raise EventError(outside_message(first, last), field=field)


def mark_changed(event: Event, now: datetime, *, retime: bool = False) -> None:
    """A stop, session or programme line changed: calendars must see a new SEQUENCE, and
    reminders (which point at stops and sessions) move at once when ``retime``."""
    bump_sequence(event, now)
    db.session.flush()
    signals.event_parts_changed.send(event, retime=retime, now=now)


def copy_parts(parts: list[Any], into: list[Any], columns: tuple[str, ...]) -> None:
    """A new part with the same ``columns`` for each of ``parts``, appended to ``into``
    (a draft copy's stops, sessions or programme; what happened at them is not copied)."""
    for part in parts:
        into.append(type(part)(**{name: getattr(part, name) for name in columns}))


def neighbour(items: list[Any], item: Any, direction: str) -> Any:
    """The item just before (up) or after (down) ``item``; refused at either end."""
    index = items.index(item)
    other = index - 1 if direction == UP else index + 1
    if direction not in (UP, DOWN) or not 0 <= other < len(items):
        raise EventError(_l("This item cannot move further in that direction."))
    return items[other]


MOVE_PARTS, KEEP_PARTS = "move", "keep"


class PartsQuestion(Exception):
    """New dates would leave the event's parts behind: ask whether they move too."""

    def __init__(self, count: int, days: int) -> None:
        super().__init__(count, days)
        self.count = count
        self.days = days


def update_with_parts(event: Event, values: EventValues, now: datetime, answer: str | None) -> bool:
    """``update_event``, moving the kind's parts with the event's start when ``answer`` is
    ``move``. When the start moves and nobody answered yet, raises ``PartsQuestion``;
    parts that would end up outside the new dates are refused beside the start date."""
    spec = kinds.spec_of(event)
    count = len(spec.timed_parts(event))
    moved = False
    if count and "start_at" in values and "end_at" in values:
        old_first = event_days(event)[0]
        zone_name = values.get("timezone") or event.timezone
        first, last = event_days_of(values["start_at"], values["end_at"], zone_name)
        days = (first - old_first).days
        if days and answer not in (MOVE_PARTS, KEEP_PARTS):
            raise PartsQuestion(count, days)
        if days and answer == MOVE_PARTS:
            kinds.shift_parts(event, days)
            moved = True
        outside = sum(1 for day in kinds.part_days(event) if not first <= day <= last)
        if outside:
            raise EventError(
                _l(
                    "Some of the %(parts)s would fall outside the new dates. Move them with "
                    "the event, or change them first.",
                    parts=spec.count_parts(count),
                ),
                field="start_date",
            )
    visible = update_event(event, values, now)
    if moved:
        mark_changed(event, now, retime=True)
    return visible or moved
