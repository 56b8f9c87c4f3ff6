"""The fast fold equals icalendar's, and VEVENTs shared through a store keep their bytes."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar.parser import Contentline

from scheduler_app.core import ical
from scheduler_app.core.ical import Attendee, CalendarEvent, CalendarSpec, Organizer
from scheduler_app.core.ical import memo as ical_memo
from scheduler_app.core.ical.fold import fold

NOW = datetime(2026, 3, 1, 3, 0, tzinfo=UTC)
EDITED = datetime(2026, 2, 14, 8, 30, 15, tzinfo=UTC)
# Thai (3 octets), accents (2), emoji (4), and the characters that start an escape.
ALPHABET = st.sampled_from([*'abc ,;:"\\^nกขี้่๊๑', "é", "ß", "🎉", "\u200d", "\t"])


@settings(max_examples=400, deadline=None)
@given(st.text(ALPHABET, max_size=400), st.sampled_from(["SUMMARY:", "X:", "DESCRIPTION;A=1:"]))
def test_fold_gives_icalendars_bytes(text: str, name: str) -> None:
    line = name + text
    assert fold(line) == Contentline(line).to_ical() + b"\r\n"


@pytest.mark.parametrize("length", range(70, 80))
@pytest.mark.parametrize("char", ["a", "\\", "^", "ก", "🎉"])
def test_fold_at_every_boundary(length: int, char: str) -> None:
    for line in (char * length, "x" * (length - 1) + char + "yz" * 40):
        assert fold(line) == Contentline(line).to_ical() + b"\r\n"


def _event(**kw: Any) -> CalendarEvent:
    values: dict[str, Any] = {
        "uid": "event-7@ruamjai.test",
        "summary": "งานแลกเปลี่ยนเรียนรู้",
        "start": datetime(2026, 3, 10, 2, 0, tzinfo=UTC),
        "end": datetime(2026, 3, 10, 9, 30, tzinfo=UTC),
        "last_modified": EDITED,
        "sequence": 3,
        "organizer": Organizer("เทศบาล", "saraban@example.go.th"),
        "tzid": "Asia/Bangkok",
    }
    values.update(kw)
    return CalendarEvent(**values)


class DictStore:
    """A store in a dict, counting what it is asked."""

    def __init__(self) -> None:
        self.rows: dict[str, tuple[CalendarEvent, bytes]] = {}
        self.asked: list[list[str]] = []

    def get_many(self, keys: Sequence[str]) -> Mapping[str, bytes]:
        self.asked.append(list(keys))
        return {k: self.rows[k][1] for k in keys if k in self.rows}

    def put_many(self, entries: Sequence[tuple[str, CalendarEvent, bytes]]) -> None:
        for key, event, data in entries:
            self.rows[key] = (event, data)


def _build(events: list[CalendarEvent], store: DictStore | None, **spec: Any) -> bytes:
    return ical.build_calendar(CalendarSpec(name="ร่วมใจ", **spec), events, NOW, store)


def test_a_cold_worker_reads_stored_bytes_instead_of_serialising(monkeypatch):
    events = [_event(uid=f"event-{n}@ruamjai.test", summary=f"งานที่ {n}") for n in range(4)]
    ical.clear_memo()
    plain = _build(events, None)
    ical.clear_memo()
    store = DictStore()
    assert _build(events, store) == plain
    assert len(store.rows) == 4 and len(store.asked) == 1
    assert {e.uid for e, _data in store.rows.values()} == {e.uid for e in events}

    ical.clear_memo()  # a new worker: nothing may be serialised again

    def refuse(*_args: Any) -> bytes:
        raise AssertionError("serialised although stored")

    monkeypatch.setattr(ical_memo, "vevent", refuse)
    assert _build(events, store) == plain
    asked = len(store.asked)
    assert _build(events, store) == plain  # now from the worker's memo
    assert len(store.asked) == asked


def test_stored_bytes_are_keyed_by_every_value():
    base = _event(
        description="d", location="l", geo=(17.5, 101.7), url="https://x.test/e/7",
        attendees=(Attendee("ก", "a@x.test"),), categories=("c",), related_to="event-1@x",
        created=EDITED,
    )  # fmt: skip
    changed = {
        "uid": "event-8@ruamjai.test", "summary": "อื่น", "start": base.start + timedelta(minutes=1),
        "end": base.end + timedelta(minutes=1), "last_modified": EDITED + timedelta(seconds=1),
        "sequence": 4, "status": "CANCELLED", "description": "e", "location": "m",
        "geo": (17.5, 101.8), "url": "https://x.test/e/8",
        "organizer": Organizer("เทศบาล", "o@x.test"),
        "attendees": (Attendee("ก", "a@x.test", rsvp=True),), "categories": ("d",),
        "related_to": "event-2@x", "tzid": "UTC", "created": EDITED - timedelta(days=1),
    }  # fmt: skip
    assert set(changed) == {f.name for f in dataclasses.fields(CalendarEvent)}
    zones = ("Asia/Bangkok",)
    key = ical.vevent_key(base, "th", None, None, zones)
    assert key == ical.vevent_key(dataclasses.replace(base), "th", None, None, zones)
    for name, value in changed.items():
        other = dataclasses.replace(base, **{name: value})
        assert ical.vevent_key(other, "th", None, None, zones) != key, name
    assert ical.vevent_key(base, "en", None, None, zones) != key
    assert ical.vevent_key(base, "th", "REQUEST", NOW, zones) != key
    assert ical.vevent_key(base, "th", "REQUEST", NOW + timedelta(1), zones) != (
        ical.vevent_key(base, "th", "REQUEST", NOW, zones)
    )
    assert ical.vevent_key(base, "th", None, None, ()) != key
    day = dataclasses.replace(base, start=date(2026, 3, 10), end=date(2026, 3, 11))
    midnight = dataclasses.replace(
        base, start=datetime(2026, 3, 10, tzinfo=UTC), end=datetime(2026, 3, 11, tzinfo=UTC)
    )
    assert ical.vevent_key(day, "th", None, None, zones) != ical.vevent_key(
        midnight, "th", None, None, zones
    )


def test_only_changed_events_reach_the_store_again():
    events = [_event(uid=f"event-{n}@ruamjai.test") for n in range(3)]
    store = DictStore()
    ical.clear_memo()
    _build(events, store)
    events[1] = dataclasses.replace(events[1], sequence=9, last_modified=EDITED + timedelta(1))
    _build(events, store)
    assert store.asked[-1] == [ical.vevent_key(events[1], "th", None, None, ("Asia/Bangkok",))]
    assert len(store.rows) == 4


def test_a_key_depends_on_values_not_on_how_they_were_made():
    """Strings read from a database are neither interned nor shared like literals."""

    def fresh(text: str) -> str:
        return "".join(list(text))

    literal = _event(summary="ร่วมใจ", categories=("ศึกษาดูงาน", "ศึกษาดูงาน"))
    made = _event(
        uid=fresh("event-7@ruamjai.test"),
        summary=fresh("ร่วมใจ"),
        categories=(fresh("ศึกษาดูงาน"), fresh("ศึกษาดูงาน")),
        organizer=Organizer(fresh("เทศบาล"), fresh("saraban@example.go.th")),
        tzid=fresh("Asia/Bangkok"),
    )
    zones = ("Asia/Bangkok",)
    assert ical.vevent_key(made, fresh("th"), None, None, (fresh("Asia/Bangkok"),)) == (
        ical.vevent_key(literal, "th", None, None, zones)
    )
