"""Reminder timing: parse a host's offsets ("7d,1d") and plan when reminders go out.

Pure functions on plain values; ``now`` is passed in, so a reminder whose moment has
passed is simply not planned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

DEFAULT_OFFSETS = "7d,1d"
MAX_OFFSET = timedelta(days=60)
MAX_OFFSETS = 5
_PART_RE = re.compile(r"^(\d{1,4})\s*([dhm])$")
_UNITS = {"d": "days", "h": "hours", "m": "minutes"}


class OffsetError(ValueError):
    """The offsets text cannot be read (bad unit, too many, too far ahead, zero)."""


@dataclass(frozen=True)
class Target:
    """Something a reminder is about: ``key`` names it in dedupe keys, ``start_at`` is UTC."""

    key: str
    start_at: datetime
    label: str = ""


@dataclass(frozen=True)
class PlannedReminder:
    target: Target
    offset: str
    send_at: datetime


def parse_offset(part: str) -> timedelta:
    """``"7d"`` → 7 days, ``"3h"`` → 3 hours, ``"30m"`` → 30 minutes."""
    match = _PART_RE.match(part.strip().lower())
    if not match:
        raise OffsetError(part)
    value = timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
    if value <= timedelta(0) or value > MAX_OFFSET:
        raise OffsetError(part)
    return value


def parse_offsets(text: str | None) -> list[tuple[str, timedelta]]:
    """Labelled offsets, longest first, without duplicates; empty text means no reminders.

    Raises ``OffsetError`` on anything unreadable.
    """
    seen: dict[timedelta, str] = {}
    for part in (text or "").replace(";", ",").split(","):
        if not part.strip():
            continue
        value = parse_offset(part)
        seen.setdefault(value, normalise_label(value))
    if len(seen) > MAX_OFFSETS:
        raise OffsetError(text or "")
    return sorted(((label, value) for value, label in seen.items()), key=lambda p: -p[1])


def normalise_label(value: timedelta) -> str:
    """The shortest label for an offset: ``7d``, ``36h``, ``90m``."""
    minutes = int(value.total_seconds() // 60)
    if minutes % (24 * 60) == 0:
        return f"{minutes // (24 * 60)}d"
    if minutes % 60 == 0:
        return f"{minutes // 60}h"
    return f"{minutes}m"


def offset_parts(label: str) -> tuple[int, str]:
    """An offset as a number and its largest whole unit: ``"48h"`` → ``(2, "d")``."""
    short = normalise_label(parse_offset(label))
    return int(short[:-1]), short[-1]


def format_offsets(text: str | None) -> str:
    """The canonical form of an offsets text (``"1d, 7d"`` → ``"7d,1d"``)."""
    return ",".join(label for label, _ in parse_offsets(text))


def plan_reminders(
    targets: list[Target],
    offsets: list[tuple[str, timedelta]],
    now: datetime,
    *,
    later_targets_shortest_only: bool = False,
) -> list[PlannedReminder]:
    """Every (target, offset) reminder still in the future at ``now``, by send time.

    With ``later_targets_shortest_only`` (training sessions) the first target gets every
    offset and the later ones only the shortest, so a class does not flood its students.
    Targets that have already started get none.
    """
    planned: list[PlannedReminder] = []
    ordered = sorted(targets, key=lambda t: t.start_at)
    for index, target in enumerate(ordered):
        chosen = offsets
        if later_targets_shortest_only and index > 0 and offsets:
            chosen = [min(offsets, key=lambda p: p[1])]
        for label, value in chosen:
            send_at = target.start_at - value
            if send_at > now and target.start_at > now:
                planned.append(PlannedReminder(target, label, send_at))
    return sorted(planned, key=lambda p: (p.send_at, p.target.key))
