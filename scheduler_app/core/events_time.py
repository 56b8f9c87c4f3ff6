"""Event times: local wall-clock input in the event's zone ↔ UTC storage.

Pure code (no Flask, ``now`` passed in). All-day events store ``start_date`` and an
*exclusive* ``end_date`` (the day after the last day, as iCalendar's DTEND wants);
forms show and accept the *inclusive* last day. ``start_at``/``end_at`` of an all-day
event are the local midnights bounding it, in UTC, so ordering and range queries work
on one pair of columns for every event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scheduler_app.core import thaidate

DEFAULT_ZONE_NAME = "Asia/Bangkok"


def zone(name: str | None) -> ZoneInfo:
    """The zone called ``name``, falling back to Asia/Bangkok for unknown names."""
    try:
        return ZoneInfo(name or DEFAULT_ZONE_NAME)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE_NAME)


def local_to_utc(day: date, clock: time, zone_name: str) -> datetime:
    """The UTC instant of wall-clock ``day clock`` in ``zone_name``."""
    return datetime.combine(day, clock, tzinfo=zone(zone_name)).astimezone(UTC)


def utc_to_local(value: datetime, zone_name: str) -> datetime:
    """``value`` (aware) as wall-clock time in ``zone_name``."""
    return value.astimezone(zone(zone_name))


@dataclass(frozen=True)
class EventTimes:
    """The stored time columns of an event."""

    start_at: datetime
    end_at: datetime
    start_date: date | None
    end_date: date | None  # exclusive


def timed(
    start_day: date, start_clock: time, end_day: date, end_clock: time, zone_name: str
) -> EventTimes:
    """Times for an event with clock times entered in its zone."""
    return EventTimes(
        start_at=local_to_utc(start_day, start_clock, zone_name),
        end_at=local_to_utc(end_day, end_clock, zone_name),
        start_date=None,
        end_date=None,
    )


def all_day(first_day: date, last_day: date, zone_name: str) -> EventTimes:
    """Times for an all-day event from its first to its (inclusive) last day."""
    end_exclusive = last_day + timedelta(days=1)
    return EventTimes(
        start_at=local_to_utc(first_day, time(0, 0), zone_name),
        end_at=local_to_utc(end_exclusive, time(0, 0), zone_name),
        start_date=first_day,
        end_date=end_exclusive,
    )


def inclusive_last_day(end_date_exclusive: date) -> date:
    """The last day of an all-day event, as people say it."""
    return end_date_exclusive - timedelta(days=1)


def window_is_open(now: datetime, opens_at: datetime | None, closes_at: datetime | None) -> bool:
    """Whether ``now`` lies inside a registration window (open ends are unbounded)."""
    if opens_at is not None and now < opens_at:
        return False
    return not (closes_at is not None and now >= closes_at)


def month_range_utc(year: int, month: int, zone_name: str) -> tuple[datetime, datetime]:
    """UTC bounds [first local midnight of the month, first of next month)."""
    first = date(year, month, 1)
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return local_to_utc(first, time(0), zone_name), local_to_utc(following, time(0), zone_name)


def local_days(start_at: datetime, end_at: datetime, zone_name: str) -> list[date]:
    """Every local day an event touches (an end at exactly midnight is exclusive)."""
    start = utc_to_local(start_at, zone_name)
    end = utc_to_local(end_at, zone_name)
    last = end.date()
    if end.time() == time(0) and end > start:
        last -= timedelta(days=1)
    days = []
    current = start.date()
    while current <= last:
        days.append(current)
        current += timedelta(days=1)
    return days or [start.date()]


def describe_when(
    start_at: datetime,
    end_at: datetime,
    *,
    is_all_day: bool,
    start_date: date | None,
    end_date: date | None,
    zone_name: str,
    locale: str,
    style: thaidate.Style = "medium",
) -> str:
    """An event's whole span in words, in its own zone: '23 พ.ย. 2569 09:00 น. – 16:00 น.',
    '23 พ.ย. 2569 – 25 พ.ย. 2569' for all-day events over several days (the first and
    last day in full), or both ends in full when a timed event crosses midnight."""
    if is_all_day and start_date and end_date:
        first = thaidate.format_date(start_date, locale, style)
        last_day = inclusive_last_day(end_date)
        if last_day <= start_date:
            return first
        return f"{first} – {thaidate.format_date(last_day, locale, style)}"
    tz = zone(zone_name)
    start = thaidate.format_datetime(start_at, tz, locale, style)
    if start_at.astimezone(tz).date() == end_at.astimezone(tz).date():
        return f"{start} – {thaidate.format_time(end_at, tz, locale)}"
    return f"{start} – {thaidate.format_datetime(end_at, tz, locale, style)}"


def shift_days(value: datetime, days: int, zone_name: str) -> datetime:
    """``value`` moved by whole local days, keeping its wall-clock time in ``zone_name``."""
    local = utc_to_local(value, zone_name)
    return local_to_utc(local.date() + timedelta(days=days), local.time(), zone_name)
