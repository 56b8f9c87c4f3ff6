"""Study visits: request, answer, programme, learning report."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from scheduler_app.events.models import Event
from scheduler_app.events.study_visits.models import StudyVisitRequest
from scheduler_app.extensions import db
from tests.events.html_page import Page
from tests.events.parts_helpers import login, snapshot


def test_study_visit_request_accept_programme_report(client, auth, make_person, make_member, sent):
    visitors = make_member(name_th="อบต.ผู้มาเยือน")
    hosts = make_member(name_th="เทศบาลเจ้าบ้าน", visitor_rules="ถอดรองเท้าก่อนเข้าวัด")
    visitor_host = make_person(role="host", member=visitors, preferred_language="en")
    host_host = make_person(role="host", member=hosts, preferred_language="en")
    login(auth, visitor_host)
    data = {
        "visiting_member_id": visitors.id,
        "host_member_id": hosts.id,
        "proposed_start": "2031-03-02",
        "proposed_end": "2031-03-03",
        "delegation_size": "2",
        "purpose": "เรียนรู้โฮมสเตย์",
        "link_kinds": ["model_project", "livelihood"],
    }
    assert (
        client.post("/events/visits/new", data=data | {"host_member_id": visitors.id}).status_code
        == 400
    )
    assert client.post("/events/visits/new", data=data).status_code == 302
    visit = db.session.execute(sa.select(StudyVisitRequest)).scalar_one()
    assert visit.link_kind_list == ["model_project", "livelihood"]
    assert "study_visit_step" in sent.kinds()
    # the visitors cannot answer their own request
    answer = {
        "action": "accept",
        "answer-start_date": "2031-03-02",
        "answer-end_date": "2031-03-02",
        "answer-start_time": "09:00",
        "answer-end_time": "15:00",
    }
    assert client.post(f"/events/visits/{visit.id}/answer", data=answer).status_code == 403
    login(auth, host_host)
    response = client.post(f"/events/visits/{visit.id}/answer", data=answer)
    assert response.status_code == 302
    db.session.refresh(visit)
    event = db.session.get(Event, visit.event_id)
    assert visit.status == "scheduled" and event.kind == "study_visit"
    assert event.visiting_member_id == visitors.id and event.capacity == 2
    again = client.post(f"/events/visits/{visit.id}/answer", data=answer)
    assert again.status_code == 422 and "already been answered" in again.get_data(as_text=True)
    item = {"day": "2031-03-02", "time": "09:30", "title": "ชมกลุ่มทอผ้า"}
    assert client.post(f"/events/{event.id}/programme", data=item).status_code == 302
    # only the delegation registers
    outsider = make_person(member=make_member(), preferred_language="en")
    login(auth, outsider)
    assert client.post(f"/events/{event.id}/register").status_code == 409
    member_of_visitors = make_person(member=visitors, given_name="ผู้แทน")
    login(auth, member_of_visitors)
    assert client.post(f"/events/{event.id}/register").status_code == 302
    html = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "ถอดรองเท้าก่อนเข้าวัด" in html and "ชมกลุ่มทอผ้า" in html and "ผู้แทน" in html
    # a report before the visit is refused; after it, it completes the request
    assert client.post(f"/events/{event.id}/report", data={"text": "ดี"}).status_code == 422
    event.start_at = datetime(2020, 1, 1, tzinfo=UTC)
    event.end_at = datetime(2020, 1, 1, 8, tzinfo=UTC)
    db.session.commit()
    assert client.post(f"/events/{event.id}/report", data={"text": "ได้เรียนรู้มาก"}).status_code == 302
    db.session.refresh(visit)
    assert visit.status == "completed"
    from scheduler_app.events.study_visits.member_page import visits_for_member

    assert [v.id for v in visits_for_member(visitors.id)["made"]] == [visit.id]
    assert [v.id for v in visits_for_member(hosts.id)["received"]] == [visit.id]
    assert visits_for_member(hosts.id)["made"] == []


def test_study_visit_counter_proposal_and_decline(client, auth, make_person, make_member):
    visitors, hosts = make_member(), make_member()
    v_host = make_person(role="host", member=visitors)
    h_host = make_person(role="host", member=hosts)
    visit = StudyVisitRequest(
        visiting_member_id=visitors.id,
        host_member_id=hosts.id,
        proposed_start=datetime(2031, 5, 1).date(),
        proposed_end=datetime(2031, 5, 1).date(),
        delegation_size=10,
        purpose="x",
    )
    db.session.add(visit)
    db.session.commit()
    login(auth, h_host)
    propose = {
        "action": "propose",
        "answer-start_date": "2031-05-08",
        "answer-end_date": "2031-05-08",
        "answer-start_time": "09:00",
        "answer-end_time": "15:00",
    }
    assert client.post(f"/events/visits/{visit.id}/answer", data=propose).status_code == 302
    db.session.refresh(visit)
    assert visit.status == "counter_proposed" and visit.proposed_start.day == 8
    login(auth, v_host)
    accept = propose | {"action": "accept_counter"}
    assert client.post(f"/events/visits/{visit.id}/answer", data=accept).status_code == 302
    db.session.refresh(visit)
    assert visit.status == "scheduled" and visit.event_id
    other = StudyVisitRequest(
        visiting_member_id=visitors.id,
        host_member_id=hosts.id,
        proposed_start=visit.proposed_start,
        proposed_end=visit.proposed_end,
        delegation_size=3,
        purpose="y",
    )
    db.session.add(other)
    db.session.commit()
    login(auth, h_host)
    assert (
        client.post(f"/events/visits/{other.id}/decline", data={"decline-reason": ""}).status_code
        == 400
    )
    assert (
        client.post(
            f"/events/visits/{other.id}/decline", data={"decline-reason": "ติดงานบุญ"}
        ).status_code
        == 302
    )
    db.session.refresh(other)
    assert other.status == "declined" and other.decline_reason == "ติดงานบุญ"
    assert client.get("/events/visits").status_code == 200


def test_adding_a_programme_line_bumps_sequence(client, visit):
    sequence = visit.sequence
    data = {"day": "2031-01-10", "time": "15:00", "title": "ลาแขก"}
    assert client.post(f"/events/{visit.id}/programme", data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(Event, visit.id).sequence == sequence + 1


def test_edit_move_and_remove_programme_lines(client, visit):
    first, second, third = visit.programme
    sequence = visit.sequence
    listing = client.get(f"/events/{visit.id}/programme").get_data(as_text=True)
    assert f"/programme/{first.id}/move/down" in listing
    assert f"/programme/{first.id}/move/up" not in listing
    page = client.get(f"/events/{visit.id}/programme/{first.id}/edit")
    assert page.status_code == 200 and 'value="ต้อนรับ"' in page.get_data(as_text=True)
    data = {"day": "2031-01-10", "time": "14:30", "title": "ต้อนรับและแนะนำตัว"}
    url = f"/events/{visit.id}/programme/{first.id}/edit"
    assert client.post(url, data=data).status_code == 302
    db.session.expire_all()
    event = db.session.get(Event, visit.id)
    assert [p.title for p in event.programme] == ["ชมกลุ่มทอผ้า", "สรุปบทเรียน", "ต้อนรับและแนะนำตัว"]
    assert event.sequence == sequence + 1
    assert client.post(f"/events/{visit.id}/programme/{third.id}/move/up").status_code == 302
    db.session.expire_all()
    event = db.session.get(Event, visit.id)
    assert [p.title for p in event.programme] == ["สรุปบทเรียน", "ชมกลุ่มทอผ้า", "ต้อนรับและแนะนำตัว"]
    assert [p.starts_at for p in event.programme] == sorted(p.starts_at for p in event.programme)
    assert client.post(f"/events/{visit.id}/programme/{second.id}/delete").status_code == 302
    db.session.expire_all()
    event = db.session.get(Event, visit.id)
    assert len(event.programme) == 2 and [p.position for p in event.programme] == [1, 2]
    assert event.sequence == sequence + 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"day": "2031-01-10", "time": "", "title": "x"}, "This field is required."),
        ({"day": "2031-01-10", "time": "09:00", "title": "ก" * 301}, "at most 300"),
        ({"day": "2040-01-10", "time": "09:00", "title": "x"}, "more than five years ahead"),
    ],
)
def test_bad_programme_edit_is_400(client, visit, data, message):
    before = snapshot(visit.id)
    item = visit.programme[0]
    response = client.post(f"/events/{visit.id}/programme/{item.id}/edit", data=data)
    expected = 422 if message == "within two years" else 400  # a rule, not the form
    assert response.status_code == expected and message in response.get_data(as_text=True)
    assert snapshot(visit.id) == before


def test_a_request_may_not_end_before_it_starts(client, auth, make_person, make_member):
    """The last day may be the first (a one-day visit), never before it."""
    visitors, hosts = make_member(name_th="อบต.ผู้มาเยือน"), make_member(name_th="เทศบาลเจ้าบ้าน")
    login(auth, make_person(role="host", member=visitors, preferred_language="en"))
    data = {
        "visiting_member_id": visitors.id,
        "host_member_id": hosts.id,
        "proposed_start": "2031-03-03",
        "proposed_end": "2031-03-02",
        "delegation_size": "2",
        "purpose": "เรียนรู้โฮมสเตย์",
    }
    response = client.post("/events/visits/new", data=data)
    assert response.status_code == 400
    error = Page(response.get_data(as_text=True)).by_id("proposed_end-error")
    assert error is not None and "The last day must not be before the first." in error.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StudyVisitRequest)) == 0
    one_day = client.post("/events/visits/new", data=data | {"proposed_end": "2031-03-03"})
    assert one_day.status_code == 302
    assert db.session.execute(sa.select(StudyVisitRequest)).scalar_one().proposed_end.day == 3
