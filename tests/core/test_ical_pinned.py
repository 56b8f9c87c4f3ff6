"""The builder's exact bytes for a calendar that takes every branch, pinned.

``data/ical_pinned_*.ics`` are what the ``icalendar`` package writes for them; any change
to the output (property order, escaping, folding, time formats), such as a new
``icalendar`` release ordering or folding differently, fails here.
Regenerate only for an intended change: ``python -m tests.core.test_ical_pinned``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from scheduler_app.core import ical
from scheduler_app.core.ical import Attendee, CalendarEvent, CalendarSpec, Organizer

DATA = Path(__file__).parent / "data"
NOW = datetime(2026, 3, 1, 3, 0, tzinfo=UTC)
EDITED = datetime(2026, 2, 14, 8, 30, 15, tzinfo=UTC)
THAI = "ผู้ใหญ่บ้านน้ำพี้ ที่นี่ก็ดี๊ดี ก๊วยเตี๋ยวเรือ ฤๅษี ฦๅ ๑๒๓ 🎉👩‍👩‍👧🇹🇭"
MESSY = f'{THAI} comma, semi; back\\slash colon: "quotes"\r\nnew line\rcr\x07bell\ttab ' * 3
LONG_ASCII = "Exchange day on water management, irrigation; and flood response " * 4
START = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)


def _events() -> list[CalendarEvent]:
    organizer = Organizer(f'เทศบาล "{THAI}"\n', "saraban@example.go.th")
    base = CalendarEvent(
        uid="event-1@ruamjai.test",
        summary=THAI + " " + LONG_ASCII,
        start=START,
        end=START + timedelta(hours=7, minutes=30),
        last_modified=EDITED,
        sequence=3,
        description=MESSY,
        location="ศูนย์เรียนรู้, 12 หมู่ 3; ต.กกดู่",
        geo=(17.486123456, 101.72),
        url="https://ruamjai.test/events/1",
        organizer=organizer,
        categories=("แลกเปลี่ยน, เรียนรู้", "Exchange;day"),
        tzid="Asia/Bangkok",
        created=datetime(2025, 12, 31, 23, 59, 59, tzinfo=UTC),
    )
    return [
        base,
        CalendarEvent(
            uid="stop-2@ruamjai.test" + "x" * 80,
            summary="a" * 75,
            start=START.astimezone(ZoneInfo("Asia/Bangkok")),
            end=START - timedelta(hours=1),  # before the start: clamped
            last_modified=EDITED,
            status="TENTATIVE",
            related_to="event-1@ruamjai.test",
            url="https://ruamjai.test/" + "long/" * 20,
            tzid="Asia/Bangkok",
        ),
        CalendarEvent(
            uid="event-3@ruamjai.test",
            summary="Cancelled: already marked",
            start=date(2026, 4, 13),
            end=date(2026, 4, 13),  # not after the start: one day
            last_modified=EDITED,
            sequence=-1,
            status="CANCELLED",
        ),
        CalendarEvent(
            uid="event-4@ruamjai.test",
            summary="งานสงกรานต์",
            start=date(2026, 4, 13),
            end=date(2026, 4, 16),
            last_modified=EDITED,
            status="CANCELLED",
            attendees=(
                Attendee("สมชาย ใจดี", "somchai@example.org"),
                Attendee('A "quoted" name', "a@example.org", "ACCEPTED", "CHAIR", True),
            ),
        ),
        CalendarEvent(
            uid="event-5@ruamjai.test",
            summary="London",
            start=datetime(2026, 7, 1, 9, 0, tzinfo=UTC),
            end=datetime(2026, 7, 1, 10, 0, tzinfo=UTC),
            last_modified=EDITED,
            tzid="Europe/London",
        ),
        CalendarEvent(
            uid="event-6@ruamjai.test",
            summary="Before 1970",
            start=datetime(1969, 7, 20, 20, 17, tzinfo=UTC),
            end=datetime(1969, 7, 20, 21, 0, tzinfo=UTC),
            last_modified=EDITED,
            tzid="Asia/Bangkok",
        ),
        CalendarEvent(
            uid="event-7@ruamjai.test",
            summary="ก" * 24 + "🎉" + "x" * 3,  # a 4-octet character at the fold
            start=datetime(2026, 3, 10, 2, 0, tzinfo=UTC),
            end=datetime(2026, 3, 10, 3, 0, tzinfo=UTC),
            last_modified=EDITED,
            tzid="Asia/Tokyo",
            description="x" * 74 + "ก" * 30,
        ),
    ]


CASES: dict[str, CalendarSpec] = {
    "publish_th": CalendarSpec(name="ร่วมใจ: ทุกกิจกรรม, ทั้งหมด", description=MESSY),
    "plain_en": CalendarSpec(name="Ruamjai", language="en", timezone="UTC"),
    "request": CalendarSpec(
        name="Invitation", method="REQUEST", refresh_interval=timedelta(minutes=90)
    ),
    "cancel_en": CalendarSpec(name="Cancel", method="CANCEL", language="en"),
}


def _render(case: str) -> bytes:
    events = _events()
    if CASES[case].method:
        organizer = Organizer("Ruamjai", "no-reply@ruamjai.test")
        events = [
            CalendarEvent(**{**{f: getattr(e, f) for f in e.__slots__}, "organizer": organizer})
            for e in events
        ]
    return ical.build_calendar(CASES[case], events, NOW)


@pytest.mark.parametrize("case", sorted(CASES))
def test_bytes_are_pinned(case: str) -> None:
    expected = (DATA / f"ical_pinned_{case}.ics").read_bytes()
    assert _render(case) == expected


@pytest.mark.parametrize("case", sorted(CASES))
def test_memoised_vevents_give_the_same_bytes(case: str) -> None:
    ical.clear_memo()
    first = _render(case)
    assert _render(case) == first  # the second render reuses memoised VEVENTs


if __name__ == "__main__":
    for name in CASES:
        (DATA / f"ical_pinned_{name}.ics").write_bytes(_render(name))
