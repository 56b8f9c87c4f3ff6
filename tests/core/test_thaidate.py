from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from scheduler_app.core import thaidate

BKK = ZoneInfo("Asia/Bangkok")


@pytest.mark.parametrize(
    ("style", "locale", "expected"),
    [
        ("medium", "th", "23 พ.ย. 2569"),
        ("long", "th", "23 พฤศจิกายน 2569"),
        ("short", "th", "23/11/2569"),
        ("full", "th", "วันจันทร์ที่ 23 พฤศจิกายน 2569"),
        ("medium", "en", "23 Nov 2026"),
        ("long", "en", "23 November 2026"),
        ("short", "en", "23/11/2026"),
        ("full", "en", "Monday, 23 November 2026"),
    ],
)
def test_format_date_uses_buddhist_era_in_thai(style, locale, expected):
    assert thaidate.format_date(date(2026, 11, 23), locale, style) == expected


def test_datetime_is_shown_in_bangkok_time():
    # 17:30 UTC on 31 Dec is already 1 Jan in Bangkok: the BE year moves too.
    moment = datetime(2026, 12, 31, 17, 30, tzinfo=UTC)
    assert thaidate.format_datetime(moment, BKK, "th") == "1 ม.ค. 2570 00:30 น."
    assert thaidate.format_datetime(moment, BKK, "en") == "1 Jan 2027 00:30"


def test_month_and_year_labels():
    assert thaidate.format_month(2027, 4, "th") == "เมษายน 2570"
    assert thaidate.format_month(2027, 4, "en") == "April 2027"
    assert thaidate.format_year(2026, "th") == "2569"
    assert thaidate.format_year(2026, "en") == "2026"


def test_short_weekday_names_for_a_phone_month_grid():
    from scheduler_app.core.thaidate import EN_WEEKDAYS_SHORT, THAI_WEEKDAYS_SHORT

    assert THAI_WEEKDAYS_SHORT == ("จ", "อ", "พ", "พฤ", "ศ", "ส", "อา")  # Monday first
    assert len(EN_WEEKDAYS_SHORT) == 7 and EN_WEEKDAYS_SHORT[0] == "Mon"
