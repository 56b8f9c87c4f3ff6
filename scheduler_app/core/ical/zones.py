"""Time zones: which ones a calendar writes as VTIMEZONE, and their components.

Times are written in an event's zone (``TZID=``) only when that zone has had one offset
since 1970 (Asia/Bangkok): its VTIMEZONE then holds a single observance and is exact.
Zones with daylight saving fall back to UTC.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone

from scheduler_app.core.ical.model import CalendarEvent, CalendarSpec

# A VTIMEZONE covers these years; events before it are written in UTC.
ZONE_FIRST_DATE = date(1970, 1, 1)
ZONE_LAST_DATE = date(2100, 1, 1)


def zones_used(calendar: CalendarSpec, events: Iterable[CalendarEvent]) -> tuple[str, ...]:
    """Zones to write as VTIMEZONE: the calendar's, then the events' own, when exact."""
    timed = sorted({e.tzid for e in events if isinstance(e.start, datetime)})
    seen: list[str] = []
    for tzid in [calendar.timezone, *timed]:
        if tzid not in seen and timezone(tzid) is not None:
            seen.append(tzid)
    return tuple(seen)


@lru_cache(maxsize=64)
def timezone(tzid: str) -> Timezone | None:
    """The VTIMEZONE of a zone with one observance from 1970 to 2100, else None.

    A zone with daylight saving or a later change of offset would need every transition
    in its VTIMEZONE; such zones (and UTC, which needs none) are written as UTC instead.
    """
    if tzid == "UTC":
        return None
    try:
        component = Timezone.from_tzid(tzid, first_date=ZONE_FIRST_DATE, last_date=ZONE_LAST_DATE)
    except ValueError:  # unknown zone
        return None
    return component if len(component.subcomponents) == 1 else None


@lru_cache(maxsize=64)
def zone(tzid: str) -> ZoneInfo:
    """The ``ZoneInfo`` of a zone name (memoised)."""
    return ZoneInfo(tzid)
