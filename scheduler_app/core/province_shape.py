"""The province drawn from the gazetteer's points, for maps that have no tiles.

The shipped data has no boundary polygons, only a reference point per sub-district
(``loei_geography.json``, MIT). What this draws, and says it draws:

- **outline**: the convex hull of every sub-district reference point, widened by
  ``OUTLINE_MARGIN_KM`` (points are centres, the real border lies beyond them). It is an
  approximation, not the official boundary; it misses the province's concave edges.
- **sub-district areas**: each point's Voronoi cell inside that outline: the land closer to
  its reference point than to any other. A district's area is the union of its
  sub-districts' cells. Service areas are drawn from these cells.

Pure code: takes a :class:`Gazetteer`, returns plain values in (lon, lat) order.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from scheduler_app.core.geography import Gazetteer
from scheduler_app.core.geoshapes import LocalProjection, Ring, voronoi_cells, widened_hull

OUTLINE_MARGIN_KM = 4.0
DECIMALS = 5  # about a metre


@dataclass(frozen=True)
class Area:
    """One sub-district's approximate area."""

    code: str
    district_code: str
    name_th: str
    name_en: str
    ring: tuple[tuple[float, float], ...]  # (lon, lat), closed (first == last)


@dataclass(frozen=True)
class ProvinceShape:
    province_code: str
    name_th: str
    name_en: str
    outline: tuple[tuple[float, float], ...]  # (lon, lat), closed
    areas: tuple[Area, ...]

    def areas_for(self, codes: frozenset[str]) -> tuple[Area, ...]:
        """The areas of the given sub-district codes (unknown codes are skipped)."""
        return tuple(a for a in self.areas if a.code in codes)


def _closed_lonlat(ring: Ring, projection: LocalProjection) -> tuple[tuple[float, float], ...]:
    points = [projection.to_lonlat(x, y) for x, y in ring]
    if points:
        points.append(points[0])
    return tuple((round(lon, DECIMALS), round(lat, DECIMALS)) for lon, lat in points)


@lru_cache(maxsize=4)
def province_shape(gaz: Gazetteer) -> ProvinceShape:
    """The outline and sub-district areas of the gazetteer's province (cached)."""
    subs = gaz.all_subdistricts()
    min_lat, min_lon, max_lat, max_lon = gaz.bounds()
    projection = LocalProjection((min_lat + max_lat) / 2, (min_lon + max_lon) / 2)
    sites = [projection.to_xy(s.lon, s.lat) for s in subs]
    outline = widened_hull(sites, OUTLINE_MARGIN_KM)
    cells = voronoi_cells(sites, outline)
    areas = tuple(
        Area(s.code, s.district_code, s.name_th, s.name_en, _closed_lonlat(cell, projection))
        for s, cell in zip(subs, cells, strict=True)
    )
    return ProvinceShape(
        gaz.province_code,
        gaz.province_th,
        gaz.province_en,
        _closed_lonlat(outline, projection),
        areas,
    )
