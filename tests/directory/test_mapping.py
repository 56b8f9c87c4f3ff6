"""The locator-map projection (pure)."""

from __future__ import annotations

import math

import pytest

from scheduler_app.core.mapping import Bounds, fit_frame, project

LOEI = Bounds(min_lat=16.9, min_lon=100.9, max_lat=18.1, max_lon=102.1)


def test_corners_land_on_the_padding() -> None:
    frame = fit_frame(LOEI, width=320, padding=10)
    assert project(frame, LOEI.max_lat, LOEI.min_lon) == (10, 10)  # north-west: top left
    x, y = project(frame, LOEI.min_lat, LOEI.max_lon)  # south-east: bottom right
    assert x == pytest.approx(310)
    assert y == pytest.approx(frame.height - 10, abs=0.01)


def test_height_keeps_the_shape_of_the_box() -> None:
    frame = fit_frame(LOEI, width=320, padding=0)
    # One degree of longitude is shorter than one of latitude by cos(latitude).
    expected = 320 / math.cos(math.radians(17.5))
    assert frame.height == pytest.approx(expected, rel=1e-6)


def test_north_is_up_and_east_is_right() -> None:
    frame = fit_frame(LOEI, width=320)
    x1, y1 = project(frame, 17.0, 101.0)
    x2, y2 = project(frame, 18.0, 102.0)
    assert x2 > x1
    assert y2 < y1


def test_points_outside_are_clamped_unless_asked() -> None:
    frame = fit_frame(LOEI, width=320)
    assert project(frame, 13.75, 100.5) == (0, round(frame.height, 2))
    x, y = project(frame, 13.75, 100.5, clamp=False)
    assert x < 0 and y > frame.height
    assert not frame.bounds.contains(13.75, 100.5)
    assert frame.bounds.contains(17.5, 101.5)


def test_a_single_point_still_gets_a_frame() -> None:
    frame = fit_frame(Bounds(17.5, 101.7, 17.5, 101.7), width=100, padding=10)
    assert project(frame, 17.5, 101.7) == pytest.approx((50, frame.height / 2), abs=0.01)


@pytest.mark.parametrize(
    ("bounds", "width", "padding"),
    [(Bounds(18, 101, 17, 102), 320, 10), (LOEI, 20, 10), (LOEI, 0, 0)],
)
def test_impossible_frames_are_refused(bounds: Bounds, width: float, padding: float) -> None:
    with pytest.raises(ValueError):
        fit_frame(bounds, width, padding)
