"""Dates for people: Thai with the Buddhist Era year, English with the Gregorian year.

Pure functions; callers pass the zone to show times in.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import Literal

BE_OFFSET = 543

THAI_MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip
THAI_MONTHS_LONG = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
THAI_WEEKDAYS = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")
# The customary one- and two-letter abbreviations (a month grid on a phone).
THAI_WEEKDAYS_SHORT = ("จ", "อ", "พ", "พฤ", "ศ", "ส", "อา")
EN_MONTHS_SHORT = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip
EN_MONTHS_LONG = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
EN_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
EN_WEEKDAYS_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

Style = Literal["short", "medium", "long", "full"]


def be_year(year: int) -> int:
    """Buddhist Era year for a Gregorian year (2026 → 2569)."""
    return year + BE_OFFSET


def format_year(year: int, locale: str) -> str:
    return str(be_year(year)) if locale == "th" else str(year)


def format_month(year: int, month: int, locale: str) -> str:
    """'พฤศจิกายน 2569' or 'November 2026'."""
    if locale == "th":
        return f"{THAI_MONTHS_LONG[month - 1]} {be_year(year)}"
    return f"{EN_MONTHS_LONG[month - 1]} {year}"


def format_date(value: date, locale: str, style: Style = "medium") -> str:
    """Format a date: th medium is '23 พ.ย. 2569', en medium is '23 Nov 2026'.

    ``short`` gives 23/11/2569 (th) or 23/11/2026 (en); ``long`` spells the month;
    ``full`` adds the weekday.
    """
    if isinstance(value, datetime):
        value = value.date()
    thai = locale == "th"
    d, m = value.day, value.month
    y = be_year(value.year) if thai else value.year
    if style == "short":
        return f"{d}/{m}/{y}" if thai else f"{d:02d}/{m:02d}/{y}"
    if style == "medium":
        months = THAI_MONTHS_SHORT if thai else EN_MONTHS_SHORT
    else:
        months = THAI_MONTHS_LONG if thai else EN_MONTHS_LONG
    text = f"{d} {months[m - 1]} {y}"
    if style != "full":
        return text
    if thai:
        return f"วัน{THAI_WEEKDAYS[value.weekday()]}ที่ {text}"
    return f"{EN_WEEKDAYS[value.weekday()]}, {text}"


def format_time(value: datetime, zone: tzinfo, locale: str) -> str:
    """24-hour clock in the given zone; Thai adds 'น.' (14:30 น.)."""
    local = value.astimezone(zone)
    text = f"{local.hour:02d}:{local.minute:02d}"
    return f"{text} น." if locale == "th" else text


def format_datetime(value: datetime, zone: tzinfo, locale: str, style: Style = "medium") -> str:
    """Date and time in ``zone``: '23 พ.ย. 2569 14:30 น.' or '23 Nov 2026 14:30'."""
    local = value.astimezone(zone)
    return f"{format_date(local.date(), locale, style)} {format_time(local, zone, locale)}"


def format_sheet_date(value: date, locale: str) -> str:
    """A date for a spreadsheet cell: '2569-11-23' in Thai (BE), '2026-11-23' in English.

    Year first, so the column sorts as text too.
    """
    if isinstance(value, datetime):
        value = value.date()
    year = be_year(value.year) if locale == "th" else value.year
    return f"{year:04d}-{value.month:02d}-{value.day:02d}"


def format_sheet_datetime(value: datetime, zone: tzinfo, locale: str) -> str:
    """A moment for a spreadsheet cell, as the clock in ``zone`` showed it:
    '2569-11-23 09:05' in Thai (BE), '2026-11-23 09:05' in English."""
    local = value.astimezone(zone)
    return f"{format_sheet_date(local.date(), locale)} {local.hour:02d}:{local.minute:02d}"
