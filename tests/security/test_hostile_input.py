"""Hostile numbers, NUL characters and dates at the edges: a clear 4xx, never a 500,
nothing half-saved, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from scheduler_app.core import calendar_grid
from scheduler_app.events.models import Event
from scheduler_app.events.study_visits.models import StudyVisitRequest
from scheduler_app.extensions import db
from scheduler_app.request_input import INT64_MAX
from tests.accounts.helpers import field_error
from tests.events.conftest import build_event
from tests.html_tree import parse

HUGE = "99999999999999999999"
BEYOND_INT64 = str(INT64_MAX + 1)
BIG_INT64 = str(2**40)  # fits 64 bits, beyond a PostgreSQL integer, no such row


@pytest.mark.parametrize(
    "path",
    [
        "/events/{n}",
        "/events/{n}.ics",
        "/members/{n}",
        "/venues/{n}",
        "/feeds/member/{n}.ics",
        "/events/{n}/edit",
    ],
)
@pytest.mark.parametrize("number", [HUGE, BEYOND_INT64, BIG_INT64])
def test_numbers_beyond_64_bits_in_paths_are_404(client, path, number):
    assert client.get(path.format(n=number)).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        f"/venues/?page={HUGE}",
        f"/events/?member={HUGE}",
        f"/events/calendar?member={HUGE}",
        f"/events/calendar?year={HUGE}&month=1",
        f"/venues/?page={BIG_INT64}",
        f"/events/?page={HUGE}",
        f"/events/?past=1&page={BIG_INT64}",
    ],
)
def test_numbers_beyond_range_in_queries_are_400(client, url):
    assert client.get(url).status_code == 400


def test_huge_page_for_staff_lists_is_400(client, auth, make_person):
    auth.login_as(make_person(role="admin"))
    assert client.get(f"/admin/people?page={HUGE}").status_code == 400
    assert client.get(f"/mail/outbox?page={HUGE}").status_code in (400, 404)


def test_directory_page_beyond_range_is_refused_or_clamped(client):
    assert client.get(f"/members/?page={HUGE}").status_code in (200, 400)


# --- NUL characters ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/members/?q=%E0%B9%80%00x", "/venues/?q=a%00", "/events/?kind=%00", "/login?next=/%00"],
)
def test_nul_in_a_query_is_stripped_not_a_500(client, url):
    assert client.get(url).status_code == 200


def test_nul_is_stripped_from_query_values(app):
    from flask import request

    with app.test_request_context("/members/?q=%E0%B9%80%00%E0%B8%A5%E0%B8%A2&page=2%00"):
        assert request.args["q"] == "เลย"
        assert request.args.get("page", type=int) == 2


def test_nul_in_a_path_is_404(client, make_person):
    make_person()
    assert client.get("/feeds/u/abc%00def.ics").status_code == 404
    assert client.get("/reset-password/x%00y").status_code == 404
    assert client.get("/unsubscribe/x%00y").status_code == 404


def test_nul_in_login_answers_like_a_wrong_password(client, make_person):
    person = make_person()
    response = client.post("/login", data={"email": person.email + "\x00", "password": "x\x00"})
    assert response.status_code == 400


def test_nul_in_a_venue_form_is_stripped_before_saving(client, auth, make_person):
    from scheduler_app.venues.models import Venue

    auth.login_as(make_person(role="coordinator"))
    data = {
        "name_th": "ศูนย์\x00เรียนรู้",
        "name_en": "Centre\x00",
        "district_code": "4201",
        "subdistrict_code": "420101",
        "capacity": "30",
    }
    response = client.post("/venues/new", data=data)
    assert response.status_code in (302, 400)
    names = db.session.execute(sa.select(Venue.name_th)).scalars().all()
    assert all("\x00" not in name for name in names)
    if response.status_code == 302:
        assert names == ["ศูนย์เรียนรู้"]


# --- dates at the edges -----------------------------------------------------------------

EVENT_FORM = {
    "kind": "training",
    "title_th": "เวทีแลกเปลี่ยนเรียนรู้",
    "title_en": "Learning exchange",
    "description": "พบปะ",
    "start_date": "2027-11-23",
    "start_time": "09:00",
    "end_date": "2027-11-23",
    "end_time": "16:30",
    "timezone": "Asia/Bangkok",
    "venue_id": "0",
    "capacity": "40",
    "participation_level": "consult",
    "attendance_threshold": "80",
}


def _count(model: type) -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        (
            {"is_all_day": "y", "start_time": "", "end_time": "", "end_date": "9999-12-31"},
            "end_date",
        ),
        ({"start_date": "0001-01-01"}, "start_date"),
        ({"registration_opens_at": "0001-01-01T00:00"}, "registration_opens_at"),
        ({"registration_closes_at": "9999-12-31T23:59"}, "registration_closes_at"),
    ],
)
def test_event_dates_outside_the_window_are_400_beside_the_field(
    client, auth, make_person, make_member, changes, field
):
    host = make_person(role="host", member=make_member(), preferred_language="en")
    auth.login_as(host)
    response = client.post("/events/new", data=EVENT_FORM | changes)
    assert response.status_code == 400
    assert "Please check the year: dates " in field_error(response.get_data(as_text=True), field)
    assert _count(Event) == 0


def test_the_year_message_is_thai_with_buddhist_years(client, auth, make_person, make_member):
    host = make_person(role="host", member=make_member(), preferred_language="th")
    auth.login_as(host)
    response = client.post("/events/new", data=EVENT_FORM | {"start_date": "0001-01-01"})
    assert response.status_code == 400
    message = field_error(response.get_data(as_text=True), "start_date")
    assert "1 ม.ค. 2500" in message  # the earliest date accepted, in the Buddhist Era
    assert "ระหว่าง" not in message  # one reason, not the wider window's as well


def _visit_setup(make_person, make_member):
    visitors, hosts = make_member(), make_member()
    return (
        visitors,
        hosts,
        make_person(role="host", member=visitors, preferred_language="en"),
        make_person(role="host", member=hosts, preferred_language="en"),
    )


@pytest.mark.parametrize(
    ("first", "last"), [("0001-01-01", "2031-03-03"), ("2031-03-02", "9999-12-31")]
)
def test_visit_request_outside_the_window_is_refused(
    client, auth, make_person, make_member, first, last
):
    visitors, hosts, visitor_host, _ = _visit_setup(make_person, make_member)
    auth.login_as(visitor_host)
    data = {
        "visiting_member_id": visitors.id,
        "host_member_id": hosts.id,
        "proposed_start": first,
        "proposed_end": last,
        "delegation_size": "2",
        "purpose": "เรียนรู้",
    }
    assert client.post("/events/visits/new", data=data).status_code == 400
    assert _count(StudyVisitRequest) == 0


@pytest.mark.parametrize(
    ("first", "last"), [("0001-01-01", "2031-03-03"), ("2031-03-02", "9999-12-31")]
)
def test_visit_accepted_outside_the_window_is_refused(
    client, auth, make_person, make_member, first, last
):
    visitors, hosts, visitor_host, host_host = _visit_setup(make_person, make_member)
    auth.login_as(visitor_host)
    request = {
        "visiting_member_id": visitors.id,
        "host_member_id": hosts.id,
        "proposed_start": "2031-03-02",
        "proposed_end": "2031-03-03",
        "delegation_size": "2",
        "purpose": "เรียนรู้",
    }
    assert client.post("/events/visits/new", data=request).status_code == 302
    visit = db.session.execute(sa.select(StudyVisitRequest)).scalar_one()
    auth.login_as(host_host)
    for action in ("accept", "propose"):
        answer = {
            "action": action,
            "answer-start_date": first,
            "answer-end_date": last,
            "answer-start_time": "09:00",
            "answer-end_time": "15:00",
        }
        response = client.post(f"/events/visits/{visit.id}/answer", data=answer)
        assert 400 <= response.status_code < 500
    db.session.refresh(visit)
    assert visit.status == "requested" and visit.event_id is None
    assert _count(Event) == 0


def test_services_refuse_dates_that_skipped_the_form(app, make_person, make_member):
    from scheduler_app.events import operations as services
    from scheduler_app.forms import FieldError

    values = {
        "kind": "exchange",
        "title_th": "x",
        "start_at": datetime(1, 1, 1, tzinfo=UTC),
        "end_at": datetime(2030, 1, 1, tzinfo=UTC),
    }
    with app.test_request_context(), pytest.raises(FieldError) as error:
        services.create_event(values, None, datetime(2026, 1, 1, tzinfo=UTC))
    assert error.value.field == "start_at"


def test_a_century_long_event_costs_the_calendar_only_the_shown_days(client, make_member):
    # Stored directly, as one could have been before the window existed.
    start = datetime(2000, 1, 1, tzinfo=UTC)
    event = build_event(start_at=start, end_at=datetime(2100, 12, 31, tzinfo=UTC))
    response = client.get("/events/calendar?year=2050&month=6")
    assert response.status_code == 200
    page = parse(response.get_data(as_text=True))
    # on every one of the grid's days, and nowhere near 36,890 entries
    weeks = calendar_grid.month_weeks(2050, 6)
    chips = page.find("table", "month-grid").find_all("a", "cal-event")
    assert len(chips) == sum(len(w) for w in weeks)
    # the day-by-day list under the grid (phones) has the month's 30 days only
    assert len(page.find_all("section", "day-list")) == 30
    assert all(a.attrs["href"] == f"/events/{event.id}" for a in chips)


def test_days_shown_is_bounded_by_the_shown_range():
    first, last = date(2050, 5, 30), date(2050, 7, 3)
    days = calendar_grid.days_shown(
        datetime(2000, 1, 1, tzinfo=UTC),
        datetime(2100, 1, 1, tzinfo=UTC),
        "Asia/Bangkok",
        first,
        last,
    )
    assert days[0] == first and days[-1] == last and len(days) == (last - first).days + 1
    # an event ending exactly at local midnight does not touch the next day
    midnight = datetime(2050, 6, 1, 17, 0, tzinfo=UTC)  # 2 June 00:00 in Bangkok
    one = calendar_grid.days_shown(
        midnight - timedelta(hours=5), midnight, "Asia/Bangkok", first, last
    )
    assert one == [date(2050, 6, 1)]
