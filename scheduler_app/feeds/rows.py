"""Plain values a feed is built from (read by ``feeds.services``, used by ``feeds.content``).

The per-row values are named tuples: a 10,000-event feed builds tens of thousands of
them, and a tuple is several times cheaper to make than a frozen dataclass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple


class Place(NamedTuple):
    name_th: str
    name_en: str
    address: str
    latitude: float | None
    longitude: float | None


class EventRow(NamedTuple):
    id: int
    kind: str
    title_th: str
    title_en: str
    description: str
    start_at: datetime
    end_at: datetime
    timezone: str
    is_all_day: bool
    start_date: date | None
    end_date: date | None
    status: str
    cancel_reason: str
    sequence: int
    created_at: datetime | None
    last_modified: datetime  # the latest of the event's, its venue's and its host's edits
    venue: Place | None
    host_name_th: str
    host_name_en: str
    host_email: str


class StopRow(NamedTuple):
    id: int
    event_id: int
    position: int
    name: str
    arrive_at: datetime | None
    depart_at: datetime | None
    latitude: float | None
    longitude: float | None
    venue: Place | None
    venue_changed_at: datetime | None


class SessionRow(NamedTuple):
    id: int
    event_id: int
    position: int
    title: str
    start_at: datetime
    end_at: datetime


class ProgrammeRow(NamedTuple):
    event_id: int
    starts_at: datetime
    title: str


@dataclass(frozen=True, slots=True)
class Participation:
    """One person's registration, as their personal feed shows it."""

    status: str
    from_position: int | None
    to_position: int | None
    changed_at: datetime | None


@dataclass(frozen=True, slots=True)
class FeedData:
    events: list[EventRow]
    stops: dict[int, list[StopRow]] = field(default_factory=dict)
    sessions: dict[int, list[SessionRow]] = field(default_factory=dict)
    programme: dict[int, list[ProgrammeRow]] = field(default_factory=dict)
    participation: dict[int, Participation] = field(default_factory=dict)
