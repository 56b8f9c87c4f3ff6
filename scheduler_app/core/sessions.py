"""Training-class sessions: generating a weekly or fortnightly series and finding overlaps.

Pure code; times are aware datetimes, the zone keeps wall-clock times steady.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from scheduler_app.core.events_time import local_to_utc

MAX_SESSIONS = 104
# A title that only numbers the session ("ครั้งที่ 1", "Session 2") says nothing new.
_NUMBER_ONLY = re.compile(r"^(?:ครั้งที่|session|no\.?|#)?\s*\d+\s*[:.]?$", re.IGNORECASE)


@dataclass(frozen=True)
class Slot:
    start_at: datetime
    end_at: datetime


def generate_series(
    first_day: date,
    start_clock: time,
    end_clock: time,
    zone_name: str,
    *,
    every_weeks: int,
    count: int,
    exceptions: Iterable[date] = (),
) -> list[Slot]:
    """``count`` sessions every ``every_weeks`` weeks from ``first_day``, skipping
    ``exceptions`` (a skipped date does not reduce the count: the series runs longer).

    Raises ``ValueError`` for an end clock not after the start, a step other than 1 or 2,
    or a count outside 1..MAX_SESSIONS.
    """
    if end_clock <= start_clock:
        raise ValueError("end before start")
    if every_weeks not in (1, 2):
        raise ValueError("every_weeks must be 1 or 2")
    if not 1 <= count <= MAX_SESSIONS:
        raise ValueError("count out of range")
    skip = set(exceptions)
    slots: list[Slot] = []
    day = first_day
    step = timedelta(weeks=every_weeks)
    while len(slots) < count:
        if day not in skip:
            slots.append(
                Slot(
                    local_to_utc(day, start_clock, zone_name),
                    local_to_utc(day, end_clock, zone_name),
                )
            )
        day += step
    return slots


def overlaps(a: Slot, b: Slot) -> bool:
    """Whether two half-open intervals [start, end) share any instant."""
    return a.start_at < b.end_at and b.start_at < a.end_at


def first_overlap(new: Sequence[Slot], existing: Sequence[Slot]) -> Slot | None:
    """The first of ``new`` that overlaps an ``existing`` slot or an earlier new one."""
    seen = list(existing)
    for slot in new:
        if any(overlaps(slot, other) for other in seen):
            return slot
        seen.append(slot)
    return None


def hours(slots: Iterable[Slot]) -> float:
    """Total length of ``slots`` in hours."""
    return sum((s.end_at - s.start_at).total_seconds() for s in slots) / 3600


def attendance_ratio(attended: int, total: int) -> float:
    """Share of sessions attended (0 when there are no sessions)."""
    return attended / total if total else 0.0


def earns_certificate(attended: int, total: int, threshold_percent: int) -> bool:
    """Whether attendance reaches the class's threshold (in percent)."""
    return total > 0 and attended * 100 >= threshold_percent * total


def session_heading(number: str, title: str) -> str:
    """``"ครั้งที่ 1: ปุ๋ยหมัก"`` from the number label and the title, without saying the
    number twice: a title that only numbers the session, or already starts with the
    label, is not repeated after it."""
    title = " ".join(title.split())
    if not title or _NUMBER_ONLY.match(title):
        return number
    if title.startswith(number):
        return title
    return f"{number}: {title}"


def certificate_earned_at(
    attended: Iterable[datetime], total: int, threshold_percent: int
) -> datetime | None:
    """When attendance first reached the threshold: the time of the attended session that
    met it (None while it has not). ``attended`` are the times of the sessions the person
    was present at; ``total`` counts every session of the class, held or not."""
    if total <= 0:
        return None
    needed = max(1, -(-threshold_percent * total // 100))  # ceil(threshold × total / 100)
    ordered = sorted(attended)
    return ordered[needed - 1] if len(ordered) >= needed else None
