"""Agenda, month grid, my activities, event page: filters, BE dates, constant queries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import g

from scheduler_app.events.models import Event, Registration
from scheduler_app.extensions import db
from tests.events.conftest import build_event
from tests.html_tree import parse


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *args: object) -> None:
        self.count += 1


def count_queries(client, url: str) -> int:
    counter = QueryCounter()
    engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", counter)
    try:
        g.pop("_login_user", None)
        response = client.get(url)
        assert response.status_code == 200, url
    finally:
        sa.event.remove(engine, "before_cursor_execute", counter)
    return counter.count


def add_events(n: int, member, venue, start: datetime) -> None:
    db.session.add_all(
        Event(
            kind=("exchange", "rally", "training", "study_visit")[i % 4],
            title_th=f"กิจกรรม {i}",
            start_at=start + timedelta(hours=i % 300),
            end_at=start + timedelta(hours=i % 300 + 2),
            host_member_id=member.id,
            venue_id=venue.id,
            status="published",
            capacity=10,
        )
        for i in range(n)
    )
    db.session.commit()


@pytest.mark.parametrize("page", ["agenda", "calendar", "mine", "show", "registrations"])
def test_query_count_does_not_grow_with_events(
    client, auth, make_member, make_venue, make_person, page
):
    member, venue = make_member(), make_venue()
    host = make_person(role="host", member=member)
    auth.login_as(host)
    start = datetime(2031, 5, 3, 2, 0, tzinfo=UTC)
    first = build_event(host_member_id=member.id, start_at=start, capacity=600)
    urls = {
        "agenda": "/events/",
        "calendar": "/events/calendar?year=2031&month=5",
        "mine": "/events/mine",
        "show": f"/events/{first.id}",
        "registrations": f"/events/{first.id}/registrations",
    }
    add_events(10, member, venue, start)
    add_registrations(first, 2, make_person, make_member)
    small = count_queries(client, urls[page])
    add_events(490, member, venue, start)
    add_registrations(first, 60, make_person, make_member)
    assert count_queries(client, urls[page]) == small


def add_registrations(event, n, make_person, make_member):
    org = make_member()
    people = [make_person(password=None, member=org if i % 2 else None) for i in range(n)]
    db.session.add_all(
        Registration(event_id=event.id, person_id=p.id, status="confirmed") for p in people
    )
    db.session.commit()


def test_calendar_shows_events_on_their_bangkok_day_with_be_year(client, make_event):
    # 20:00 UTC on 31 May is 03:00 on 1 June in Bangkok.
    make_event(title_th="งานทดสอบปฏิทิน", start_at=datetime(2031, 5, 31, 20, 0, tzinfo=UTC))
    html = client.get("/events/calendar?year=2031&month=6").get_data(as_text=True)
    assert "มิถุนายน 2574" in html and "งานทดสอบปฏิทิน" in html
    assert "งานทดสอบปฏิทิน" not in client.get("/events/calendar?year=2031&month=5").get_data(
        as_text=True
    )
    # Years typed in the Buddhist Era work too; bad months fall back to this month.
    assert "งานทดสอบปฏิทิน" in client.get("/events/calendar?year=2574&month=6").get_data(as_text=True)
    assert client.get("/events/calendar?year=abc&month=13").status_code == 200


def test_agenda_filters_by_kind_and_member_with_subnetworks(client, make_event, make_member):
    network = make_member(kind="network", org_type=None)
    node = make_member(parent_id=network.id)
    other = make_member()
    make_event(title_th="ของโหนด", host_member_id=node.id, kind="rally")
    make_event(title_th="ของคนอื่น", host_member_id=other.id, kind="training")
    html = client.get(f"/events/?member={network.id}").get_data(as_text=True)
    assert "ของโหนด" in html and "ของคนอื่น" not in html
    html = client.get("/events/?kind=training").get_data(as_text=True)
    assert "ของคนอื่น" in html and "ของโหนด" not in html


def test_my_activities_lists_registrations(client, auth, make_event, make_person):
    person = make_person()
    mine = make_event(title_th="ของฉัน")
    make_event(title_th="ไม่ใช่ของฉัน")
    from scheduler_app.events.registration.operations import register_participant

    with client.application.test_request_context():
        register_participant(mine, person, mine.start_at - timedelta(days=1))
    db.session.commit()
    auth.login_as(person)
    html = client.get("/events/mine").get_data(as_text=True)
    assert "ของฉัน" in html and "ไม่ใช่ของฉัน" not in html
    html = client.get("/events/?mine=1").get_data(as_text=True)
    assert "ของฉัน" in html and "ไม่ใช่ของฉัน" not in html


def test_my_activities_needs_login(client):
    response = client.get("/events/mine")
    assert response.status_code == 302 and "/login" in response.location


def test_event_page_in_thai_shows_be_date(client, make_event):
    event = make_event(start_at=datetime(2031, 11, 23, 2, 0, tzinfo=UTC))
    html = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "23 พ.ย. 2574 09:00 น." in html


def test_home_lists_upcoming_published_events(client, make_event):
    make_event(title_th="งานที่จะมาถึง")
    make_event(title_th="ร่างงาน", status="draft")
    html = client.get("/").get_data(as_text=True)
    assert "งานที่จะมาถึง" in html and "ร่างงาน" not in html


def test_unknown_event_is_404(client):
    assert client.get("/events/999").status_code == 404


def test_calendar_shows_a_class_on_its_session_days_only(client, make_event):
    from datetime import UTC, datetime

    from scheduler_app.events.training.models import TrainingSession
    from scheduler_app.extensions import db

    # Two sessions a week apart (Bangkok 09:00 = 02:00 UTC); the class spans eight days.
    first = datetime(2027, 2, 2, 2, 0, tzinfo=UTC)
    last = datetime(2027, 2, 9, 2, 0, tzinfo=UTC)
    event = make_event(kind="training", title_th="อบรมกฎหมายท้องถิ่น", start_at=first,
                       end_at=last.replace(hour=5))  # fmt: skip
    for n, start in enumerate((first, last), 1):
        event.sessions.append(
            TrainingSession(position=n, title=str(n), start_at=start, end_at=start.replace(hour=5))
        )
    db.session.commit()
    page = parse(client.get("/events/calendar?year=2027&month=2").get_data(as_text=True))
    chips = [a.text for a in page.find("table", "month-grid").find_all("a", "cal-event")]
    assert chips == ["09:00 น. อบรมกฎหมายท้องถิ่น"] * 2
    # The day-by-day list under the grid (what a phone shows) has the same two days.
    days = page.find_all("section", "day-list")
    assert [d.attrs["id"] for d in days] == ["day-2027-02-02", "day-2027-02-09"]
    assert all("อบรมกฎหมายท้องถิ่น" in d.text for d in days)


def test_my_activities_shows_a_study_visit_to_the_visiting_organisations_hosts(
    client, auth, make_event, make_member, make_person
):
    host_org, visiting_org = make_member(), make_member()
    make_event(kind="study_visit", host_member=host_org, visiting_member_id=visiting_org.id,
               title_th="ศึกษาดูงานการจัดการขยะ")  # fmt: skip
    auth.login_as(make_person(role="host", member=visiting_org))
    assert "ศึกษาดูงานการจัดการขยะ" in client.get("/events/mine").get_data(as_text=True)
    outsider = make_person(role="host", member=make_member())
    client.get("/logout")
    auth.logout()
    from flask import g

    g.pop("_login_user", None)
    auth.login_as(outsider)
    assert "ศึกษาดูงานการจัดการขยะ" not in client.get("/events/mine").get_data(as_text=True)


def test_month_grid_has_short_thai_weekdays_and_day_links_to_day_lists(client, make_event):
    make_event(title_th="ประชุมเครือข่าย", start_at=datetime(2027, 3, 10, 2, 0, tzinfo=UTC),
               end_at=datetime(2027, 3, 10, 5, 0, tzinfo=UTC))  # fmt: skip
    page = parse(client.get("/events/calendar?year=2027&month=3").get_data(as_text=True))
    heads = page.find("table", "month-grid").find("thead").find_all("th")
    assert [th.find("span", "wd-short").text for th in heads] == [
        "จ",
        "อ",
        "พ",
        "พฤ",
        "ศ",
        "ส",
        "อา",
    ]
    assert [th.attrs["abbr"] for th in heads][:2] == ["จันทร์", "อังคาร"]
    links = page.find_all("a", "day-link")
    assert [a.attrs["href"] for a in links] == ["#day-2027-03-10"]
    assert links[0].find("span", "visually-hidden").text == ": 10 มีนาคม 2570, 1 กิจกรรม"
    day = page.by_id("day-2027-03-10")
    assert day.find("h3").text == "วันพุธที่ 10 มีนาคม 2570"
    assert day.find("a").text == "ประชุมเครือข่าย" and "09:00" in day.text
    empty = parse(client.get("/events/calendar?year=2027&month=4").get_data(as_text=True))
    assert empty.find_all("section", "day-list") == []
    assert "เดือนนี้ไม่มีกิจกรรม" in empty.find("section", "day-lists").text
