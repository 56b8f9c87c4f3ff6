"""Dates as people type them: Thai with the Buddhist Era year (วว/ดด/ปปปป, 24-hour
HH:MM), English with the Common Era year (dd/mm/yyyy), and ISO ``yyyy-mm-dd`` (always
Common Era) for old clients.

Pure functions: no Flask, no clock; ``today`` is passed in where it matters.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Literal

from scheduler_app.core.thaidate import BE_OFFSET

# The earliest year the app accepts as a typed date: 2500 BE.
EARLIEST_PLAUSIBLE = date(2500 - BE_OFFSET, 1, 1)
YEARS_AHEAD = 5

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
# Digits only, as typed on a phone's number pad (which has no "/" or ":").
_DIGITS_DMY = re.compile(r"^(\d{2})(\d{2})(\d{4})$")
_TIME = re.compile(r"^(\d{1,2})\s*[:.]?\s*(\d{2})(?:\s*(?:น\.?))?$")
_ISO_DT = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})[T ](\d{1,2}:\d{2})(?::\d{2})?$")

Problem = Literal["too_early", "too_late"]


class DateEntryError(ValueError):
    """A typed value that is not a date (or date and time) in any accepted form."""


def _normalise(text: str) -> str:
    return " ".join(text.translate(_THAI_DIGITS).split())


def _make_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DateEntryError(f"{day}/{month}/{year}") from None


def parse_date(text: str, locale: str) -> date:
    """A typed date: ``dd/mm/yyyy`` with the BE year in Thai and the CE year otherwise,
    or ISO ``yyyy-mm-dd`` (CE) in either. Thai digits, ``.``/``-`` separators and eight
    digits without separators (``20022570``, from a phone's number pad) are accepted.
    Raises ``DateEntryError``."""
    value = _normalise(text)
    iso = _ISO.match(value)
    if iso:
        return _make_date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    dmy = _DMY.match(value) or _DIGITS_DMY.match(value)
    if not dmy:
        raise DateEntryError(text)
    day, month, year = int(dmy.group(1)), int(dmy.group(2)), int(dmy.group(3))
    if locale == "th":
        year -= BE_OFFSET
        if year < 1:
            raise DateEntryError(text)
    return _make_date(year, month, day)


def parse_time(text: str) -> time:
    """``HH:MM`` on a 24-hour clock (``14.30``, ``1430`` and a trailing ``น.`` allowed)."""
    match = _TIME.match(_normalise(text))
    if not match:
        raise DateEntryError(text)
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise DateEntryError(text)
    return time(hour, minute)


def parse_datetime(text: str, locale: str) -> datetime:
    """A typed date and time: ``dd/mm/yyyy HH:MM`` (BE year in Thai), or ISO
    ``yyyy-mm-ddTHH:MM`` (CE). Raises ``DateEntryError``."""
    value = re.sub(r"\s*น\.?$", "", _normalise(text))
    iso = _ISO_DT.match(value)
    if iso:
        return datetime.combine(parse_date(iso.group(1), locale), parse_time(iso.group(2)))
    day_part, _, time_part = value.rpartition(" ")
    if not day_part:
        raise DateEntryError(text)
    return datetime.combine(parse_date(day_part, locale), parse_time(time_part))


def format_date(value: date, locale: str) -> str:
    """The form a date field shows: ``20/02/2570`` in Thai, ``20/02/2027`` in English."""
    year = value.year + BE_OFFSET if locale == "th" else value.year
    return f"{value.day:02d}/{value.month:02d}/{year:04d}"


def format_datetime(value: datetime, locale: str) -> str:
    """``20/02/2570 09:30`` in Thai, ``20/02/2027 09:30`` in English."""
    return f"{format_date(value.date(), locale)} {value.hour:02d}:{value.minute:02d}"


def date_pattern(locale: str) -> str:
    """The pattern shown in a date field's hint."""
    return "วว/ดด/ปปปป" if locale == "th" else "dd/mm/yyyy"


def time_pattern(locale: str) -> str:
    return "ชม:นน" if locale == "th" else "HH:MM"


def parse_date_list(text: str, locale: str) -> list[date]:
    """Dates separated by commas, semicolons or new lines; raises ``DateEntryError``
    naming the first item that is not a date (the message is the item as typed)."""
    items = [part.strip() for part in re.split(r"[,;\n]+", text or "")]
    days: list[date] = []
    for item in items:
        if not item:
            continue
        try:
            days.append(parse_date(item, locale))
        except DateEntryError:
            raise DateEntryError(item) from None
    return days


def format_date_list(days: list[date], locale: str) -> str:
    return ", ".join(format_date(day, locale) for day in days)


def latest_plausible(today: date) -> date:
    """The last day the app accepts as typed: five years from ``today``."""
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def plausibility(value: date, today: date) -> Problem | None:
    """Why a typed date is implausible: before 2500 BE (a CE year read as BE, a typo)
    or more than five years ahead (a BE year typed where CE is read); None when fine."""
    if value < EARLIEST_PLAUSIBLE:
        return "too_early"
    if value > latest_plausible(today):
        return "too_late"
    return None
