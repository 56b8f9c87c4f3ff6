"""The offline map's geometry: hulls, clipping, Voronoi cells, the Loei outline."""

from __future__ import annotations

import math

import pytest

from scheduler_app.core.geobounds import in_thailand, looks_swapped
from scheduler_app.core.geography import great_circle_km, load_gazetteer
from scheduler_app.core.geoshapes import (
    LocalProjection,
    clip_closer_to,
    contains,
    convex_hull,
    polygon_area,
    voronoi_cells,
    widened_hull,
)
from scheduler_app.core.province_shape import OUTLINE_MARGIN_KM, province_shape
from scheduler_app.i18n import GAZETTEER_PATH

SQUARE = [(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0)]


def test_convex_hull_drops_inner_and_collinear_points():
    points = [*SQUARE, (2.0, 2.0), (1.0, 3.0), (2.0, 0.0), (4.0, 2.0)]
    hull = convex_hull(points)
    assert sorted(hull) == sorted(SQUARE)
    assert polygon_area(hull) == pytest.approx(16.0)  # counter-clockwise


def test_convex_hull_of_fewer_than_three_points():
    assert convex_hull([(1.0, 1.0), (1.0, 1.0)]) == [(1.0, 1.0)]


def test_widened_hull_keeps_the_margin_all_round():
    grown = widened_hull(SQUARE, 1.0, steps=64)
    # A square grown by a unit disc: 16 + perimeter 16 + pi, within the 64-gon's error.
    assert polygon_area(grown) == pytest.approx(16 + 16 + math.pi, rel=0.01)
    assert contains(grown, (-0.9, 2.0)) and not contains(grown, (-1.1, 2.0))
    with pytest.raises(ValueError):
        widened_hull(SQUARE, -1.0)


def test_clip_keeps_the_half_closer_to_the_site():
    left = clip_closer_to(SQUARE, (1.0, 2.0), (3.0, 2.0))
    assert polygon_area(left) == pytest.approx(8.0)
    assert max(x for x, _ in left) == pytest.approx(2.0)


def test_voronoi_cells_tile_the_boundary():
    sites = [(1.0, 1.0), (3.0, 1.0), (1.0, 3.0), (3.0, 3.0), (2.0, 2.0)]
    cells = voronoi_cells(sites, SQUARE)
    assert sum(polygon_area(c) for c in cells) == pytest.approx(16.0)
    for site, cell in zip(sites, cells, strict=True):
        assert contains(cell, site)
    # The centre site's cell is the diamond between the other four.
    assert polygon_area(cells[4]) == pytest.approx(2.0)


def test_contains_ray_casting():
    assert contains(SQUARE, (2.0, 2.0))
    assert not contains(SQUARE, (5.0, 2.0))
    assert not contains(SQUARE, (2.0, -0.1))


def test_local_projection_round_trips_and_measures_kilometres():
    projection = LocalProjection(17.4, 101.6)
    x, y = projection.to_xy(101.8, 17.6)
    lon, lat = projection.to_lonlat(x, y)
    assert (lon, lat) == pytest.approx((101.8, 17.6))
    assert math.hypot(x, y) == pytest.approx(great_circle_km(17.4, 101.6, 17.6, 101.8), rel=0.01)


def test_loei_outline_holds_every_subdistrict_point_with_a_margin():
    gaz = load_gazetteer(str(GAZETTEER_PATH))
    shape = province_shape(gaz)
    assert shape.outline[0] == shape.outline[-1]
    projection = LocalProjection(17.4, 101.6)
    ring = [projection.to_xy(lon, lat) for lon, lat in shape.outline[:-1]]
    for sub in gaz.all_subdistricts():
        x, y = projection.to_xy(sub.lon, sub.lat)
        assert contains(ring, (x, y))
        # At least nearly the margin away from every edge (the circle is a 24-gon).
        nearest = min(math.hypot(x - px, y - py) for px, py in ring)
        assert nearest >= OUTLINE_MARGIN_KM * 0.95
    # Every coordinate is (lon, lat): Loei lies near 101.7 E, 17.4 N.
    assert all(100.5 < lon < 102.5 and 16.5 < lat < 18.5 for lon, lat in shape.outline)


def test_loei_areas_cover_the_outline_and_hold_their_points():
    gaz = load_gazetteer(str(GAZETTEER_PATH))
    shape = province_shape(gaz)
    projection = LocalProjection(17.4, 101.6)

    def area_km2(ring: tuple[tuple[float, float], ...]) -> float:
        return polygon_area([projection.to_xy(lon, lat) for lon, lat in ring[:-1]])

    assert len(shape.areas) == 90
    assert sum(area_km2(a.ring) for a in shape.areas) == pytest.approx(
        area_km2(shape.outline), rel=1e-4
    )
    for area in shape.areas:
        sub = gaz.subdistrict(area.code)
        assert sub is not None and sub.district_code == area.district_code
        ring = [projection.to_xy(lon, lat) for lon, lat in area.ring[:-1]]
        assert contains(ring, projection.to_xy(sub.lon, sub.lat))
    picked = shape.areas_for(frozenset({"420101", "999999"}))
    assert [a.code for a in picked] == ["420101"]


@pytest.mark.parametrize(
    ("lat", "lon", "inside"),
    [
        (17.49, 101.73, True),  # Loei
        (13.75, 100.50, True),  # Bangkok
        (6.43, 101.82, True),  # Narathiwat
        (20.43, 99.88, True),  # Mae Sai
        (101.73, 17.49, False),  # swapped
        (-17.49, 101.73, False),  # a stray minus sign
        (48.85, 2.35, False),  # Paris
        (17.49, 1.73, False),  # dropped digit
    ],
)
def test_in_thailand(lat: float, lon: float, inside: bool):
    assert in_thailand(lat, lon) is inside


def test_looks_swapped():
    assert looks_swapped(101.73, 17.49)
    assert not looks_swapped(17.49, 101.73)
    assert not looks_swapped(48.85, 2.35)
