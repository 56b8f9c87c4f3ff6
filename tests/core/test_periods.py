"""Reporting periods: this year, the last 12 months and Buddhist Era years, in Thai time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from scheduler_app.core import periods

BANGKOK = ZoneInfo("Asia/Bangkok")
NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)


def test_this_year_starts_at_thai_midnight_on_new_year():
    p = periods.resolve("year", NOW, BANGKOK)
    assert p is not None
    assert p.start == datetime(2025, 12, 31, 17, 0, tzinfo=UTC)  # 00:00 +07:00
    assert p.end == NOW and p.be_year == 2569


def test_new_years_eve_utc_is_already_next_year_in_thailand():
    eve = datetime(2026, 12, 31, 18, 0, tzinfo=UTC)  # 01:00 on 1 Jan 2027 in Bangkok
    p = periods.resolve("year", eve, BANGKOK)
    assert p is not None and p.be_year == 2570 and p.start == datetime(2026, 12, 31, 17, tzinfo=UTC)


def test_last_twelve_months_is_365_days():
    p = periods.resolve("12m", NOW, BANGKOK)
    assert p is not None and p.start == NOW - timedelta(days=365) and p.end == NOW


def test_a_past_buddhist_era_year_is_the_whole_gregorian_year():
    p = periods.resolve("2568", NOW, BANGKOK)
    assert p is not None
    assert p.start == datetime(2024, 12, 31, 17, tzinfo=UTC)
    assert p.end == datetime(2025, 12, 31, 17, tzinfo=UTC)
    assert p.last_moment.astimezone(BANGKOK).date().isoformat() == "2025-12-31"


def test_current_be_year_ends_now():
    p = periods.resolve("2569", NOW, BANGKOK)
    assert p is not None and p.end == NOW


@pytest.mark.parametrize(
    "code", ["", None, "2570", "2563", "2025", "12", "abcd", "２５๖๘", "2568 ", "-2568"]
)
def test_unknown_or_future_or_too_old_codes_are_refused(code):
    # "2568 " is stripped and valid; everything else here is refused.
    found = periods.resolve(code, NOW, BANGKOK)
    assert (found is not None) == (code == "2568 ")


def test_choices_offer_this_year_twelve_months_four_past_years_and_all():
    assert periods.choices(NOW, BANGKOK) == ["year", "12m", "2568", "2567", "2566", "2565", "all"]
    assert all(periods.resolve(c, NOW, BANGKOK) for c in periods.choices(NOW, BANGKOK))


def test_all_time_has_no_start():
    p = periods.resolve("all", NOW, BANGKOK)
    assert p is not None and p.start is None and p.end == NOW
