"""iCalendar (RFC 5545) for feeds, downloads and iTIP mail, built with the ``icalendar``
package; pure code.

The caller describes the calendar and its events with frozen dataclasses of plain values;
:func:`build_calendar` returns the bytes. Nothing here reads the clock: the output depends
only on its arguments, so two renders of unchanged data are byte-identical.

``icalendar`` builds every component (``Calendar``, ``Event``, ``Timezone``) and writes
its content lines: escaping, parameter quoting (RFC 6868) and its canonical property
order. Lines are folded by :func:`_fold`, which gives the bytes of icalendar's own fold
(CRLF, at most 75 octets, never inside a UTF-8 character or an escape; a test compares
the two on random text) without its per-character loop, which was 40 % of a VEVENT's
cost. Each VEVENT is serialised once and its bytes memoised by value in the worker
(:class:`_Memo`); with a :class:`VeventStore` the bytes are also shared, keyed by a digest
of the values (:func:`vevent_key`), so a new worker reads bytes instead of serialising.

- Times are written as UTC (``…Z``), or in the event's zone (``TZID=``) when that zone
  has had one offset since 1970 (Asia/Bangkok): its VTIMEZONE then holds a single
  observance and is exact. Zones with daylight saving fall back to UTC. Never floating.
- All-day events are ``VALUE=DATE`` with an exclusive ``DTEND``.
- ``DTSTAMP`` is the event's ``last_modified`` (RFC 5545 §3.8.7.2 for objects without an
  iTIP method, and for PUBLISH), or ``now`` for REQUEST/CANCEL messages (RFC 5546).
"""

from __future__ import annotations

import hashlib
import marshal
import re
import sys
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Literal, Protocol
from zoneinfo import ZoneInfo

import icalendar
from icalendar import (
    Calendar,
    Event,
    Timezone,
    vCalAddress,
    vCategory,
    vDDDTypes,
    vDuration,
    vGeo,
    vInt,
    vText,
    vUri,
)

Status = Literal["CONFIRMED", "TENTATIVE", "CANCELLED"]
Method = Literal["PUBLISH", "REQUEST", "CANCEL"]

CANCELLED_PREFIX = {"th": "ยกเลิก / Cancelled: ", "en": "Cancelled: "}
CANCELLED_KEPT_FOR = timedelta(days=30)
DEFAULT_PRODID = "-//Ruamjai//Ruamjai Calendar 1.0//TH"
# A VTIMEZONE covers these years; events before it are written in UTC.
ZONE_FIRST_DATE = date(1970, 1, 1)
ZONE_LAST_DATE = date(2100, 1, 1)
# TEXT may hold any character but the controls (RFC 5545 §3.3.11): HTAB, and CR/LF
# (which icalendar escapes as ``\n``) stay. Other values and parameters take none.
_TEXT_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ALL_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")
_END = b"END:VCALENDAR\r\n"
# Serialising a VEVENT with icalendar costs ~0.1-0.2 ms, joining memoised bytes ~nothing:
# room for a 10,000-event feed (17,500 VEVENTs with rally stops) in both languages.
# An entry (key values and bytes) is ~3 KB, so a full memo holds ~120 MB per worker.
VEVENT_MEMO_SIZE = 40_000
# Part of every shared VEVENT key: bump it when this module writes a VEVENT differently,
# so bytes stored by an older build (or another icalendar version) are never reused.
# (With the Python version: keys are digests of ``marshal`` bytes, whose format may change.)
VEVENT_FORMAT = f"1/icalendar-{icalendar.__version__}/python-{sys.version_info[:2]}"
_FOLD_AT = 74  # icalendar's fold: a line's part holds at most 74 octets (+ CRLF + space)
_FOLD = b"\r\n "


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
    """Serialised VEVENTs shared beyond one worker, by :func:`vevent_key`.

    Bytes under a key never change (the key is a digest of everything they show), so a
    store may keep old keys, drop any of them, and ignore a second ``put`` of a key.
    """

    def get_many(self, keys: Sequence[str]) -> Mapping[str, bytes]:
        """The stored bytes of those keys that are known."""
        ...

    def put_many(self, entries: Sequence[tuple[str, CalendarEvent, bytes]]) -> None:
        """Keep newly serialised VEVENTs (key, the event they show, bytes)."""
        ...


def build_calendar(
    calendar: CalendarSpec,
    events: Sequence[CalendarEvent],
    now: datetime,
    store: VeventStore | None = None,
) -> bytes:
    """The whole VCALENDAR as UTF-8 bytes with CRLF line ends and folded lines.

    ``now`` is used only as the DTSTAMP of REQUEST/CANCEL messages. With
    ``method="CANCEL"`` every event is written as cancelled; REQUEST and CANCEL need an
    organizer on every event (RFC 5546). VEVENTs not in this worker's memo are looked up
    in ``store`` (one ``get_many``) before they are serialised, and the newly serialised
    ones handed to its ``put_many``.
    """
    _require_aware(now, "now")
    if calendar.method in ("REQUEST", "CANCEL"):
        for event in events:
            if event.organizer is None:
                raise ValueError(f"{calendar.method} needs an ORGANIZER ({event.uid})")
    zones = _zones_used(calendar, events)
    itip_now = now if calendar.method in ("REQUEST", "CANCEL") else None
    language, method = calendar.language, calendar.method
    parts = [_head(calendar, zones)]
    every: list[_Args] = [(event, language, method, itip_now, zones) for event in events]
    missing: list[tuple[int, _Args]] = []
    for args, data in zip(every, _MEMO.get_many(every), strict=True):
        if data is None:
            missing.append((len(parts), args))
        parts.append(data or b"")
    if missing:
        _fill(parts, missing, store)
    parts.append(_END)
    return b"".join(parts)


def vevent_key(
    event: CalendarEvent,
    language: str,
    method: Method | None,
    itip_now: datetime | None,
    zones: tuple[str, ...],
) -> str:
    """A digest of every value a serialised VEVENT depends on (stable across processes).

    The values go in as one tuple of str, int, float, None and tuples, written by
    ``marshal`` (unambiguous, typed, and ~3 times cheaper than ``repr``; a key costs
    ~5 µs); times by :func:`_instant`.
    """
    organizer = event.organizer
    values = (
        VEVENT_FORMAT,
        event.uid,
        event.summary,
        _instant(event.start),
        _instant(event.end),
        _instant(event.last_modified),
        event.sequence,
        event.status,
        event.description,
        event.location,
        event.geo,
        event.url,
        None if organizer is None else (organizer.name, organizer.email),
        tuple((a.name, a.email, a.partstat, a.role, a.rsvp) for a in event.attendees),
        event.categories,
        event.related_to,
        event.tzid,
        None if event.created is None else _instant(event.created),
        language,
        method,
        None if itip_now is None else _instant(itip_now),
        zones,
    )
    # Version 0: later versions mark interned strings and write repeated objects as
    # back-references, so equal values could give different bytes in another process.
    return hashlib.blake2b(marshal.dumps(values, 0), digest_size=20).hexdigest()


def _instant(value: datetime | date) -> float | str:
    """A time for a key: an aware UTC datetime as its POSIX time (a VEVENT shows only its
    instant, to the second; a float tells microseconds apart until 2242), anything else
    (a date, another zone, a naive datetime that will be refused) as ISO text."""
    if type(value) is datetime and value.tzinfo is UTC:
        return value.timestamp()
    return value.isoformat()


def clear_memo() -> None:
    """Forget memoised VEVENTs (benchmarks measure truly cold renders with it)."""
    _MEMO.clear()


def cancelled_cutoff(now: datetime) -> datetime:
    """Cancelled events stay listed if cancelled on or after this instant.

    Whole UTC days, so a feed's content only changes with time at midnight UTC (caches
    can keep a rendering until then): cancelled events stay 30 to 31 days.
    """
    _require_aware(now, "now")
    midnight = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight - CANCELLED_KEPT_FOR


def is_listed(status: str, cancelled_at: datetime | None, now: datetime) -> bool:
    """Whether an event belongs in a feed: published, or cancelled within the last 30 days."""
    if status == "published":
        return True
    if status == "cancelled":
        return cancelled_at is None or cancelled_at >= cancelled_cutoff(now)
    return False


# --- components ---------------------------------------------------------------------


@lru_cache(maxsize=256)
def _head(calendar: CalendarSpec, zones: tuple[str, ...]) -> bytes:
    """The VCALENDAR's properties and VTIMEZONEs: everything before the first VEVENT
    (memoised: a feed's head and its serialised VTIMEZONE are the same every render)."""
    head = Calendar()
    head.version = "2.0"
    head.prodid = _text(calendar.prodid)
    head.calscale = "GREGORIAN"
    if calendar.method:
        head.method = calendar.method
    # icalendar types NAME and the X-WR-* names as unknown values, written unescaped
    # (its ``calendar_name`` setter too): as TEXT they are given explicitly.
    name = vText(_text(calendar.name))
    head.add("NAME", name)
    head.add("X-WR-CALNAME", name)
    if calendar.description:
        description = vText(_text(calendar.description))
        head.add("DESCRIPTION", description)
        head.add("X-WR-CALDESC", description)
    if calendar.timezone in zones:
        head.add("X-WR-TIMEZONE", calendar.timezone)
    head.refresh_interval = calendar.refresh_interval  # ValueError unless positive
    head["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"  # required by RFC 7986 §5.7
    head.add("X-PUBLISHED-TTL", vDuration(calendar.refresh_interval))
    for tzid in zones:
        timezone = _timezone(tzid)
        assert timezone is not None, "zones holds only zones with a VTIMEZONE"
        head.add_component(timezone)
    data: bytes = head.to_ical()
    assert data.endswith(_END)
    return data[: -len(_END)]


_Args = tuple[CalendarEvent, str, Method | None, datetime | None, tuple[str, ...]]


class _Memo:
    """This worker's serialised VEVENTs by value (a thread-safe LRU): a re-render after
    a change elsewhere reuses the bytes of every unchanged event."""

    def __init__(self, size: int) -> None:
        self._entries: OrderedDict[_Args, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self.size = size

    def get_many(self, every: list[_Args]) -> list[bytes | None]:
        """The bytes of each, or None (one lock for a whole feed)."""
        found: list[bytes | None] = []
        with self._lock:
            entries = self._entries
            for args in every:
                data = entries.get(args)
                if data is not None:
                    entries.move_to_end(args)
                found.append(data)
        return found

    def put_many(self, made: list[tuple[_Args, bytes]]) -> None:
        with self._lock:
            entries = self._entries
            for args, data in made:
                entries[args] = data
            while len(entries) > self.size:
                entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_MEMO = _Memo(VEVENT_MEMO_SIZE)


def _fill(parts: list[bytes], missing: list[tuple[int, _Args]], store: VeventStore | None) -> None:
    """Put the bytes of VEVENTs missing from the memo in place: from the store, else
    serialised (and then given to the store)."""
    keys = [vevent_key(*args) for _i, args in missing] if store is not None else []
    found = store.get_many(keys) if store is not None else {}
    made: list[tuple[str, CalendarEvent, bytes]] = []
    memo: list[tuple[_Args, bytes]] = []
    for n, (index, args) in enumerate(missing):
        data = found.get(keys[n]) if keys else None
        if data is None:
            data = _vevent(*args)
            if keys:
                made.append((keys[n], args[0], data))
        memo.append((args, data))
        parts[index] = data
    _MEMO.put_many(memo)
    if store is not None and made:
        store.put_many(made)


def _vevent(
    event: CalendarEvent,
    language: str,
    method: Method | None,
    itip_now: datetime | None,
    zones: tuple[str, ...],
) -> bytes:
    """One serialised VEVENT: icalendar's content lines, folded."""
    lines = _event_component(event, language, method, itip_now, zones).content_lines()
    return b"".join([_fold(line) for line in lines if line])


def _fold(line: str) -> bytes:
    """One content line as icalendar's ``Contentline.to_ical`` writes it, plus CRLF.

    Parts of at most 74 octets joined by CRLF + space, never splitting a UTF-8 character,
    and a part never ends in the ``\\`` or ``^`` that starts an escape (it moves to the
    next part), exactly as icalendar 7's ``_foldline``, but by slicing the encoded line
    rather than walking it character by character.
    """
    data = line.encode()
    size = len(data)
    if size <= _FOLD_AT:
        return data + b"\r\n"
    pieces: list[bytes] = []
    start = 0
    while size - start > _FOLD_AT:
        cut = start + _FOLD_AT
        while data[cut] & 0xC0 == 0x80:  # inside a UTF-8 character: cut before it
            cut -= 1
        if data[cut - 1] in b"\\^":
            cut -= 1
        pieces.append(data[start:cut])
        start = cut
    pieces.append(data[start:])
    return _FOLD.join(pieces) + b"\r\n"


def _event_component(
    event: CalendarEvent,
    language: str,
    method: Method | None,
    itip_now: datetime | None,
    zones: tuple[str, ...],
) -> Event:
    """The VEVENT, each property given with its icalendar value type.

    Explicit types rather than ``Event.new``/``add``: the same output, without inferring
    a type for every value, which halves the cost of building a component.
    """
    _require_aware(event.last_modified, "last_modified")
    status: Status = "CANCELLED" if method == "CANCEL" else event.status
    start, end = _times(event, zones)
    modified = vDDDTypes(event.last_modified.astimezone(UTC))
    vevent = Event()
    vevent["UID"] = vText(_clean(event.uid))
    vevent["DTSTAMP"] = modified if itip_now is None else vDDDTypes(itip_now.astimezone(UTC))
    vevent["DTSTART"] = vDDDTypes(start)
    vevent["DTEND"] = vDDDTypes(end)
    vevent["SEQUENCE"] = vInt(max(event.sequence, 0))
    if event.created is not None:
        vevent["CREATED"] = vDDDTypes(event.created.astimezone(UTC))
    vevent["LAST-MODIFIED"] = modified
    vevent["STATUS"] = vText(status)
    vevent["SUMMARY"] = vText(_text(_summary(event.summary, status, language)))
    if event.description:
        vevent["DESCRIPTION"] = vText(_text(event.description))
    if event.location:
        vevent["LOCATION"] = vText(_text(event.location))
    if event.geo is not None:
        vevent["GEO"] = vGeo((round(event.geo[0], 6), round(event.geo[1], 6)))
    if event.url:
        vevent["URL"] = vUri(_clean(event.url))
    if event.organizer is not None and event.organizer.email:
        vevent["ORGANIZER"] = _address(event.organizer.email, event.organizer.name)
    if event.attendees:
        vevent["ATTENDEE"] = [_attendee(a) for a in event.attendees]
    if event.categories:
        vevent["CATEGORIES"] = vCategory([_text(c) for c in event.categories])
    if event.related_to:
        vevent["RELATED-TO"] = vText(_clean(event.related_to), params={"RELTYPE": "PARENT"})
    if status == "CANCELLED":
        vevent["TRANSP"] = vText("TRANSPARENT")
    return vevent


def _address(email: str, name: str) -> vCalAddress:
    """A ``mailto:`` address with its name (``CN``)."""
    return vCalAddress.new(_clean(email), cn=_param(name))


def _attendee(attendee: Attendee) -> vCalAddress:
    address = _address(attendee.email, attendee.name)
    address.params.update(
        ROLE=attendee.role, PARTSTAT=attendee.partstat, RSVP="TRUE" if attendee.rsvp else "FALSE"
    )
    return address


def _summary(summary: str, status: Status, language: str) -> str:
    if status != "CANCELLED":
        return summary
    prefix = CANCELLED_PREFIX.get(language, CANCELLED_PREFIX["th"])
    return summary if summary.startswith(prefix) else prefix + summary


def _times(
    event: CalendarEvent, zones: tuple[str, ...]
) -> tuple[datetime, datetime] | tuple[date, date]:
    """DTSTART and DTEND: dates with an exclusive end, or datetimes in UTC or a TZID."""
    start, end = event.start, event.end
    if isinstance(start, datetime) != isinstance(end, datetime):
        raise ValueError(f"start and end must both be dates or datetimes ({event.uid})")
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        if end <= start:  # an exclusive end: at least the day after
            end = start + timedelta(days=1)
        return start, end
    _require_aware(start, "start")
    _require_aware(end, "end")
    end = max(end, start)
    if event.tzid in zones and start.year >= ZONE_FIRST_DATE.year:
        zone = _zone(event.tzid)
        return start.astimezone(zone), end.astimezone(zone)
    return start.astimezone(UTC), end.astimezone(UTC)


# --- values -------------------------------------------------------------------------


def _text(value: str) -> str:
    """A TEXT value without control characters; icalendar escapes the rest."""
    return _TEXT_CONTROLS.sub("", value) if not value.isprintable() else value


def _param(value: str) -> str:
    """A parameter value (a name) on one line: line breaks and tabs become spaces."""
    value = value.replace("\r\n", " ").replace("\r", " ").replace("\n", " ").replace("\t", " ")
    return _ALL_CONTROLS.sub("", value)


def _clean(value: str) -> str:
    """A non-TEXT value (UID, URI, address) with every control character removed."""
    return _ALL_CONTROLS.sub("", value) if not value.isprintable() else value


# --- time zones ---------------------------------------------------------------------


def _zones_used(calendar: CalendarSpec, events: Iterable[CalendarEvent]) -> tuple[str, ...]:
    """Zones to write as VTIMEZONE: the calendar's, then the events' own, when exact."""
    timed = sorted({e.tzid for e in events if isinstance(e.start, datetime)})
    seen: list[str] = []
    for tzid in [calendar.timezone, *timed]:
        if tzid not in seen and _timezone(tzid) is not None:
            seen.append(tzid)
    return tuple(seen)


@lru_cache(maxsize=64)
def _timezone(tzid: str) -> Timezone | None:
    """The VTIMEZONE of a zone with one observance from 1970 to 2100, else None.

    A zone with daylight saving or a later change of offset would need every transition
    in its VTIMEZONE; such zones (and UTC, which needs none) are written as UTC instead.
    """
    if tzid == "UTC":
        return None
    try:
        timezone = Timezone.from_tzid(tzid, first_date=ZONE_FIRST_DATE, last_date=ZONE_LAST_DATE)
    except ValueError:  # unknown zone
        return None
    return timezone if len(timezone.subcomponents) == 1 else None


@lru_cache(maxsize=64)
def _zone(tzid: str) -> ZoneInfo:
    return ZoneInfo(tzid)


def _require_aware(value: datetime, what: str) -> None:
    if value.tzinfo is UTC:
        return
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware")
