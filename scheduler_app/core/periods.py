"""Reporting periods people choose for participation figures: this year, the last 12
months, or a Buddhist Era year (``2568``), as a ``[start, end)`` window in UTC.

Years begin at local midnight on 1 January in the zone passed in (Thailand's for the
app). Pure code: no Flask, ``now`` passed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from scheduler_app.core.thaidate import BE_OFFSET

THIS_YEAR = "year"
LAST_12_MONTHS = "12m"
ALL_TIME = "all"
YEARS_OFFERED = 5  # this BE year and the four before it


@dataclass(frozen=True)
class Period:
    code: str
    start: datetime | None  # None: from the beginning
    end: datetime  # exclusive, never after ``now``
    be_year: int | None = None  # set for a calendar year

    @property
    def last_moment(self) -> datetime:
        """The last instant inside the period (what to show as its end)."""
        return self.end - timedelta(seconds=1)


def _year_start(year: int, zone: tzinfo) -> datetime:
    return datetime(year, 1, 1, tzinfo=zone).astimezone(UTC)


def _year(year: int, now: datetime, zone: tzinfo, code: str) -> Period:
    start = _year_start(year, zone)
    end = min(_year_start(year + 1, zone), now)
    return Period(code, start, end, year + BE_OFFSET)


def resolve(code: str | None, now: datetime, zone: tzinfo) -> Period | None:
    """The period ``code`` names as of ``now``; None for anything unknown (a year not
    offered, text, a year in the future)."""
    local_year = now.astimezone(zone).year
    code = (code or "").strip()
    if code == ALL_TIME:
        return Period(ALL_TIME, None, now)
    if code == THIS_YEAR:
        return _year(local_year, now, zone, THIS_YEAR)
    if code == LAST_12_MONTHS:
        # 365 days, not "same date last year": 29 February has no twin.
        return Period(LAST_12_MONTHS, now - timedelta(days=365), now)
    if code.isascii() and code.isdigit() and len(code) == 4:
        year = int(code) - BE_OFFSET
        if local_year - YEARS_OFFERED < year <= local_year:
            return _year(year, now, zone, code)
    return None


def choices(now: datetime, zone: tzinfo) -> list[str]:
    """Codes to offer, most useful first: this year, the last 12 months, past BE years,
    all time."""
    local_year = now.astimezone(zone).year
    years = [str(y + BE_OFFSET) for y in range(local_year - 1, local_year - YEARS_OFFERED, -1)]
    return [THIS_YEAR, LAST_12_MONTHS, *years, ALL_TIME]
