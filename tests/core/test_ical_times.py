"""Time values made by ``core.ical.times`` write exactly what icalendar's ``vDDDTypes`` writes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import vDDDTypes
from icalendar.parser import Contentline

from scheduler_app.core.ical.times import time_value

ZONES = [
    UTC,
    ZoneInfo("UTC"),
    ZoneInfo("Asia/Bangkok"),
    ZoneInfo("Asia/Tokyo"),
    ZoneInfo("Europe/Berlin"),
    ZoneInfo("America/New_York"),
    timezone(timedelta(hours=7)),
    timezone(timedelta(hours=-3, minutes=-30), "X"),
]
TIMES = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.sampled_from(ZONES)
)


def _line(value: vDDDTypes) -> str:
    return str(Contentline.from_parts("DTSTART", value.params, value))


@settings(max_examples=500, deadline=None)
@given(st.one_of(TIMES, st.dates(), TIMES.map(lambda t: t.replace(tzinfo=None))))
def test_a_time_writes_as_vdddtypes_writes_it(value: datetime | date) -> None:
    made, icalendars = time_value(value), vDDDTypes(value)
    assert _line(made) == _line(icalendars)
    assert made.to_ical() == icalendars.to_ical()
    assert dict(made.params) == dict(icalendars.params)
    assert made.dt == icalendars.dt
