"""Answering a study-visit request starts from the request: accepting "on the requested
dates" is one click, and the visitors accept a counter-proposal without retyping the
host's times. The forms are read from the page and sent back as a browser would."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from scheduler_app.core import events_time
from scheduler_app.events.models import Event
from scheduler_app.events.study_visits.models import StudyVisitRequest
from scheduler_app.extensions import db
from tests.events.parts_helpers import login
from tests.html_forms import read_page


def _local(value: datetime) -> datetime:
    return events_time.utc_to_local(value, events_time.DEFAULT_ZONE_NAME)


@pytest.fixture
def sides(make_member, make_person):
    visitors, hosts = make_member(), make_member()
    return {
        "visitors": make_person(role="host", member=visitors, preferred_language="en"),
        "hosts": make_person(role="host", member=hosts, preferred_language="en"),
        "visit": _visit(visitors.id, hosts.id),
    }


def _visit(visitors_id: int, hosts_id: int) -> StudyVisitRequest:
    visit = StudyVisitRequest(
        visiting_member_id=visitors_id,
        host_member_id=hosts_id,
        proposed_start=date(2031, 5, 1),
        proposed_end=date(2031, 5, 2),
        delegation_size=10,
        purpose="ดูงานโฮมสเตย์",
    )
    db.session.add(visit)
    db.session.commit()
    return visit


def _answer_form(client, visit: StudyVisitRequest):
    page = read_page(client.get(f"/events/visits/{visit.id}").get_data(as_text=True))
    return page.form_to(f"/events/visits/{visit.id}/answer")


def test_accept_form_starts_from_the_requested_dates(client, auth, sides):
    login(auth, sides["hosts"])
    form = _answer_form(client, sides["visit"])
    for name in ("answer-start_date", "answer-end_date"):
        assert form.values[name], name  # filled in, in whatever calendar the page uses
    assert (form.values["answer-start_time"], form.values["answer-end_time"]) == (
        "09:00",
        "16:00",
    )


def test_accepting_as_requested_at_once_schedules_the_requested_days(client, auth, sides):
    visit = sides["visit"]
    login(auth, sides["hosts"])
    form = _answer_form(client, visit)
    response = client.post(form.action, data=form.values | {"action": "accept"})
    assert response.status_code == 302
    event = db.session.get(Event, db.session.get(StudyVisitRequest, visit.id).event_id)
    assert _local(event.start_at).date() == date(2031, 5, 1)
    assert _local(event.start_at).time() == time(9, 0)
    assert _local(event.end_at).date() == date(2031, 5, 2)
    assert _local(event.end_at).time() == time(16, 0)


def test_counter_proposal_carries_the_hosts_times_to_the_visitors(client, auth, sides):
    visit = sides["visit"]
    login(auth, sides["hosts"])
    form = _answer_form(client, visit)
    proposal = form.values | {
        "action": "propose",
        "answer-start_date": "2031-05-08",
        "answer-end_date": "2031-05-08",
        "answer-start_time": "10:30",
        "answer-end_time": "14:00",
    }
    assert client.post(form.action, data=proposal).status_code == 302
    login(auth, sides["visitors"])
    html = client.get(f"/events/visits/{visit.id}").get_data(as_text=True)
    assert "10:30–14:00" in html  # the proposal shows its times
    form = read_page(html).form_to(f"/events/visits/{visit.id}/answer")
    assert (form.values["answer-start_time"], form.values["answer-end_time"]) == (
        "10:30",
        "14:00",
    )
    response = client.post(form.action, data=form.values | {"action": "accept_counter"})
    assert response.status_code == 302
    event = db.session.get(Event, db.session.get(StudyVisitRequest, visit.id).event_id)
    assert _local(event.start_at).replace(tzinfo=None) == datetime(2031, 5, 8, 10, 30)
    assert _local(event.end_at).replace(tzinfo=None) == datetime(2031, 5, 8, 14, 0)


def test_a_wrong_answer_keeps_what_was_typed_beside_the_reason(client, auth, sides):
    visit = sides["visit"]
    login(auth, sides["hosts"])
    form = _answer_form(client, visit)
    typed = form.values | {
        "action": "accept",
        "answer-start_time": "15:15",
        "answer-end_time": "11:45",
        "answer-note": "พบกันที่ศาลากลางบ้าน",
    }
    typed["answer-end_date"] = typed["answer-start_date"]
    response = client.post(form.action, data=typed)
    assert response.status_code == 400
    page = read_page(response.get_data(as_text=True))
    again = page.form_to(f"/events/visits/{visit.id}/answer")
    assert again.values["answer-start_time"] == "15:15"
    assert again.values["answer-note"].strip() == "พบกันที่ศาลากลางบ้าน"
    assert "after the start" in page.errors["answer-end_date"]


def test_answering_a_request_someone_answered_meanwhile_says_so(client, auth, sides):
    visit = sides["visit"]
    login(auth, sides["hosts"])
    form = _answer_form(client, visit)
    visit.status = "declined"  # a colleague declined it in another tab
    db.session.commit()
    response = client.post(form.action, data=form.values | {"action": "accept"})
    assert response.status_code == 422
    assert "already been answered" in response.get_data(as_text=True)
    assert db.session.get(StudyVisitRequest, visit.id).event_id is None
