"""A training course in a feed is its sessions, each named once (issue 12), read back with
both iCalendar parsers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.feeds.conftest import add_session

START = datetime(2031, 2, 7, 2, 0, tzinfo=UTC)  # Friday 09:00 in Bangkok


def test_a_course_with_sessions_shows_only_its_sessions(make_event, get_feed):
    course = make_event(kind="training", title_th="หลักสูตรแผนพัฒนาท้องถิ่น", start_at=START,
                        end_at=START + timedelta(days=35), description="เรียนวันศุกร์")  # fmt: skip
    sessions = [add_session(course, n, f"ครั้งที่ {n}") for n in range(1, 6)]
    feed = get_feed("/feeds/all.ics")
    uids = set(feed.by_uid())
    assert uids == {f"session-{s.id}@ruamjai.test" for s in sessions}  # no five-week block
    strict = sorted(feed.strict.events, key=lambda e: e.dtstart)
    assert [e.dtend - e.dtstart for e in strict] == [timedelta(hours=3)] * 5
    assert strict[0].summary == "หลักสูตรแผนพัฒนาท้องถิ่น — ครั้งที่ 1"
    # the course still travels with each session, as a note
    description = strict[0].description or ""
    assert "หลักสูตรแผนพัฒนาท้องถิ่น" in description and "เรียนวันศุกร์" in description
    assert f"/events/{course.id}" in description


def test_a_course_without_sessions_is_still_one_event(make_event, get_feed):
    course = make_event(kind="training", start_at=START, end_at=START + timedelta(hours=6))
    assert set(get_feed("/feeds/all.ics").by_uid()) == {f"event-{course.id}@ruamjai.test"}


def test_session_summaries_do_not_repeat_the_number(make_event, get_feed):
    course = make_event(kind="training", title_th="อบรม", title_en="Course", start_at=START)
    add_session(course, 1, "ครั้งที่ 1")
    add_session(course, 2, "ครั้งที่ 2: ทำปุ๋ยหมัก")
    add_session(course, 3, "ตลาดชุมชน")
    add_session(course, 4, "")
    thai = sorted(get_feed("/feeds/all.ics").strict.events, key=lambda e: e.dtstart)
    assert [e.summary for e in thai] == [
        "อบรม — ครั้งที่ 1",
        "อบรม — ครั้งที่ 2: ทำปุ๋ยหมัก",
        "อบรม — ครั้งที่ 3: ตลาดชุมชน",
        "อบรม — ครั้งที่ 4",
    ]
    english = get_feed("/feeds/all.ics?lang=en")
    assert sorted(english.summaries())[0] == "Course — Session 1"
