"""Cycling rallies: leg and total distances between ordered stops, riders per stop.

Pure code on plain values.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from scheduler_app.core.geography import great_circle_km


@dataclass(frozen=True)
class Point:
    lat: float | None
    lon: float | None


def leg_distances(points: Sequence[Point]) -> list[float | None]:
    """Distance (km) from each stop to the previous one; ``None`` for the first stop or
    when either end has no coordinates."""
    legs: list[float | None] = []
    for i, point in enumerate(points):
        prev = points[i - 1] if i else None
        if (
            prev is None
            or prev.lat is None
            or prev.lon is None
            or point.lat is None
            or point.lon is None
        ):
            legs.append(None)
        else:
            legs.append(great_circle_km(prev.lat, prev.lon, point.lat, point.lon))
    return legs


def total_distance(legs: Iterable[float | None]) -> float:
    """Sum of the known legs, in km."""
    return sum(leg for leg in legs if leg is not None)


def riders_at_stops(
    stop_positions: Sequence[int], journeys: Iterable[tuple[int | None, int | None]]
) -> dict[int, int]:
    """How many riders are on the road at each stop position.

    Each journey is (join position, leave position); ``None`` means the first or the last
    stop. A rider counts at every stop from where they join to where they leave, inclusive.
    """
    counts = dict.fromkeys(stop_positions, 0)
    if not stop_positions:
        return counts
    first, last = min(stop_positions), max(stop_positions)
    for join, leave in journeys:
        lo = first if join is None else join
        hi = last if leave is None else leave
        for position in stop_positions:
            if lo <= position <= hi:
                counts[position] += 1
    return counts


def stops_in_order(times: Sequence[tuple[datetime | None, datetime | None]]) -> bool:
    """Whether (arrival, departure) pairs run forward: each arrival ≤ its departure and
    each arrival ≥ the previous stop's departure (missing times are skipped)."""
    previous: datetime | None = None
    for arrival, departure in times:
        if arrival is not None and departure is not None and departure < arrival:
            return False
        if previous is not None and arrival is not None and arrival < previous:
            return False
        latest = departure or arrival
        if latest is not None:
            previous = latest
    return True
