"""Where a coordinate may be: inside Thailand's bounding box.

Pure code. The box (about 5.6°–20.5° N, 97.3°–105.7° E, rounded outwards) is Thailand's
extreme points; without a licensed national border polygon it cannot tell Thailand from
the neighbouring strips of Myanmar, Laos, Cambodia and Malaysia that share the box, but it
refuses the common mistakes: swapped latitude and longitude, a dropped minus sign or
digit, a point in another country far away.
"""

from __future__ import annotations

from scheduler_app.core.mapping import Bounds

THAILAND = Bounds(min_lat=5.5, min_lon=97.3, max_lat=20.5, max_lon=105.7)


def in_thailand(lat: float, lon: float) -> bool:
    """Whether (lat, lon) in degrees lies inside Thailand's bounding box."""
    return THAILAND.contains(lat, lon)


def looks_swapped(lat: float, lon: float) -> bool:
    """Whether the point would be in Thailand with latitude and longitude exchanged."""
    return not in_thailand(lat, lon) and in_thailand(lon, lat)
