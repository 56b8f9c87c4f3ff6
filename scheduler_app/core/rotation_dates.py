"""When rotation terms fall: preferred months, lead time, blackouts and public holidays.

Pure code; ``today`` is passed in. Terms are numbered 1..n per Gregorian year and
indexed ``year * n + term - 1`` so consecutive terms have consecutive indexes.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

SATURDAY = 5
DEFAULT_LEAD_DAYS = 56  # eight weeks


@dataclass(frozen=True)
class Blackout:
    """Days no term may fall on, inclusive at both ends."""

    start: date
    end: date
    name: str = ""


def term_index(year: int, term: int, terms_per_year: int) -> int:
    """Consecutive integers for consecutive terms, across years."""
    return year * terms_per_year + term - 1


def term_of_index(index: int, terms_per_year: int) -> tuple[int, int]:
    """(year, term) for a term index."""
    return index // terms_per_year, index % terms_per_year + 1


def term_for_date(day: date, months: Sequence[int]) -> tuple[int, int]:
    """The first term whose preferred month is not before ``day``'s month."""
    for number, month in enumerate(months, start=1):
        if month >= day.month:
            return day.year, number
    return day.year + 1, 1


def term_nearest_date(day: date, months: Sequence[int]) -> tuple[int, int]:
    """The term whose preferred month is nearest to ``day`` (an exchange held off-month).

    Ties go to the earlier term; December is near a November term, not next March's.
    """
    best: tuple[int, int, int] | None = None
    for year in (day.year - 1, day.year, day.year + 1):
        for number, month in enumerate(months, start=1):
            distance = abs((year * 12 + month) - (day.year * 12 + day.month))
            if best is None or distance < best[0]:
                best = (distance, year, number)
    assert best is not None
    return best[1], best[2]


def first_plannable_term(
    today: date, months: Sequence[int], lead_days: int = DEFAULT_LEAD_DAYS
) -> tuple[int, int]:
    """The first term whose preferred month still has a day at least ``lead_days`` away."""
    earliest = today + timedelta(days=lead_days)
    year, term = term_for_date(earliest, months)
    return year, term


def is_blacked_out(day: date, blackouts: Iterable[Blackout]) -> bool:
    return any(b.start <= day <= b.end for b in blackouts)


def pick_term_date(
    year: int,
    month: int,
    blackouts: Sequence[Blackout],
    today: date,
    lead_days: int = 0,
) -> tuple[date | None, bool]:
    """A day for a term: (date, whether it had to leave the preferred month).

    Days before ``today + lead_days`` and days in a blackout (public holidays are passed
    as one-day blackouts) never qualify. The first free Saturday of the month, else its
    first free day, else the first free Saturday within a year after the month.
    """
    earliest = today + timedelta(days=max(lead_days, 1))
    last_day = calendar.monthrange(year, month)[1]
    days = [
        d
        for d in (date(year, month, n) for n in range(1, last_day + 1))
        if d >= earliest and not is_blacked_out(d, blackouts)
    ]
    saturdays = [d for d in days if d.weekday() == SATURDAY]
    if saturdays:
        return saturdays[0], False
    if days:
        return days[0], False
    day = max(date(year, month, last_day) + timedelta(days=1), earliest)
    limit = day + timedelta(days=366)
    while day < limit:
        if day.weekday() == SATURDAY and not is_blacked_out(day, blackouts):
            return day, True
        day += timedelta(days=1)
    return None, True
