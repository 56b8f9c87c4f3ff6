"""The month grid of a calendar page: weeks of days, Monday first, as Thai calendars print."""

from __future__ import annotations

import calendar
from datetime import date


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
