"""The gazetteer of districts and sub-districts, loaded from the shipped JSON.

Pure code: the caller passes the path; nothing here touches Flask or the database.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

EARTH_RADIUS_KM = 6371.0088


class _Named:
    """A place named in Thai and English."""

    name_th: str
    name_en: str

    def display_name(self, locale: str) -> str:
        return self.name_en if locale == "en" else self.name_th


@dataclass(frozen=True)
class SubDistrict(_Named):
    code: str
    name_th: str
    name_en: str
    postcode: str
    lat: float
    lon: float
    district_code: str


@dataclass(frozen=True)
class District(_Named):
    code: str
    name_th: str
    name_en: str
    lat: float
    lon: float
    subdistricts: tuple[SubDistrict, ...] = field(default=())


@dataclass(frozen=True)
class Gazetteer:
    province_code: str
    province_th: str
    province_en: str
    districts: tuple[District, ...]

    def district(self, code: str | None) -> District | None:
        return self._districts_by_code().get(code or "")

    def subdistrict(self, code: str | None) -> SubDistrict | None:
        return self._subdistricts_by_code().get(code or "")

    def all_subdistricts(self) -> tuple[SubDistrict, ...]:
        return tuple(s for d in self.districts for s in d.subdistricts)

    def _districts_by_code(self) -> dict[str, District]:
        return {d.code: d for d in self.districts}

    def _subdistricts_by_code(self) -> dict[str, SubDistrict]:
        return {s.code: s for s in self.all_subdistricts()}

    def bounds(self) -> tuple[float, float, float, float]:
        """(min_lat, min_lon, max_lat, max_lon) over every sub-district point."""
        points = self.all_subdistricts()
        lats = [p.lat for p in points]
        lons = [p.lon for p in points]
        return min(lats), min(lons), max(lats), max(lons)


def parse_gazetteer(data: dict[str, object]) -> Gazetteer:
    """Build a gazetteer from the JSON structure of ``loei_geography.json``."""
    province = data["province"]
    assert isinstance(province, dict)
    districts = []
    raw_districts = data["districts"]
    assert isinstance(raw_districts, list)
    for raw in raw_districts:
        subs = tuple(
            SubDistrict(
                code=s["code"],
                name_th=s["name_th"],
                name_en=s["name_en"],
                postcode=s.get("postcode", ""),
                lat=float(s["lat"]),
                lon=float(s["lon"]),
                district_code=raw["code"],
            )
            for s in raw["subdistricts"]
        )
        centre = raw.get("approx_center") or {}
        districts.append(
            District(
                code=raw["code"],
                name_th=raw["name_th"],
                name_en=raw["name_en"],
                lat=float(centre.get("lat", 0.0)),
                lon=float(centre.get("lon", 0.0)),
                subdistricts=subs,
            )
        )
    return Gazetteer(
        province_code=str(province["code"]),
        province_th=str(province["name_th"]),
        province_en=str(province["name_en"]),
        districts=tuple(districts),
    )


@lru_cache(maxsize=4)
def load_gazetteer(path: str) -> Gazetteer:
    """Read and cache the gazetteer at ``path``."""
    with Path(path).open(encoding="utf-8") as fh:
        return parse_gazetteer(json.load(fh))


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in kilometres between two points in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))
