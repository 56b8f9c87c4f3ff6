"""Serialised VEVENTs remembered: by value in this worker, by digest in a shared store.

Each VEVENT is serialised once and its bytes memoised by value in the worker
(:class:`Memo`); with a :class:`~.model.VeventStore` the bytes are also shared, keyed by a
digest of the values (:func:`vevent_key`), so a new worker reads bytes instead of
serialising.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
import threading
from collections import OrderedDict
from datetime import UTC, date, datetime

import icalendar

from scheduler_app.core.ical.model import CalendarEvent, Method, VeventStore
from scheduler_app.core.ical.vevent import Args, vevent

# Serialising a VEVENT with icalendar costs ~0.1-0.2 ms, joining memoised bytes ~nothing:
# room for a 10,000-event feed (17,500 VEVENTs with rally stops) in both languages.
# An entry (key values and bytes) is ~3 KB, so a full memo holds ~120 MB per worker.
VEVENT_MEMO_SIZE = 40_000
# Part of every shared VEVENT key: bump it when this package writes a VEVENT differently,
# so bytes stored by an older build (or another icalendar version) are never reused.
# (With the Python version: keys are digests of ``marshal`` bytes, whose format may change.)
VEVENT_FORMAT = f"1/icalendar-{icalendar.__version__}/python-{sys.version_info[:2]}"


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


class Memo:
    """This worker's serialised VEVENTs by value (a thread-safe LRU): a re-render after
    a change elsewhere reuses the bytes of every unchanged event."""

    def __init__(self, size: int) -> None:
        self._entries: OrderedDict[Args, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self.size = size

    def get_many(self, every: list[Args]) -> list[bytes | None]:
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

    def put_many(self, made: list[tuple[Args, bytes]]) -> None:
        with self._lock:
            entries = self._entries
            for args, data in made:
                entries[args] = data
            while len(entries) > self.size:
                entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


MEMO = Memo(VEVENT_MEMO_SIZE)


def clear_memo() -> None:
    """Forget memoised VEVENTs (benchmarks measure truly cold renders with it)."""
    MEMO.clear()


def fill(parts: list[bytes], missing: list[tuple[int, Args]], store: VeventStore | None) -> None:
    """Put the bytes of VEVENTs missing from the memo in place: from the store, else
    serialised (and then given to the store)."""
    keys = [vevent_key(*args) for _i, args in missing] if store is not None else []
    found = store.get_many(keys) if store is not None else {}
    made: list[tuple[str, CalendarEvent, bytes]] = []
    memo: list[tuple[Args, bytes]] = []
    for n, (index, args) in enumerate(missing):
        data = found.get(keys[n]) if keys else None
        if data is None:
            data = vevent(*args)
            if keys:
                made.append((keys[n], args[0], data))
        memo.append((args, data))
        parts[index] = data
    MEMO.put_many(memo)
    if store is not None and made:
        store.put_many(made)
