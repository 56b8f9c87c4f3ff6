"""What the public feeds carry, read back with both iCalendar parsers."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from scheduler_app.extensions import db, utcnow
from tests.feeds.conftest import add_programme, add_session, add_stop

UID = re.compile(r"^(event|stop|session)-\d+@ruamjai\.test$")
TORTURE = (
    'ผู้ใหญ่บ้านน้ำพี้ ที่นี่ก็ดี๊ดี, ก๋วยเตี๋ยว; เส้นเล็ก\\น้ำใส 🚲🎉👩‍🌾 ฤๅษีเฒ่าเฝ้าภูหลวง ๒๕๖๙\nบรรทัดที่สอง: "ครับ" ค่ะ '
) * 4


def _raw_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    lines = data[:-2].split(b"\r\n")
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    return lines


def test_all_feed_lists_published_and_recently_cancelled_never_drafts(make_event, get_feed):
    now = utcnow()
    published = make_event(title_th="งานเปิด")
    make_event(title_th="ฉบับร่าง", status="draft")
    recent = make_event(title_th="งดจัด", status="cancelled", cancelled_at=now - timedelta(days=3))
    make_event(title_th="ยกเลิกนานแล้ว", status="cancelled", cancelled_at=now - timedelta(days=40))
    feed = get_feed("/feeds/all.ics")
    by_uid = feed.by_uid()
    assert set(by_uid) == {f"event-{published.id}@ruamjai.test", f"event-{recent.id}@ruamjai.test"}
    cancelled = by_uid[f"event-{recent.id}@ruamjai.test"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["SUMMARY"]) == "ยกเลิก / Cancelled: งดจัด"
    assert "ฉบับร่าง" not in feed.data.decode()


def test_calendar_properties_and_wire_format(make_event, get_feed):
    title = TORTURE[:200]  # the column's limit
    make_event(title_th=title, description=TORTURE)
    feed = get_feed("/feeds/all.ics")
    for line in _raw_lines(feed.data):
        assert len(line) <= 75
        line.decode("utf-8")
    unfolded = feed.data.replace(b"\r\n ", b"").decode().split("\r\n")
    for expected in (
        "VERSION:2.0",
        "NAME:ร่วมใจ: กิจกรรมทั้งหมด",
        "X-WR-CALNAME:ร่วมใจ: กิจกรรมทั้งหมด",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    ):
        assert expected in unfolded
    assert any(line.startswith("PRODID:") for line in unfolded)
    (vevent,) = feed.vevents()
    assert str(vevent["SUMMARY"]) == title
    assert str(vevent["DESCRIPTION"]).startswith(TORTURE.strip())
    (strict,) = feed.strict.events
    assert strict.summary == title
    assert strict.description.startswith(TORTURE.strip())


@pytest.mark.parametrize(("query", "title", "kind"), [
    ("", "งานแลกเปลี่ยนเรียนรู้", "งานแลกเปลี่ยนเรียนรู้"),
    ("?lang=th", "งานแลกเปลี่ยนเรียนรู้", "งานแลกเปลี่ยนเรียนรู้"),
    ("?lang=en", "Exchange day", "Exchange event"),
    ("?lang=xx", "งานแลกเปลี่ยนเรียนรู้", "งานแลกเปลี่ยนเรียนรู้"),
])  # fmt: skip
def test_language(make_event, get_feed, app, query, title, kind):
    make_event()
    feed = get_feed("/feeds/all.ics" + query)
    (vevent,) = feed.vevents()
    assert str(vevent["SUMMARY"]) == title
    from flask_babel import force_locale

    from scheduler_app.events.labels import KIND_LABELS

    with force_locale("en" if "en" in query else "th"):
        assert [str(c) for c in vevent.categories] == [str(KIND_LABELS["exchange"])]


def test_cancelled_english_marker(make_event, get_feed):
    make_event(status="cancelled", cancelled_at=utcnow())
    (vevent,) = get_feed("/feeds/all.ics?lang=en").vevents()
    assert str(vevent["SUMMARY"]) == "Cancelled: Exchange day"


def test_event_details(make_event, make_member, make_venue, get_feed):
    host = make_member(name_th="เทศบาลเมืองเลย", contact_email="saraban@loei.go.th")
    venue = make_venue(
        name_th="ศูนย์เรียนรู้บ้านนาซ่าว", address="12 หมู่ 3, ต.นาซ่าว", latitude=17.43,
        longitude=101.62,
    )  # fmt: skip
    event = make_event(host_member=host, venue_id=venue.id, description="มาร่วมกัน")
    feed = get_feed("/feeds/all.ics")
    (vevent,) = feed.vevents()
    url = f"https://ruamjai.test/events/{event.id}"
    assert str(vevent["URL"]) == url
    assert url in str(vevent["DESCRIPTION"])
    assert str(vevent["LOCATION"]) == "ศูนย์เรียนรู้บ้านนาซ่าว, 12 หมู่ 3, ต.นาซ่าว"
    assert str(vevent["ORGANIZER"]) == "mailto:saraban@loei.go.th"
    assert vevent["ORGANIZER"].params["CN"] == "เทศบาลเมืองเลย"
    (strict,) = feed.strict.events
    assert (strict.geo.lat, strict.geo.lng) == (pytest.approx(17.43), pytest.approx(101.62))
    assert strict.dtstart == event.start_at
    assert strict.dtend == event.end_at
    assert strict.dtstart.utcoffset() == timedelta(hours=7)
    assert b"DTSTART;TZID=Asia/Bangkok:" in feed.data and b"BEGIN:VTIMEZONE" in feed.data


def test_no_organizer_without_an_email(make_event, get_feed):
    make_event()
    (vevent,) = get_feed("/feeds/all.ics").vevents()
    assert "ORGANIZER" not in vevent


def test_all_day_event_has_exclusive_date_end(make_event, get_feed):
    make_event(
        is_all_day=True,
        start_date=date(2026, 12, 5),
        end_date=date(2026, 12, 8),
        start_at=datetime(2026, 12, 4, 17, tzinfo=UTC),
        end_at=datetime(2026, 12, 7, 17, tzinfo=UTC),
    )
    feed = get_feed("/feeds/all.ics")
    assert b"DTSTART;VALUE=DATE:20261205\r\n" in feed.data
    assert b"DTEND;VALUE=DATE:20261208\r\n" in feed.data
    (strict,) = feed.strict.events
    assert (strict.dtstart, strict.dtend) == (date(2026, 12, 5), date(2026, 12, 8))


def test_rally_stops_and_training_sessions_are_their_own_vevents(make_event, get_feed):
    rally = make_event(kind="rally", title_th="ปั่นปันสุข")
    first = add_stop(rally, 1, "วัดศรีคุณเมือง", latitude=17.9, longitude=101.9)
    second = add_stop(rally, 2, "ตลาดเชียงคาน")
    course = make_event(kind="training", title_th="อบรมบัญชีครัวเรือน")
    session = add_session(course, 1, "พื้นฐาน")
    feed = get_feed("/feeds/all.ics")
    by_uid = feed.by_uid()
    parent = f"event-{rally.id}@ruamjai.test"
    for stop in (first, second):
        vevent = by_uid[f"stop-{stop.id}@ruamjai.test"]
        assert str(vevent["RELATED-TO"]) == parent
        assert vevent.decoded("DTSTART") == stop.arrive_at
        assert vevent.decoded("DTEND") == stop.depart_at
    assert str(by_uid[f"stop-{first.id}@ruamjai.test"]["SUMMARY"]) == (
        "ปั่นปันสุข — จุดแวะที่ 1: วัดศรีคุณเมือง"
    )
    assert f"event-{course.id}@ruamjai.test" not in by_uid  # a course is its sessions
    sess = by_uid[f"session-{session.id}@ruamjai.test"]
    assert str(sess["RELATED-TO"]) == f"event-{course.id}@ruamjai.test"
    assert str(sess["SUMMARY"]) == "อบรมบัญชีครัวเรือน — ครั้งที่ 1: พื้นฐาน"
    strict = {e.uid: e for e in feed.strict.events}
    assert [r.uid for r in strict[f"stop-{second.id}@ruamjai.test"].related_to] == [parent]
    assert all(UID.match(uid) for uid in by_uid)


def test_study_visit_programme_in_description(make_event, get_feed):
    visit = make_event(kind="study_visit", start_at=datetime(2026, 12, 10, 2, tzinfo=UTC))
    add_programme(visit, 0, "ต้อนรับคณะ, แนะนำชุมชน")
    add_programme(visit, 3, "ดูงานกลุ่มทอผ้า; ชิมอาหาร")
    (vevent,) = get_feed("/feeds/all.ics").vevents()
    description = str(vevent["DESCRIPTION"])
    assert "กำหนดการ:\n• 10 ธ.ค. 2569 09:00 น. ต้อนรับคณะ, แนะนำชุมชน\n" in description
    assert "• 10 ธ.ค. 2569 12:00 น. ดูงานกลุ่มทอผ้า; ชิมอาหาร" in description


def test_uids_are_the_same_in_every_feed(make_event, make_member, make_person, get_feed):
    host = make_member()
    person = make_person(member=host)
    rally = make_event(kind="rally", host_member=host)
    stop = add_stop(rally, 1, "จุดเริ่ม")
    expected = {f"event-{rally.id}@ruamjai.test", f"stop-{stop.id}@ruamjai.test"}
    urls = [
        "/feeds/all.ics",
        "/feeds/kind/rally.ics",
        f"/feeds/member/{host.id}.ics",
        f"/feeds/u/{person.feed_token}.ics",
        f"/events/{rally.id}.ics",
        "/feeds/all.ics?lang=en",
    ]
    for url in urls:
        assert set(get_feed(url).by_uid()) == expected, url


def test_kind_feed_only_carries_its_kind(make_event, get_feed):
    rally = make_event(kind="rally")
    make_event(kind="training")
    assert set(get_feed("/feeds/kind/rally.ics").by_uid()) == {f"event-{rally.id}@ruamjai.test"}


def test_member_feed_takes_in_sub_networks(make_event, make_member, get_feed):
    network = make_member(kind="network", name_th="เครือข่ายเลย")
    sub = make_member(kind="network", parent_id=network.id)
    node = make_member(parent_id=sub.id)
    outsider = make_member()
    hosted = make_event(host_member=network)
    deep = make_event(host_member=node)
    visiting = make_event(kind="study_visit", host_member=outsider, visiting_member_id=sub.id)
    rally = make_event(kind="rally", host_member=outsider)
    add_stop(rally, 1, "จุดของโหนด", host_member_id=node.id)
    make_event(host_member=outsider)
    make_event(host_member=node, status="draft")
    feed = get_feed(f"/feeds/member/{network.id}.ics")
    events = {u for u in feed.by_uid() if u.startswith("event-")}
    assert events == {f"event-{e.id}@ruamjai.test" for e in (hosted, deep, visiting, rally)}
    assert str(feed.loose["X-WR-CALNAME"]) == "ร่วมใจ: เครือข่ายเลย"
    only_node = get_feed(f"/feeds/member/{node.id}.ics").by_uid()
    assert f"event-{hosted.id}@ruamjai.test" not in only_node


def test_member_feed_survives_a_parent_cycle(make_event, make_member, get_feed):
    a = make_member()
    b = make_member(parent_id=a.id)
    a.parent_id = b.id
    db.session.commit()
    event = make_event(host_member=b)
    assert set(get_feed(f"/feeds/member/{a.id}.ics").by_uid()) == {f"event-{event.id}@ruamjai.test"}
