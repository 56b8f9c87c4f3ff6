"""Projecting latitude/longitude onto a small flat drawing (an inline SVG locator map).

Pure code: an equirectangular projection with the longitude scaled by the cosine of the
middle latitude, so a province keeps its shape; ``y`` grows downwards as in SVG.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# Spans smaller than this (degrees) are widened so a single point still gets a frame.
MIN_SPAN_DEG = 0.01


@dataclass(frozen=True)
class Bounds:
    """A latitude/longitude box in degrees."""

    min_lat: float
    min_lon: float
    max_lat: float
    max_lon: float

    def contains(self, lat: float, lon: float) -> bool:
        return self.min_lat <= lat <= self.max_lat and self.min_lon <= lon <= self.max_lon


@dataclass(frozen=True)
class Frame:
    """Where ``bounds`` sits in a ``width`` × ``height`` drawing with ``padding`` around it."""

    bounds: Bounds
    width: float
    height: float
    padding: float
    scale: float  # drawing units per (cosine-scaled) degree
    lon_factor: float  # cos(middle latitude)


def _widened(lo: float, hi: float) -> tuple[float, float]:
    if hi - lo >= MIN_SPAN_DEG:
        return lo, hi
    middle = (lo + hi) / 2
    return middle - MIN_SPAN_DEG / 2, middle + MIN_SPAN_DEG / 2


def fit_frame(bounds: Bounds, width: float, padding: float = 10.0) -> Frame:
    """A frame ``width`` wide whose height keeps the aspect ratio of ``bounds``.

    Raises ``ValueError`` when the box is inverted or there is no room to draw.
    """
    if bounds.min_lat > bounds.max_lat or bounds.min_lon > bounds.max_lon:
        raise ValueError("inverted bounds")
    inner = width - 2 * padding
    if inner <= 0:
        raise ValueError("width must exceed twice the padding")
    min_lat, max_lat = _widened(bounds.min_lat, bounds.max_lat)
    min_lon, max_lon = _widened(bounds.min_lon, bounds.max_lon)
    wide = Bounds(min_lat, min_lon, max_lat, max_lon)
    lon_factor = math.cos(math.radians((min_lat + max_lat) / 2))
    scale = inner / ((max_lon - min_lon) * lon_factor)
    height = (max_lat - min_lat) * scale + 2 * padding
    return Frame(wide, width, height, padding, scale, lon_factor)


def project(frame: Frame, lat: float, lon: float, clamp: bool = True) -> tuple[float, float]:
    """The (x, y) drawing position of a point; with ``clamp`` kept inside the drawing."""
    x = frame.padding + (lon - frame.bounds.min_lon) * frame.lon_factor * frame.scale
    y = frame.padding + (frame.bounds.max_lat - lat) * frame.scale
    if clamp:
        x = min(max(x, 0.0), frame.width)
        y = min(max(y, 0.0), frame.height)
    return round(x, 2), round(y, 2)


def bounds_of(points: Sequence[tuple[float, float]]) -> Bounds:
    """The smallest box holding every ``(lat, lon)`` point. Raises on no points."""
    if not points:
        raise ValueError("no points")
    lats = [lat for lat, _lon in points]
    lons = [lon for _lat, lon in points]
    return Bounds(min(lats), min(lons), max(lats), max(lons))


def svg_path(frame: Frame, points: Sequence[tuple[float, float]], closed: bool = False) -> str:
    """An SVG path ``d`` through ``(lat, lon)`` points, in order."""
    if not points:
        return ""
    steps = [project(frame, lat, lon, clamp=False) for lat, lon in points]
    d = "M" + " L".join(f"{x:g} {y:g}" for x, y in steps)
    return d + " Z" if closed else d
