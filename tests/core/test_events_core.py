"""Pure event helpers: zones, all-day bounds, session series, rally distances, month grid."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from scheduler_app.core import calendar_grid, events_time, rally, sessions


def test_local_bangkok_time_is_stored_utc():
    assert events_time.local_to_utc(date(2026, 11, 23), time(9), "Asia/Bangkok") == datetime(
        2026, 11, 23, 2, tzinfo=UTC
    )


def test_all_day_end_is_exclusive():
    t = events_time.all_day(date(2026, 12, 31), date(2027, 1, 1), "Asia/Bangkok")
    assert t.end_date == date(2027, 1, 2)
    assert events_time.inclusive_last_day(t.end_date) == date(2027, 1, 1)
    assert events_time.local_days(t.start_at, t.end_at, "Asia/Bangkok") == [
        date(2026, 12, 31),
        date(2027, 1, 1),
    ]


def test_unknown_zone_falls_back_to_bangkok():
    assert str(events_time.zone("Mars/Olympus")) == "Asia/Bangkok"


@pytest.mark.parametrize(
    ("opens", "closes", "expected"),
    [(None, None, True), (2, None, False), (None, 0, False), (0, 2, True)],
)
def test_registration_window(opens, closes, expected):
    now = datetime(2026, 1, 1, 1, tzinfo=UTC)

    def at(h):
        return None if h is None else datetime(2026, 1, 1, h, tzinfo=UTC)

    assert events_time.window_is_open(now, at(opens), at(closes)) is expected


def test_fortnightly_series_skips_exceptions_and_keeps_count():
    slots = sessions.generate_series(
        date(2026, 1, 5), time(13), time(16), "Asia/Bangkok",
        every_weeks=2, count=3, exceptions=[date(2026, 1, 19)],
    )  # fmt: skip
    assert [s.start_at.date() for s in slots] == [
        date(2026, 1, 5),
        date(2026, 2, 2),
        date(2026, 2, 16),
    ]
    assert sessions.hours(slots) == 9


@pytest.mark.parametrize("kwargs", [{"every_weeks": 3, "count": 2}, {"every_weeks": 1, "count": 0}])
def test_series_rejects_bad_steps(kwargs):
    with pytest.raises(ValueError):
        sessions.generate_series(date(2026, 1, 5), time(9), time(10), "UTC", **kwargs)


def test_overlap_detection_half_open():
    a = sessions.Slot(datetime(2026, 1, 1, 9, tzinfo=UTC), datetime(2026, 1, 1, 10, tzinfo=UTC))
    b = sessions.Slot(datetime(2026, 1, 1, 10, tzinfo=UTC), datetime(2026, 1, 1, 11, tzinfo=UTC))
    c = sessions.Slot(datetime(2026, 1, 1, 9, 30, tzinfo=UTC), datetime(2026, 1, 1, 12, tzinfo=UTC))
    assert not sessions.overlaps(a, b)
    assert sessions.first_overlap([b, c], [a]) == c


@pytest.mark.parametrize(("attended", "total", "ok"), [(4, 5, True), (3, 5, False), (0, 0, False)])
def test_certificate_threshold(attended, total, ok):
    assert sessions.earns_certificate(attended, total, 80) is ok


def test_rally_legs_total_and_riders():
    points = [rally.Point(17.49, 101.72), rally.Point(None, None), rally.Point(17.9, 101.67)]
    legs = rally.leg_distances(points)
    assert legs == [None, None, None]
    legs = rally.leg_distances([points[0], points[2]])
    assert legs[0] is None and 45 < legs[1] < 47
    assert rally.total_distance(legs) == legs[1]
    assert rally.riders_at_stops([1, 2, 3], [(None, None), (2, None), (None, 2)]) == {
        1: 2,
        2: 3,
        3: 2,
    }


def test_stops_in_order():
    t = [datetime(2026, 1, 1, h, tzinfo=UTC) for h in range(6)]
    assert rally.stops_in_order([(t[0], t[1]), (t[2], t[3])])
    assert not rally.stops_in_order([(t[0], t[2]), (t[1], t[3])])
    assert not rally.stops_in_order([(t[3], t[2])])


def test_month_grid_and_clamping():
    weeks = calendar_grid.month_weeks(2026, 11)
    assert weeks[0][0].weekday() == 0 and any(d == date(2026, 11, 30) for w in weeks for d in w)
    today = date(2026, 11, 23)
    assert calendar_grid.clamp_month(2569, 2, today) == (2026, 2)
    assert calendar_grid.clamp_month(None, 13, today) == (2026, 11)
    assert calendar_grid.neighbours(2026, 12) == ((2026, 11), (2027, 1))
