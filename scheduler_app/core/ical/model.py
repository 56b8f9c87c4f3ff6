"""The values a caller describes a calendar with: frozen dataclasses of plain values."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal, Protocol

Status = Literal["CONFIRMED", "TENTATIVE", "CANCELLED"]
Method = Literal["PUBLISH", "REQUEST", "CANCEL"]

CANCELLED_PREFIX = {"th": "ยกเลิก / Cancelled: ", "en": "Cancelled: "}
DEFAULT_PRODID = "-//Ruamjai//Ruamjai Calendar 1.0//TH"


@dataclass(frozen=True, slots=True)
class Organizer:
    """The ``ORGANIZER``: a name (``CN``) and an e-mail address."""

    name: str
    email: str


@dataclass(frozen=True, slots=True)
class Attendee:
    """An ``ATTENDEE`` of an iTIP message."""

    name: str
    email: str
    partstat: str = "NEEDS-ACTION"
    role: str = "REQ-PARTICIPANT"
    rsvp: bool = False


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One VEVENT. ``start``/``end`` are aware datetimes, or dates (``end`` exclusive)."""

    uid: str
    summary: str
    start: datetime | date
    end: datetime | date
    last_modified: datetime
    sequence: int = 0
    status: Status = "CONFIRMED"
    description: str = ""
    location: str = ""
    geo: tuple[float, float] | None = None
    url: str = ""
    organizer: Organizer | None = None
    attendees: tuple[Attendee, ...] = ()
    categories: tuple[str, ...] = ()
    related_to: str = ""
    tzid: str = "UTC"
    created: datetime | None = None


@dataclass(frozen=True, slots=True)
class CalendarSpec:
    """Calendar-level properties. ``language`` picks the cancelled marker (th|en)."""

    name: str
    description: str = ""
    language: str = "th"
    timezone: str = "Asia/Bangkok"
    method: Method | None = None
    prodid: str = DEFAULT_PRODID
    refresh_interval: timedelta = field(default=timedelta(hours=1))


class VeventStore(Protocol):
    """Serialised VEVENTs shared beyond one worker, by :func:`~.memo.vevent_key`.

    Bytes under a key never change (the key is a digest of everything they show), so a
    store may keep old keys, drop any of them, and ignore a second ``put`` of a key.
    """

    def get_many(self, keys: Sequence[str]) -> Mapping[str, bytes]:
        """The stored bytes of those keys that are known."""
        ...

    def put_many(self, entries: Sequence[tuple[str, CalendarEvent, bytes]]) -> None:
        """Keep newly serialised VEVENTs (key, the event they show, bytes)."""
        ...
