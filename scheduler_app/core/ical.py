"""iCalendar (RFC 5545) serialisation for feeds, downloads and iTIP mail; pure code.

The caller describes the calendar and its events with frozen dataclasses of plain values;
:func:`build_calendar` returns the bytes. Nothing here reads the clock: the output depends
only on its arguments, so two renders of unchanged data are byte-identical.

Written by hand rather than with the ``icalendar`` package because every byte matters
(CRLF, folding at 75 octets on UTF-8 character boundaries, escaping, property order) and
a 10,000-event feed must render in a fraction of a second.

- Times are written as UTC (``…Z``), or in the event's zone (``TZID=``) when that zone
  has had one fixed offset since 1970 (Asia/Bangkok): the VTIMEZONE then written is exact.
  Zones with daylight saving fall back to UTC. Nothing is ever floating.
- All-day events are ``VALUE=DATE`` with an exclusive ``DTEND``.
- ``DTSTAMP`` is the event's ``last_modified`` (RFC 5545 §3.8.7.2 for objects without an
  iTIP method, and for PUBLISH), or ``now`` for REQUEST/CANCEL messages (RFC 5546).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Status = Literal["CONFIRMED", "TENTATIVE", "CANCELLED"]
Method = Literal["PUBLISH", "REQUEST", "CANCEL"]

CANCELLED_PREFIX = {"th": "ยกเลิก / Cancelled: ", "en": "Cancelled: "}
CANCELLED_KEPT_FOR = timedelta(days=30)
DEFAULT_PRODID = "-//Ruamjai//Ruamjai Calendar 1.0//TH"
MAX_OCTETS = 75
_CRLF = "\r\n"
# TEXT may hold any character but the controls (RFC 5545 §3.3.11); HTAB is allowed.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ALL_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_OCTETS = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Maps every forbidden control octet to NUL: ``b"\0" in data.translate(...)`` finds one
# several times faster than a regular expression search.
_MARK_CONTROLS = bytes.maketrans(
    bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]), bytes(30)
)
# The longest run of whole UTF-8 characters that fits: greedy, then back off until the
# next octet is not a continuation octet (10xxxxxx). First line 75 octets, then 74.
_FIRST_CHUNK = re.compile(rb".{1,75}(?![\x80-\xbf])", re.DOTALL)
_NEXT_CHUNKS = re.compile(rb".{1,74}(?![\x80-\xbf])", re.DOTALL)
_UTC_FORMAT = "%04d%02d%02dT%02d%02d%02dZ"
_SHORT_TZID = MAX_OCTETS - len("DTSTART;TZID=:20260101T000000")


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


def build_calendar(calendar: CalendarSpec, events: Sequence[CalendarEvent], now: datetime) -> bytes:
    """The whole VCALENDAR as UTF-8 bytes with CRLF line ends and folded lines.

    ``now`` is used only as the DTSTAMP of REQUEST/CANCEL messages. With
    ``method="CANCEL"`` every event is written as cancelled; REQUEST and CANCEL need an
    organizer on every event (RFC 5546).
    """
    _require_aware(now, "now")
    if calendar.method in ("REQUEST", "CANCEL"):
        for event in events:
            if event.organizer is None:
                raise ValueError(f"{calendar.method} needs an ORGANIZER ({event.uid})")
    zones = _zones_used(calendar, events)
    head = _calendar_head(calendar, zones)
    for tzid in zones:
        head.extend(_vtimezone(tzid))
    itip_now = now if calendar.method in ("REQUEST", "CANCEL") else None
    zone_key = tuple(zones)
    parts = [_serialise(head)]
    parts += [_vevent(e, calendar.language, calendar.method, itip_now, zone_key) for e in events]
    parts.append(b"END:VCALENDAR\r\n")
    return b"".join(parts)


def _serialise(lines: list[str]) -> bytes:
    """Content lines as UTF-8, each folded and ended by CRLF.

    Values never hold a raw CR or LF (TEXT escapes them, the rest is cleaned), so the
    encoded text splits back into exactly these lines.
    """
    data = (_CRLF.join(lines) + _CRLF).encode("utf-8")
    limit = MAX_OCTETS
    return b"\r\n".join(
        [_fold_octets(line) if len(line) > limit else line for line in data.split(b"\r\n")]
    )


def _line(line: str) -> bytes:
    """One content line, folded and ended by CRLF (what :func:`_serialise` does to it)."""
    data = line.encode("utf-8")
    if len(data) <= MAX_OCTETS:
        return data + b"\r\n"
    if b"\r\n" in data:  # only from a caller's raw value; it ends the line, as before
        return b"\r\n".join([_fold_octets(part) for part in data.split(b"\r\n")]) + b"\r\n"
    return _fold_octets(data) + b"\r\n"


def _text_line(name: bytes, value: str) -> bytes:
    """``NAME:`` and an escaped TEXT value, folded, with CRLF. Works on the UTF-8 octets:
    the escaped characters are ASCII, which never occurs inside a multi-octet character,
    so this equals ``escape_text`` then encoding, only faster on Thai text."""
    data = value.encode("utf-8")
    if not value.isprintable():  # newlines, tabs, controls (and some harmless marks)
        if b"\r" in data:
            data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        if b"\0" in data.translate(_MARK_CONTROLS):
            data = _CONTROL_OCTETS.sub(b"", data)
        data = data.replace(b"\\", b"\\\\").replace(b";", b"\\;").replace(b",", b"\\,")
        data = name + data.replace(b"\n", b"\\n")
    else:
        data = name + data.replace(b"\\", b"\\\\").replace(b";", b"\\;").replace(b",", b"\\,")
    if len(data) <= MAX_OCTETS:
        return data + b"\r\n"
    return _fold_octets(data) + b"\r\n"


# Venues, hosts, kinds and many times repeat across a feed's events: their text is kept.
_shared_text_line = lru_cache(maxsize=4096)(_text_line)
_shared_line = lru_cache(maxsize=64)(_line)


def clear_memo() -> None:
    """Forget memoised VEVENTs and lines (benchmarks measure truly cold renders with it)."""
    for memo in (
        _vevent,
        _shared_text_line,
        _shared_line,
        _organizer_line,
        _categories_line,
        _utc_text,
    ):
        memo.cache_clear()


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


# --- values -------------------------------------------------------------------------


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and newline escaped; controls dropped."""
    if not value.isprintable():  # printable text holds no CR, LF or control
        if "\r" in value:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        if _CONTROLS.search(value):
            value = _CONTROLS.sub("", value)
    # str.replace runs in C; translate() with a table is far slower on Thai text.
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def quote_param(value: str) -> str:
    """A parameter value as a quoted-string (DQUOTE and controls cannot appear inside)."""
    value = _CONTROLS.sub("", value.replace("\r", " ").replace("\n", " ").replace("\t", " "))
    return '"' + value.replace('"', "'") + '"'


def format_utc(value: datetime) -> str:
    """``20260301T030000Z``."""
    if value.tzinfo is not UTC:
        _require_aware(value, "datetime")
        value = value.astimezone(UTC)
    v = value
    return _UTC_FORMAT % (v.year, v.month, v.day, v.hour, v.minute, v.second)


_utc_text = lru_cache(maxsize=8192)(format_utc)


def format_date(value: date) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def _local(v: datetime) -> str:
    return _UTC_FORMAT[:-1] % (v.year, v.month, v.day, v.hour, v.minute, v.second)


def format_duration(value: timedelta) -> str:
    """A positive duration (``PT1H``, ``P1D``, ``PT1H30M``)."""
    seconds = int(value.total_seconds())
    if seconds <= 0:
        raise ValueError("duration must be positive")
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    out = f"P{days}D" if days else "P"
    clock = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    clock += f"{secs}S" if secs else ""
    return out + ("T" + clock if clock else "")


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character.

    Continuation lines start with one space, so they carry at most 74 octets of content.
    """
    if len(line) <= MAX_OCTETS // 4:  # no character takes more than 4 octets
        return line
    return _fold_octets(line.encode("utf-8")).decode("utf-8")


def _fold_octets(data: bytes) -> bytes:
    """Valid UTF-8 folded into lines of at most 75 octets (CRLF, then a space)."""
    if len(data) <= MAX_OCTETS:
        return data
    first = _FIRST_CHUNK.match(data)
    assert first is not None, "not UTF-8"
    end = first.end()
    return b"\r\n ".join([data[:end], *_NEXT_CHUNKS.findall(data, end)])


def _clean(value: str) -> str:
    """A non-TEXT value (UID, URI, address) with every control character removed."""
    return _ALL_CONTROLS.sub("", value) if _ALL_CONTROLS.search(value) else value


# --- components ---------------------------------------------------------------------


def _calendar_head(calendar: CalendarSpec, zones: Sequence[str]) -> list[str]:
    name = escape_text(calendar.name)
    refresh = format_duration(calendar.refresh_interval)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{escape_text(calendar.prodid)}",
        "CALSCALE:GREGORIAN",
    ]
    if calendar.method:
        lines.append(f"METHOD:{calendar.method}")
    lines += [f"NAME:{name}", f"X-WR-CALNAME:{name}"]
    if calendar.description:
        desc = escape_text(calendar.description)
        lines += [f"DESCRIPTION:{desc}", f"X-WR-CALDESC:{desc}"]
    if calendar.timezone in zones:
        lines.append(f"X-WR-TIMEZONE:{calendar.timezone}")
    lines += [f"REFRESH-INTERVAL;VALUE=DURATION:{refresh}", f"X-PUBLISHED-TTL:{refresh}"]
    return lines


@lru_cache(maxsize=20_000)
def _vevent(
    event: CalendarEvent,
    language: str,
    method: Method | None,
    itip_now: datetime | None,
    zones: tuple[str, ...],
) -> bytes:
    """One serialised VEVENT, memoised: a re-render after a change elsewhere reuses the
    bytes of every unchanged event (the arguments are immutable values).

    Property order and bytes are those of ``_serialise`` over the lines; the lines that
    are fixed-width ASCII by construction skip the folding check.
    """
    _require_aware(event.last_modified, "last_modified")
    status: Status = "CANCELLED" if method == "CANCEL" else event.status
    modified = _utc_text(event.last_modified)
    stamp = modified if itip_now is None else _utc_text(itip_now)
    parts = [
        _line(f"BEGIN:VEVENT\r\nUID:{_clean(event.uid)}"),
        f"DTSTAMP:{stamp}\r\n".encode(),
        _times(event, zones),
        _line(f"SEQUENCE:{max(event.sequence, 0)}"),
    ]
    if event.created is not None:
        parts.append(f"CREATED:{_utc_text(event.created)}\r\n".encode())
    parts.append(f"LAST-MODIFIED:{modified}\r\n".encode())
    parts.append(_shared_line(f"STATUS:{status}"))
    parts.append(_text_line(b"SUMMARY:", _summary(event.summary, status, language)))
    if event.description:
        parts.append(_text_line(b"DESCRIPTION:", event.description))
    if event.location:
        parts.append(_shared_text_line(b"LOCATION:", event.location))
    if event.geo is not None:
        parts.append(_line(f"GEO:{event.geo[0]:.6f};{event.geo[1]:.6f}"))
    if event.url:
        parts.append(_line(f"URL:{_clean(event.url)}"))
    if event.organizer is not None and event.organizer.email:
        parts.append(_organizer_line(event.organizer))
    parts.extend(_line(_attendee(a)) for a in event.attendees)
    if event.categories:
        parts.append(_categories_line(event.categories))
    if event.related_to:
        parts.append(_line(f"RELATED-TO;RELTYPE=PARENT:{_clean(event.related_to)}"))
    if status == "CANCELLED":
        parts.append(b"TRANSP:TRANSPARENT\r\n")
    parts.append(b"END:VEVENT\r\n")
    return b"".join(parts)


@lru_cache(maxsize=1024)
def _organizer_line(org: Organizer) -> bytes:
    return _line(f"ORGANIZER;CN={quote_param(org.name)}:mailto:{_clean(org.email)}")


@lru_cache(maxsize=1024)
def _categories_line(categories: tuple[str, ...]) -> bytes:
    return _line("CATEGORIES:" + ",".join(map(escape_text, categories)))


def _summary(summary: str, status: Status, language: str) -> str:
    if status != "CANCELLED":
        return summary
    prefix = CANCELLED_PREFIX.get(language, CANCELLED_PREFIX["th"])
    return summary if summary.startswith(prefix) else prefix + summary


def _attendee(attendee: Attendee) -> str:
    params = [
        f"CN={quote_param(attendee.name)}",
        f"ROLE={attendee.role}",
        f"PARTSTAT={attendee.partstat}",
        f"RSVP={'TRUE' if attendee.rsvp else 'FALSE'}",
    ]
    return "ATTENDEE;" + ";".join(params) + f":mailto:{_clean(attendee.email)}"


def _times(event: CalendarEvent, zones: Sequence[str]) -> bytes:
    """The DTSTART and DTEND lines."""
    start, end = event.start, event.end
    if isinstance(start, datetime) != isinstance(end, datetime):
        raise ValueError(f"start and end must both be dates or datetimes ({event.uid})")
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        if end <= start:  # an exclusive end: at least the day after
            end = start + timedelta(days=1)
        first, last = format_date(start), format_date(end)
        return f"DTSTART;VALUE=DATE:{first}\r\nDTEND;VALUE=DATE:{last}\r\n".encode()
    _require_aware(start, "start")
    _require_aware(end, "end")
    if end < start:
        end = start
    tzid = event.tzid
    if tzid in zones and start.year >= 1970:  # the VTIMEZONE starts in 1970
        zone = _zone(tzid)
        first = f"DTSTART;TZID={tzid}:{_local(start.astimezone(zone))}"
        last = f"DTEND;TZID={tzid}:{_local(end.astimezone(zone))}"
        if len(tzid) <= _SHORT_TZID and tzid.isascii():  # both lines fit in 75 octets
            return f"{first}\r\n{last}\r\n".encode()
        return _line(first) + _line(last)
    return f"DTSTART:{_utc_text(start)}\r\nDTEND:{_utc_text(end)}\r\n".encode()


# --- time zones ---------------------------------------------------------------------


def _zones_used(calendar: CalendarSpec, events: Iterable[CalendarEvent]) -> list[str]:
    """Fixed-offset zones to write as VTIMEZONE: the calendar's, then the events' own."""
    timed = sorted({e.tzid for e in events if isinstance(e.start, datetime)})
    wanted = [calendar.timezone, *timed]
    seen: list[str] = []
    for tzid in wanted:
        if tzid not in seen and fixed_offset(tzid) is not None:
            seen.append(tzid)
    return seen


@lru_cache(maxsize=64)
def fixed_offset(tzid: str) -> tuple[timedelta, str] | None:
    """(offset, abbreviation) of a zone whose offset never changed from 1970 to 2100."""
    if tzid == "UTC":
        return None  # plain ``Z`` times need no VTIMEZONE
    try:
        zone = ZoneInfo(tzid)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    samples = [
        datetime(year, month, 1, tzinfo=UTC).astimezone(zone)
        for year in range(1970, 2101)
        for month in (1, 4, 7, 10)
    ]
    offsets = {s.utcoffset() for s in samples}
    if len(offsets) != 1:
        return None
    offset = samples[-1].utcoffset()
    assert offset is not None
    return offset, samples[-1].tzname() or tzid


def _vtimezone(tzid: str) -> list[str]:
    known = fixed_offset(tzid)
    assert known is not None
    offset, abbreviation = known
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    text = f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
    return [
        "BEGIN:VTIMEZONE",
        f"TZID:{tzid}",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        f"TZOFFSETFROM:{text}",
        f"TZOFFSETTO:{text}",
        f"TZNAME:{escape_text(abbreviation)}",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]


@lru_cache(maxsize=64)
def _zone(tzid: str) -> ZoneInfo:
    return ZoneInfo(tzid)


def _require_aware(value: datetime, what: str) -> None:
    if value.tzinfo is UTC:
        return
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware")
