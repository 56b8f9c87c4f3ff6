"""GeoJSON (RFC 7946) for the map: points, lines and areas from plain values.

Pure code. Positions are ``[longitude, latitude]`` (RFC 7946 §3.1.1), rounded to
``DECIMALS`` places; serialisation is deterministic (sorted keys, no spaces) so equal
content gives equal bytes and so equal ETags on every worker.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

DECIMALS = 5  # about a metre

Properties = Mapping[str, str | int | float | bool | None]


@dataclass(frozen=True)
class Place:
    """One point on the map and the public facts its popup shows."""

    feature_id: str
    lat: float
    lon: float
    properties: Properties = field(default_factory=dict)


def position(lat: float, lon: float) -> list[float]:
    """An RFC 7946 position: longitude first."""
    return [round(lon, DECIMALS), round(lat, DECIMALS)]


def point_feature(place: Place) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": place.feature_id,
        "geometry": {"type": "Point", "coordinates": position(place.lat, place.lon)},
        "properties": dict(place.properties),
    }


def line_feature(
    feature_id: str, points: Sequence[tuple[float, float]], properties: Properties
) -> dict[str, Any]:
    """A LineString through ``(lat, lon)`` points, in order."""
    return {
        "type": "Feature",
        "id": feature_id,
        "geometry": {"type": "LineString", "coordinates": [position(a, o) for a, o in points]},
        "properties": dict(properties),
    }


def polygon_feature(
    feature_id: str, ring: Sequence[tuple[float, float]], properties: Properties
) -> dict[str, Any]:
    """A Polygon from a closed ``(lon, lat)`` ring (already in GeoJSON order)."""
    if len(ring) < 4 or ring[0] != ring[-1]:
        raise ValueError("a polygon ring needs at least four positions and must be closed")
    return {
        "type": "Feature",
        "id": feature_id,
        "geometry": {
            "type": "Polygon",
            "coordinates": [[[round(lon, DECIMALS), round(lat, DECIMALS)] for lon, lat in ring]],
        },
        "properties": dict(properties),
    }


def collection(features: Iterable[dict[str, Any]], **members: Any) -> dict[str, Any]:
    """A FeatureCollection; ``members`` are foreign members (RFC 7946 §6.1)."""
    return {"type": "FeatureCollection", **members, "features": list(features)}


def dumps(document: Mapping[str, Any]) -> bytes:
    """Compact, deterministic UTF-8 JSON."""
    return json.dumps(
        document, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")
