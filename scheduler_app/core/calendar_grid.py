"""The month grid of a calendar page: weeks of days, Monday first, as Thai calendars print."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from scheduler_app.core import events_time


def month_weeks(year: int, month: int) -> list[list[date]]:
    """Full weeks (Monday to Sunday) covering the month, with days of the adjacent months."""
    return calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)


def clamp_month(year: int | None, month: int | None, today: date) -> tuple[int, int]:
    """A valid (year, month), defaulting to ``today``'s month for missing or bad values.

    Years typed in the Buddhist Era (> 2400) are converted to the Gregorian year.
    """
    y = year if year is not None else today.year
    if y > 2400:
        y -= 543
    m = month if month is not None else today.month
    if not 1 <= m <= 12 or not 1900 <= y <= 2200:
        return today.year, today.month
    return y, m


def neighbours(year: int, month: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """The previous and next (year, month)."""
    prev = (year - 1, 12) if month == 1 else (year, month - 1)
    nxt = (year + 1, 1) if month == 12 else (year, month + 1)
    return prev, nxt


def days_shown(
    start_at: datetime, end_at: datetime, zone_name: str, first: date, last: date
) -> list[date]:
    """The local days an event touches that fall in ``first``..``last``.

    Costs what the shown range costs, never the event's span: a visit stored from year
    2000 to 2100 adds at most the grid's 42 days. An end at exactly midnight is
    exclusive, as in ``events_time.local_days``.
    """
    start = events_time.utc_to_local(start_at, zone_name)
    end = events_time.utc_to_local(end_at, zone_name)
    return _local_days_shown(start, end, first, last)


def _local_days_shown(start: datetime, end: datetime, first: date, last: date) -> list[date]:
    """``days_shown`` of an event whose start and end are already local times."""
    final = end.date()
    if end.time() == time(0) and end > start:
        final -= timedelta(days=1)
    final = max(final, start.date())
    day, stop = max(start.date(), first), min(final, last)
    days = []
    while day <= stop:
        days.append(day)
        day += timedelta(days=1)
    return days


@dataclass(frozen=True, slots=True)
class GridEvent:
    """What a month grid shows of an event (a row of a few columns, not a model object:
    a month holds thousands of events at national size). Reads like an ``Event`` to the
    ``event_time`` and ``event_when`` filters."""

    id: int
    kind: str
    title: str
    status: str
    start_at: datetime
    end_at: datetime
    timezone: str
    is_all_day: bool
    start_date: date | None
    end_date: date | None

    @property
    def is_cancelled(self) -> bool:
        return self.status == "cancelled"


Entry = tuple[GridEvent, datetime | None]


def day_entries(
    events: Iterable[GridEvent],
    session_starts: Mapping[int, Sequence[datetime]],
    first: date,
    last: date,
) -> dict[date, list[Entry]]:
    """Day -> (event, time to show) entries in the events' order: a class on its session
    days (``session_starts`` by event id) with each session's start time, other events on
    every day of ``first``..``last`` they span, with the start time on the first day only
    (none for all-day events)."""
    by_day: dict[date, list[Entry]] = {}
    for event in events:
        starts = session_starts.get(event.id)
        if starts:
            for start in starts:
                day = events_time.utc_to_local(start, event.timezone).date()
                by_day.setdefault(day, []).append((event, start))
            continue
        start = events_time.utc_to_local(event.start_at, event.timezone)
        end = events_time.utc_to_local(event.end_at, event.timezone)
        first_day = start.date()
        for day in _local_days_shown(start, end, first, last):
            at = event.start_at if day == first_day and not event.is_all_day else None
            by_day.setdefault(day, []).append((event, at))
    return by_day
