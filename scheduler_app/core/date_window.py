"""The dates the app accepts at all: a sane window around today, the same for forms and
services, so a year typed as 0001 or 9999 never reaches time-zone arithmetic, the
calendar or a feed.

Pure code: no Flask, no clock.
"""

from __future__ import annotations

from datetime import date, datetime

EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)


def in_window(value: date | datetime | None) -> bool:
    """Whether ``value`` (a date, or a datetime by its calendar day) lies in the window;
    None (an empty optional field) passes."""
    if value is None:
        return True
    day = value.date() if isinstance(value, datetime) else value
    return EARLIEST <= day <= LATEST


def clip_days(first: date, last: date, shown_first: date, shown_last: date) -> tuple[date, date]:
    """The part of the days ``first``..``last`` that a view showing ``shown_first``..
    ``shown_last`` needs; ``first > last`` in the result means none."""
    return max(first, shown_first), min(last, shown_last)
