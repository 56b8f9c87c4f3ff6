"""Plane geometry for the offline map: convex hulls, a widened hull, Voronoi cells.

Pure code on plain tuples. Shapes are computed in a local flat projection in kilometres
(:class:`LocalProjection`), where distances and bisectors are close enough to the truth
over a province, and converted back to longitude/latitude for GeoJSON.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

XY = tuple[float, float]
Ring = list[XY]

KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON_AT_EQUATOR = 111.320


@dataclass(frozen=True)
class LocalProjection:
    """Equirectangular projection around ``(lat0, lon0)``: ``(lon, lat)`` ↔ ``(x, y)`` km."""

    lat0: float
    lon0: float

    @property
    def _kx(self) -> float:
        return KM_PER_DEG_LON_AT_EQUATOR * math.cos(math.radians(self.lat0))

    def to_xy(self, lon: float, lat: float) -> XY:
        return ((lon - self.lon0) * self._kx, (lat - self.lat0) * KM_PER_DEG_LAT)

    def to_lonlat(self, x: float, y: float) -> XY:
        return (self.lon0 + x / self._kx, self.lat0 + y / KM_PER_DEG_LAT)


def _cross(o: XY, a: XY, b: XY) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def convex_hull(points: Sequence[XY]) -> Ring:
    """The convex hull, counter-clockwise, without repeating the first point.

    Andrew's monotone chain; collinear points on the edges are dropped. Fewer than three
    distinct points give those points back.
    """
    pts = sorted(set(points))
    if len(pts) < 3:
        return list(pts)
    lower: Ring = []
    for p in pts:
        while len(lower) >= 2 and _cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: Ring = []
    for p in reversed(pts):
        while len(upper) >= 2 and _cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def widened_hull(points: Sequence[XY], margin: float, steps: int = 24) -> Ring:
    """The convex hull grown outwards by ``margin`` (a Minkowski sum with a circle drawn
    as a ``steps``-gon), counter-clockwise."""
    if margin < 0:
        raise ValueError("margin must not be negative")
    around: list[XY] = []
    for x, y in convex_hull(points) or list(points):
        for k in range(steps):
            angle = 2 * math.pi * k / steps
            around.append((x + margin * math.cos(angle), y + margin * math.sin(angle)))
    return convex_hull(around)


def polygon_area(ring: Sequence[XY]) -> float:
    """Signed area (positive when counter-clockwise)."""
    total = 0.0
    for i, (x1, y1) in enumerate(ring):
        x2, y2 = ring[(i + 1) % len(ring)]
        total += x1 * y2 - x2 * y1
    return total / 2


def contains(ring: Sequence[XY], point: XY) -> bool:
    """Whether ``point`` lies inside (or on the edge of) a simple polygon (ray casting)."""
    x, y = point
    inside = False
    n = len(ring)
    for i in range(n):
        (x1, y1), (x2, y2) = ring[i], ring[(i + 1) % n]
        if (y1 > y) != (y2 > y):
            at = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if at == x:
                return True
            if at > x:
                inside = not inside
    return inside


def clip_closer_to(ring: Sequence[XY], site: XY, other: XY) -> Ring:
    """The part of a polygon that is at least as close to ``site`` as to ``other``
    (Sutherland–Hodgman against the perpendicular bisector)."""
    nx, ny = other[0] - site[0], other[1] - site[1]
    mid = ((site[0] + other[0]) / 2, (site[1] + other[1]) / 2)

    def side(p: XY) -> float:  # <= 0: on the site's side
        return (p[0] - mid[0]) * nx + (p[1] - mid[1]) * ny

    result: Ring = []
    n = len(ring)
    for i in range(n):
        current, following = ring[i], ring[(i + 1) % n]
        s_cur, s_next = side(current), side(following)
        if s_cur <= 0:
            result.append(current)
        if (s_cur < 0 < s_next) or (s_next < 0 < s_cur):
            t = s_cur / (s_cur - s_next)
            result.append(
                (
                    current[0] + t * (following[0] - current[0]),
                    current[1] + t * (following[1] - current[1]),
                )
            )
    return result


def voronoi_cells(sites: Sequence[XY], boundary: Sequence[XY]) -> list[Ring]:
    """Each site's Voronoi cell inside a convex ``boundary`` (same order as ``sites``).

    O(n²) half-plane clips: fine for a province's sub-districts (about a hundred). Sites
    sharing a position split nothing between them (each gets the shared cell).
    """
    cells: list[Ring] = []
    for i, site in enumerate(sites):
        cell: Ring = list(boundary)
        for j, other in enumerate(sites):
            if i == j or other == site or not cell:
                continue
            cell = clip_closer_to(cell, site, other)
        cells.append(cell)
    return cells
