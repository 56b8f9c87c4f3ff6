"""Typed dates: Buddhist Era in Thai, Common Era in English, ISO for old clients."""

from datetime import date, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scheduler_app.core import date_entry
from scheduler_app.core.date_entry import DateEntryError

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("20/02/2570", "th", date(2027, 2, 20)),
        ("20/2/2570", "th", date(2027, 2, 20)),
        ("๒๐/๐๒/๒๕๗๐", "th", date(2027, 2, 20)),
        (" 20.02.2570 ", "th", date(2027, 2, 20)),
        ("20-02-2570", "th", date(2027, 2, 20)),
        ("20/02/2027", "en", date(2027, 2, 20)),
        ("2027-02-20", "th", date(2027, 2, 20)),  # ISO is always Common Era
        ("2027-02-20", "en", date(2027, 2, 20)),
        ("29/02/2571", "th", date(2028, 2, 29)),
        ("20022570", "th", date(2027, 2, 20)),  # a phone's number pad has no "/"
        ("20022027", "en", date(2027, 2, 20)),
    ],
)
def test_parse_date_reads_the_readers_era(text, locale, expected):
    assert date_entry.parse_date(text, locale) == expected


def test_the_reported_bug_a_be_year_in_iso_is_read_as_ce_not_3113():
    # 2570-02-20 typed into the old native picker became 3113; read as ISO it is 2570 CE,
    # which the plausibility rule then refuses (more than five years ahead).
    day = date_entry.parse_date("2570-02-20", "th")
    assert day == date(2570, 2, 20)
    assert date_entry.plausibility(day, TODAY) == "too_late"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "20/02",
        "31/02/2570",
        "00/01/2570",
        "20/13/2570",
        "tomorrow",
        "2570/02/20",
        "0/0/0",
        "2022570",
        "200225701",
    ],
)
def test_parse_date_refuses_what_is_not_a_date(text):
    with pytest.raises(DateEntryError):
        date_entry.parse_date(text, "th")


def test_thai_year_below_the_era_offset_is_refused():
    with pytest.raises(DateEntryError):
        date_entry.parse_date("01/01/0500", "th")


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("20/02/2570 09:30", "th", datetime(2027, 2, 20, 9, 30)),
        ("20/02/2570 9.30 น.", "th", datetime(2027, 2, 20, 9, 30)),
        ("20/02/2027 23:59", "en", datetime(2027, 2, 20, 23, 59)),
        ("2027-02-20T08:00", "th", datetime(2027, 2, 20, 8, 0)),
        ("2027-02-20 08:00", "en", datetime(2027, 2, 20, 8, 0)),
        ("20022570 0930", "th", datetime(2027, 2, 20, 9, 30)),
    ],
)
def test_parse_datetime(text, locale, expected):
    assert date_entry.parse_datetime(text, locale) == expected


@pytest.mark.parametrize("text", ["20/02/2570", "20/02/2570 24:00", "20/02/2570 9:60", "09:30"])
def test_parse_datetime_refuses(text):
    with pytest.raises(DateEntryError):
        date_entry.parse_datetime(text, "th")


def test_parse_time_is_24_hour():
    assert date_entry.parse_time("14:05") == time(14, 5)
    assert date_entry.parse_time("1405") == time(14, 5)
    assert date_entry.parse_time("905") == time(9, 5)
    with pytest.raises(DateEntryError):
        date_entry.parse_time("2:05 pm")


def test_format_shows_be_in_thai_and_ce_in_english():
    assert date_entry.format_date(date(2027, 2, 20), "th") == "20/02/2570"
    assert date_entry.format_date(date(2027, 2, 20), "en") == "20/02/2027"
    assert date_entry.format_datetime(datetime(2027, 2, 20, 9, 5), "th") == "20/02/2570 09:05"
    assert date_entry.date_pattern("th") == "วว/ดด/ปปปป"
    assert date_entry.date_pattern("en") == "dd/mm/yyyy"


days = st.dates(min_value=date(1, 1, 1), max_value=date(9999 - 543, 12, 31))


@given(days, st.sampled_from(["th", "en"]))
def test_date_round_trip(day, locale):
    assert date_entry.parse_date(date_entry.format_date(day, locale), locale) == day


@given(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9000, 12, 31)).map(
        lambda moment: moment.replace(second=0, microsecond=0)
    ),
    st.sampled_from(["th", "en"]),
)
def test_datetime_round_trip(moment, locale):
    assert date_entry.parse_datetime(date_entry.format_datetime(moment, locale), locale) == moment


@given(st.lists(days, max_size=8), st.sampled_from(["th", "en"]))
def test_date_list_round_trip(values, locale):
    text = date_entry.format_date_list(values, locale)
    assert date_entry.parse_date_list(text, locale) == values


def test_date_list_accepts_commas_semicolons_and_lines_and_names_the_bad_item():
    assert date_entry.parse_date_list("13/04/2570, 14/04/2570\n15/04/2570;", "th") == [
        date(2027, 4, 13),
        date(2027, 4, 14),
        date(2027, 4, 15),
    ]
    with pytest.raises(DateEntryError) as caught:
        date_entry.parse_date_list("13/04/2570, 31/04/2570, 15/04/2570", "th")
    assert str(caught.value) == "31/04/2570"


@pytest.mark.parametrize(
    ("day", "problem"),
    [
        (date(1956, 12, 31), "too_early"),  # 2499 BE
        (date(1957, 1, 1), None),  # 2500 BE
        (date(2031, 11, 28), None),  # five years ahead, to the day
        (date(2031, 11, 29), "too_late"),
        (date(2570, 2, 20), "too_late"),  # a BE year typed where CE is read
        (date(1484, 2, 20), "too_early"),  # a CE year typed where BE is read
    ],
)
def test_plausibility(day, problem):
    assert date_entry.plausibility(day, TODAY) == problem


def test_five_years_from_29_february():
    assert date_entry.latest_plausible(date(2028, 2, 29)) == date(2033, 2, 28)
