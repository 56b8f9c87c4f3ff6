"""The month grid at size: what it shows is what the model-object version showed (the
reference below is that version's rule), and it builds no model object per event."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from scheduler_app.core import calendar_grid, events_time
from scheduler_app.events.models import Event
from scheduler_app.events.training.models import TrainingSession
from scheduler_app.extensions import db
from tests.html_tree import Element, parse

HOUR = timedelta(hours=1)
MAY = datetime(2031, 5, 1, 2, 0, tzinfo=UTC)  # 09:00 in Bangkok
URL = "/events/calendar?year=2031&month=5"


@pytest.fixture
def busy_month(app: Any, make_member: Any) -> None:
    """A day with 30 activities, events spanning days (one from April, one into June),
    all-day events, classes with sessions, cancelled and draft events, another zone, and
    ties in start time."""
    host = make_member()
    events: list[Event] = []

    def add(title: str, start: datetime, length: timedelta, **kw: Any) -> Event:
        event = Event(kind=kw.pop("kind", "exchange"), title_th=title, title_en=kw.pop("en", ""),
                      start_at=start, end_at=start + length, host_member_id=host.id,
                      status=kw.pop("status", "published"), **kw)  # fmt: skip
        events.append(event)
        return event

    for i in range(30):  # 14 May: thirty, ten sharing each start time
        add(f"วันแน่น {i}", MAY + timedelta(days=13) + (i % 3) * HOUR, 2 * HOUR, en=f"Busy {i}")
    for i in range(60):  # one or two a day, some over two days
        add(f"ประจำวัน {i}", MAY + timedelta(days=i % 31, hours=i % 5), (3 + 20 * (i % 4)) * HOUR)
    add("ต่อจากเมษายน", MAY - timedelta(days=3), timedelta(days=5))
    add("ข้ามไปมิถุนายน", MAY + timedelta(days=29), timedelta(days=6))
    add("ทั้งวัน", MAY + timedelta(days=4), timedelta(days=2), is_all_day=True,
        start_date=date(2031, 5, 5), end_date=date(2031, 5, 7))  # fmt: skip
    add("ยกเลิกแล้ว", MAY + timedelta(days=13), HOUR, status="cancelled")
    add("ร่างไว้", MAY + timedelta(days=13), HOUR, status="draft")
    add("เวลาโตเกียว", MAY + timedelta(days=8, hours=14), HOUR, timezone="Asia/Tokyo")
    add("เที่ยงคืนพอดี", datetime(2031, 5, 19, 10, 0, tzinfo=UTC), 7 * HOUR)  # to 00:00 local
    course = add("อบรม", MAY + timedelta(days=2), timedelta(days=14), kind="training")
    db.session.add_all(events)
    db.session.flush()
    for n, day in enumerate((2, 9, 13, 16), 1):
        start = MAY + timedelta(days=day)
        db.session.add(TrainingSession(event_id=course.id, position=n, title=str(n),
                                       start_at=start, end_at=start + 3 * HOUR))  # fmt: skip
    db.session.commit()


def _reference() -> dict[date, list[int]]:
    """Event ids by day, as the model-object version computed them."""
    weeks = calendar_grid.month_weeks(2031, 5)
    start, end = events_time.month_range_utc(2031, 5, events_time.DEFAULT_ZONE_NAME)
    events = db.session.execute(
        sa.select(Event).where(Event.status != "draft", Event.start_at < end, Event.end_at > start)
        .order_by(Event.start_at, Event.id)
    ).scalars().all()  # fmt: skip
    by_day: dict[date, list[int]] = {}
    for event in events:
        if event.sessions:
            for session in event.sessions:
                day = events_time.utc_to_local(session.start_at, event.timezone).date()
                by_day.setdefault(day, []).append(event.id)
            continue
        for day in calendar_grid.days_shown(event.start_at, event.end_at, event.timezone,
                                            weeks[0][0], weeks[-1][-1]):  # fmt: skip
            by_day.setdefault(day, []).append(event.id)
    return by_day


def _ids(links: list[Element]) -> list[int]:
    return [int(a.attrs["href"].rsplit("/", 1)[1]) for a in links]


def _grid(page: Element) -> dict[date, tuple[list[int], int]]:
    """Day -> (event ids of its chips, the "+N more" number) of the month's days."""
    shown = {}
    for cell in page.find("table", "month-grid").find_all("td"):
        link = cell.find_all("a", "day-link")
        if not link:
            continue
        day = date.fromisoformat(link[0].attrs["data-day"])
        more = cell.find_all("a", "cal-more")
        extra = int(re.sub(r"\D", "", more[0].text)) if more else 0
        shown[day] = (_ids(cell.find_all("a", "cal-event")), extra)
    return shown


def _lists(page: Element) -> dict[date, tuple[list[int], str]]:
    """Day -> (event ids of its list under the grid, its "Show all" text)."""
    found = {}
    for section in page.find_all("section", "day-list"):
        day = date.fromisoformat(section.attrs["id"].removeprefix("day-"))
        items = section.find("ul", "event-list").find_all("li")
        links = [li.find("a") for li in items]
        rest = [p.text for p in section.find_all("p")]
        found[day] = (_ids(links), rest[0] if rest else "")
    return found


def test_the_grid_and_day_lists_show_what_they_showed(client: Any, busy_month: None) -> None:
    expected = _reference()
    busiest = len(expected[date(2031, 5, 14)])
    assert busiest > 30  # more than the day list's 20, let alone the grid's 3
    page = parse(client.get(URL).get_data(as_text=True))
    may = {day: ids for day, ids in expected.items() if day.month == 5}
    assert _grid(page) == {day: (ids[:3], max(len(ids) - 3, 0)) for day, ids in may.items()}
    lists = _lists(page)
    assert {day: ids for day, (ids, _) in lists.items()} == {
        day: ids[:20] for day, ids in may.items()
    }
    assert lists[date(2031, 5, 14)][1] == f"แสดงกิจกรรมทั้ง {busiest} รายการของวันนี้"
    # Days of April and June at the grid's edges show their chips too.
    cells = page.find("table", "month-grid").find_all("td", "other-month")
    assert any(_ids(c.find_all("a", "cal-event")) for c in cells)
    # ?day= opens that day's full list.
    opened = parse(client.get(URL + "&day=2031-05-14").get_data(as_text=True))
    assert _lists(opened)[date(2031, 5, 14)] == (expected[date(2031, 5, 14)], "")


def test_times_titles_and_marks_read_as_before(client: Any, busy_month: None) -> None:
    page = parse(client.get(URL).get_data(as_text=True))
    chips = [a.text for a in page.find("table", "month-grid").find_all("a", "cal-event")]
    busy = page.by_id("day-2031-05-14").find_all("li")
    assert "วันแน่น 0 09:00 น." in [li.text for li in busy]  # Bangkok time
    assert "ต่อจากเมษายน" in chips  # continuing from April: no time
    assert "ทั้งวัน" in chips and "09:00 น. ทั้งวัน" not in chips
    tokyo = page.by_id("day-2031-05-10").find_all("li")  # 16:00 UTC on the 9th
    assert "เวลาโตเกียว 01:00 น." in [li.text for li in tokyo]  # in the event's own zone
    assert "ร่างไว้" not in " ".join(chips)
    listed = [li.text for li in page.find("section", "day-lists").find_all("li")]
    assert listed.count("อบรม 09:00 น.") == 4  # a class on its session days only
    assert "เที่ยงคืนพอดี 17:00 น." in page.by_id("day-2031-05-19").text
    assert "เที่ยงคืนพอดี" not in page.by_id("day-2031-05-20").text  # ends at 00:00
    cancelled = page.by_id("day-2031-05-14").find_all("span", "badge-warn")
    assert [s.text for s in cancelled] == ["ยกเลิก"]
    english = parse(client.get(URL, headers={"Accept-Language": "en"}).get_data(as_text=True))
    assert "Busy 0" in english.by_id("day-2031-05-14").text
    assert "ประจำวัน 0" in english.text  # no English title: the Thai one


def test_the_month_builds_no_model_object_per_event(client: Any, busy_month: None) -> None:
    loaded: list[object] = []

    def record(target: object, _context: object) -> None:
        loaded.append(target)

    sa.event.listen(Event, "load", record)
    sa.event.listen(TrainingSession, "load", record)
    try:
        assert client.get(URL).status_code == 200
    finally:
        sa.event.remove(Event, "load", record)
        sa.event.remove(TrainingSession, "load", record)
    assert loaded == []
