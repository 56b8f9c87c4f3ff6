"""The iCalendar builder, read back by two real parsers and byte by byte."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream

from scheduler_app.core import ical
from scheduler_app.core.ical import Attendee, CalendarEvent, CalendarSpec, Organizer

NOW = datetime(2026, 3, 1, 3, 0, tzinfo=UTC)
EDITED = datetime(2026, 2, 14, 8, 30, 15, tzinfo=UTC)
THAI = "ผู้ใหญ่บ้านน้ำพี้ ที่นี่ก็ดี๊ดี"
TORTURE = (
    f"{THAI} ก๊วยเตี๋ยวเรือ ฤๅษี ฦๅ ๑๒๓ 🎉👩‍👩‍👧🇹🇭 comma, semi; back\\slash "
    'colon: "quotes" \\n literal\nnew line\n\ntwo blank ' * 6
)


def _event(**kw: Any) -> CalendarEvent:
    values: dict[str, Any] = {
        "uid": "event-7@ruamjai.test",
        "summary": "งานแลกเปลี่ยนเรียนรู้",
        "start": datetime(2026, 3, 10, 2, 0, tzinfo=UTC),
        "end": datetime(2026, 3, 10, 9, 30, tzinfo=UTC),
        "last_modified": EDITED,
        "sequence": 3,
    }
    values.update(kw)
    return CalendarEvent(**values)


def _build(*events: CalendarEvent, now: datetime = NOW, **spec: Any) -> bytes:
    spec.setdefault("name", "ร่วมใจ: ทุกกิจกรรม")
    return ical.build_calendar(CalendarSpec(**spec), list(events), now)


def _parse_both(data: bytes) -> tuple[Any, Any]:
    """Parse with icalendar and the strict ical package (both must accept it)."""
    loose = icalendar.Calendar.from_ical(data)
    strict = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    return loose, strict


def _physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    body = data[:-2]
    assert b"\r" not in body.replace(b"\r\n", b""), "bare CR"
    assert b"\n" not in body.replace(b"\r\n", b""), "bare LF"
    return body.split(b"\r\n")


def _unfolded(data: bytes) -> list[str]:
    return data.replace(b"\r\n ", b"").decode("utf-8").removesuffix("\r\n").split("\r\n")


def _assert_wire_format(data: bytes) -> None:
    for line in _physical_lines(data):
        assert len(line) <= 75, line
        line.decode("utf-8")  # no character split across a fold


def test_lines_are_crlf_short_and_never_split_a_character() -> None:
    data = _build(_event(summary=TORTURE, description=TORTURE, location=TORTURE))
    _assert_wire_format(data)
    folded = [line for line in _physical_lines(data) if line.startswith(b" ")]
    assert len(folded) > 20  # the torture text really was folded


@pytest.mark.parametrize("text", [TORTURE, THAI * 20, "🎉" * 80, "a,b;c\\d\ne" * 30, "ก" * 25])
def test_text_decodes_to_exactly_the_stored_text(text: str) -> None:
    data = _build(_event(summary=text, description=text, location=text))
    loose, strict = _parse_both(data)
    (vevent,) = loose.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == text
    assert str(vevent["DESCRIPTION"]) == text
    assert str(vevent["LOCATION"]) == text
    (event,) = strict.events
    assert (event.summary, event.description, event.location) == (text, text, text)


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(min_codepoint=0x0E01, max_codepoint=0x0E5B),
            st.sampled_from(list(",;\\:\"'\n\t 🎉👩‍🇹🇭aZ9ñé")),
        ),
        min_size=1,
        max_size=300,
    )
)
def test_any_thai_text_round_trips(text: str) -> None:
    data = _build(_event(summary=text, description=text))
    _assert_wire_format(data)
    (vevent,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert str(vevent["DESCRIPTION"]) == text


def test_control_characters_are_dropped_and_cr_becomes_newline() -> None:
    data = _build(_event(description="a\x00b\x07c\r\nd\re\tf"))
    (vevent,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert str(vevent["DESCRIPTION"]) == "abc\nd\ne\tf"


@pytest.mark.parametrize(
    "summary",
    [
        "X" * 67,  # SUMMARY: and 67 octets: a 75-octet content line
        "X" * 68,
        "X" * 65 + "ก",  # the 3-octet character would straddle octet 75
        "X" * 66 + "🎉",  # a 4-octet one
        "ก" * 22 + "X",
        "X" * 65 + "\\,;" * 4,  # escapes at the fold
        "ก" * 200,
    ],
)
def test_folding_keeps_characters_and_escapes_whole(summary: str) -> None:
    data = _build(_event(summary=summary))
    _assert_wire_format(data)
    lines = _physical_lines(data)
    start = next(i for i, line in enumerate(lines) if line.startswith(b"SUMMARY:"))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith(b" "))
    assert all(not line.startswith(b"  ") for line in lines[start + 1 : end])  # one space
    for line in lines[start:end]:
        assert not line.endswith(b"\\") or line.endswith(b"\\\\"), "escape split by a fold"
    loose, strict = _parse_both(data)
    assert str(loose.walk("VEVENT")[0]["SUMMARY"]) == summary
    assert strict.events[0].summary == summary


def test_long_thai_summaries_fold_on_character_boundaries() -> None:
    """Tone marks and vowels above/below (U+0E31-U+0E4E) are separate 3-octet code points:
    a fold may fall between a consonant and its marks, never inside a character."""
    titles = [
        (THAI + " ศึกษาดูงานการจัดการน้ำชุมชนบ้านนาป่าหนาด") * (n + 2) + "ฯลฯ" * n for n in range(40)
    ]
    events = [_event(uid=f"event-{n}@ruamjai.test", summary=t) for n, t in enumerate(titles)]
    data = _build(*events)
    _assert_wire_format(data)
    octets = {len(line) for line in _physical_lines(data) if line.startswith(b" ")}
    assert max(octets) >= 73  # continuation lines are filled, not folded early
    loose, strict = _parse_both(data)
    assert [str(v["SUMMARY"]) for v in loose.walk("VEVENT")] == titles
    assert [e.summary for e in strict.events] == titles


def test_calendar_properties() -> None:
    data = _build(_event(), description="ปฏิทินกิจกรรม")
    lines = _unfolded(data)
    assert lines[:4] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{ical.DEFAULT_PRODID}",
        "CALSCALE:GREGORIAN",
    ]
    for expected in (
        "NAME:ร่วมใจ: ทุกกิจกรรม",
        "X-WR-CALNAME:ร่วมใจ: ทุกกิจกรรม",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
        "X-WR-TIMEZONE:Asia/Bangkok",
        "DESCRIPTION:ปฏิทินกิจกรรม",
    ):
        assert expected in lines
    assert not any(line.startswith("METHOD:") for line in lines)
    assert lines[-1] == "END:VCALENDAR"
    loose, strict = _parse_both(data)
    assert str(loose["X-WR-CALNAME"]) == "ร่วมใจ: ทุกกิจกรรม"
    assert strict.refresh_interval == timedelta(hours=1)


def test_two_renders_are_byte_identical_whatever_the_clock() -> None:
    events = [_event(), _event(uid="stop-1@ruamjai.test", related_to="event-7@ruamjai.test")]
    first = _build(*events, now=NOW)
    assert _build(*events, now=NOW + timedelta(days=3)) == first


def test_each_vevent_is_serialised_once_per_change(monkeypatch: pytest.MonkeyPatch) -> None:
    serialised: list[str] = []
    content_lines = icalendar.Event.content_lines

    def counting(self: icalendar.Event, *args: Any, **kwargs: Any) -> Any:
        serialised.append(str(self["UID"]))
        return content_lines(self, *args, **kwargs)

    monkeypatch.setattr(icalendar.Event, "content_lines", counting)
    ical.clear_memo()
    events = [_event(uid=f"event-{n}@ruamjai.test") for n in range(3)]
    first = _build(*events)
    assert _build(*events, now=NOW + timedelta(hours=1)) == first
    assert serialised == [f"event-{n}@ruamjai.test" for n in range(3)]
    events[1] = _event(uid="event-1@ruamjai.test", sequence=4, last_modified=NOW)
    _build(*events)
    assert serialised[3:] == ["event-1@ruamjai.test"]


def test_event_properties_parse_in_both() -> None:
    event = _event(
        description="รายละเอียด\nhttps://ruamjai.test/events/7",
        location="ศูนย์เรียนรู้บ้านนาป่าหนาด, 12 ถนนเลย-เชียงคาน",
        geo=(17.48612, 101.722051),
        url="https://ruamjai.test/events/7",
        organizer=Organizer('เทศบาล "ตำบล" เชียงคาน; ฝ่าย: ปลัด, งาน', "saraban@chiangkhan.go.th"),
        categories=("ศึกษาดูงาน",),
        created=datetime(2026, 1, 2, tzinfo=UTC),
    )
    loose, strict = _parse_both(_build(event))
    (vevent,) = loose.walk("VEVENT")
    assert str(vevent["UID"]) == "event-7@ruamjai.test"
    assert vevent.decoded("DTSTAMP") == EDITED
    assert vevent.decoded("LAST-MODIFIED") == EDITED
    assert vevent["SEQUENCE"] == 3
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert [str(c) for c in vevent.categories] == ["ศึกษาดูงาน"]
    assert str(vevent["ORGANIZER"]) == "mailto:saraban@chiangkhan.go.th"
    assert vevent["ORGANIZER"].params["CN"] == 'เทศบาล "ตำบล" เชียงคาน; ฝ่าย: ปลัด, งาน'
    (parsed,) = strict.events
    assert parsed.uid == "event-7@ruamjai.test"
    assert parsed.sequence == 3
    assert parsed.geo.lat == pytest.approx(17.48612) and parsed.geo.lng == pytest.approx(101.722051)
    assert parsed.url == "https://ruamjai.test/events/7"
    assert parsed.organizer.common_name == 'เทศบาล "ตำบล" เชียงคาน; ฝ่าย: ปลัด, งาน'  # RFC 6868
    assert parsed.dtstart == datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
    assert parsed.dtend == datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


def test_times_use_bangkok_with_its_vtimezone() -> None:
    data = _build(_event(tzid="Asia/Bangkok"))
    lines = _unfolded(data)
    assert "DTSTART;TZID=Asia/Bangkok:20260310T090000" in lines
    assert "DTEND;TZID=Asia/Bangkok:20260310T163000" in lines
    assert lines.count("BEGIN:VTIMEZONE") == 1
    assert "TZOFFSETTO:+0700" in lines
    loose, strict = _parse_both(data)
    (vevent,) = loose.walk("VEVENT")
    assert vevent.decoded("DTSTART") == datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
    (parsed,) = strict.events
    assert parsed.dtstart == datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
    assert parsed.dtstart.utcoffset() == timedelta(hours=7)


@pytest.mark.parametrize("tzid", ["UTC", "Europe/London", "America/New_York", "No/Such_Zone"])
def test_zones_without_a_fixed_offset_fall_back_to_utc(tzid: str) -> None:
    lines = _unfolded(_build(_event(tzid=tzid), timezone=tzid))
    assert "DTSTART:20260310T020000Z" in lines
    assert "BEGIN:VTIMEZONE" not in lines


def test_times_are_never_floating() -> None:
    events = [
        _event(tzid="Asia/Bangkok"),
        _event(uid="b@x", tzid="Europe/Paris"),
        _event(uid="c@x", start=date(2026, 3, 1), end=date(2026, 3, 3)),
    ]
    in_event = False
    for line in _unfolded(_build(*events)):
        in_event = line == "BEGIN:VEVENT" or (in_event and line != "END:VEVENT")
        if in_event and line.startswith(("DTSTART", "DTEND", "DTSTAMP", "LAST-MODIFIED")):
            name_params, value = line.split(":", 1)
            assert value.endswith("Z") or ";TZID=" in name_params or "VALUE=DATE" in name_params


def test_all_day_events_have_an_exclusive_date_end() -> None:
    data = _build(_event(start=date(2026, 4, 13), end=date(2026, 4, 16)))
    lines = _unfolded(data)
    assert "DTSTART;VALUE=DATE:20260413" in lines
    assert "DTEND;VALUE=DATE:20260416" in lines
    _loose, strict = _parse_both(data)
    (parsed,) = strict.events
    assert (parsed.dtstart, parsed.dtend) == (date(2026, 4, 13), date(2026, 4, 16))


def test_one_day_event_with_equal_dates_ends_the_next_day() -> None:
    lines = _unfolded(_build(_event(start=date(2026, 4, 13), end=date(2026, 4, 13))))
    assert "DTEND;VALUE=DATE:20260414" in lines


@pytest.mark.parametrize(
    ("language", "prefix"), [("th", "ยกเลิก / Cancelled: "), ("en", "Cancelled: ")]
)
def test_cancelled_events_carry_a_visible_marker(language: str, prefix: str) -> None:
    title = prefix + "x" if language == "en" else "งานเลี้ยง"
    data = _build(_event(summary=title, status="CANCELLED"), language=language)
    loose, strict = _parse_both(data)
    (vevent,) = loose.walk("VEVENT")
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert str(vevent["SUMMARY"]) == (title if title.startswith(prefix) else prefix + title)
    assert strict.events[0].transparency.upper() == "TRANSPARENT"


def test_tentative_status() -> None:
    (vevent,) = icalendar.Calendar.from_ical(_build(_event(status="TENTATIVE"))).walk("VEVENT")
    assert str(vevent["STATUS"]) == "TENTATIVE"
    assert not str(vevent["SUMMARY"]).startswith("ยกเลิก")


def test_related_to_names_the_parent() -> None:
    data = _build(_event(), _event(uid="stop-3@ruamjai.test", related_to="event-7@ruamjai.test"))
    loose, strict = _parse_both(data)
    child = strict.events[1]
    assert [r.uid for r in child.related_to] == ["event-7@ruamjai.test"]
    assert str(loose.walk("VEVENT")[1]["RELATED-TO"]) == "event-7@ruamjai.test"


def _invitation(method: str) -> bytes:
    event = _event(
        organizer=Organizer("เทศบาลเมืองเลย", "hosts@loei.go.th"),
        attendees=(Attendee("นางสาวสมใจ รักดี, ปลัด", "somjai@example.org", rsvp=True),),
    )
    return _build(event, method=method)


@pytest.mark.parametrize("method", ["REQUEST", "CANCEL", "PUBLISH"])
def test_itip_methods(method: str) -> None:
    data = _invitation(method)
    loose, strict = _parse_both(data)
    assert str(loose["METHOD"]) == method
    (vevent,) = loose.walk("VEVENT")
    expected_stamp = EDITED if method == "PUBLISH" else NOW
    assert vevent.decoded("DTSTAMP") == expected_stamp
    assert str(vevent["STATUS"]) == ("CANCELLED" if method == "CANCEL" else "CONFIRMED")
    (attendee,) = strict.events[0].attendees
    assert attendee.uri == "mailto:somjai@example.org"
    assert attendee.common_name == "นางสาวสมใจ รักดี, ปลัด"
    assert attendee.rsvp is True


def test_request_without_organizer_is_refused() -> None:
    with pytest.raises(ValueError, match="ORGANIZER"):
        _build(_event(), method="REQUEST")


@pytest.mark.parametrize(
    "kw",
    [
        {"start": datetime(2026, 3, 1, 9, 0)},
        {"last_modified": datetime(2026, 3, 1)},
        {"start": date(2026, 3, 1)},  # a date with a datetime end
    ],
)
def test_bad_times_are_refused(kw: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        _build(_event(**kw))


def test_empty_calendar_still_parses_strictly() -> None:
    data = _build()
    _parse_both(data)
    assert b"BEGIN:VTIMEZONE" in data


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (timedelta(hours=1), "PT1H"),
        (timedelta(days=1), "P1D"),
        (timedelta(minutes=90), "PT1H30M"),
        (timedelta(days=1, seconds=5), "P1DT5S"),
    ],
)
def test_refresh_interval(value: timedelta, text: str) -> None:
    data = _build(refresh_interval=value)
    lines = _unfolded(data)
    assert f"REFRESH-INTERVAL;VALUE=DURATION:{text}" in lines
    assert f"X-PUBLISHED-TTL:{text}" in lines
    _loose, strict = _parse_both(data)
    assert strict.refresh_interval == value


def test_refresh_interval_must_be_positive() -> None:
    with pytest.raises(ValueError):
        _build(refresh_interval=timedelta(0))


@pytest.mark.parametrize(
    ("status", "cancelled_days_ago", "listed"),
    [
        ("published", None, True),
        ("draft", None, False),
        ("cancelled", 1, True),
        ("cancelled", 29, True),
        ("cancelled", 30, True),  # the same UTC day, 30 days ago
        ("cancelled", 31, False),
        ("cancelled", 45, False),
    ],
)
def test_is_listed(status: str, cancelled_days_ago: int | None, listed: bool) -> None:
    cancelled_at = None if cancelled_days_ago is None else NOW - timedelta(cancelled_days_ago)
    assert ical.is_listed(status, cancelled_at, NOW) is listed


def test_cancelled_cutoff_is_a_utc_midnight() -> None:
    late = datetime(2026, 3, 1, 23, 59, tzinfo=UTC)
    assert ical.cancelled_cutoff(late) == datetime(2026, 1, 30, tzinfo=UTC)
    assert ical.cancelled_cutoff(NOW) == ical.cancelled_cutoff(late)
