"""Rally stops, training sessions and certificates, study-visit requests end to end."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import g

from scheduler_app.events.models import Event, Registration
from scheduler_app.events.rally.models import RallyCheckIn
from scheduler_app.events.study_visits.models import StudyVisitRequest
from scheduler_app.events.training.models import Attendance
from scheduler_app.extensions import db

START = datetime(2031, 1, 10, 1, 0, tzinfo=UTC)  # 08:00 in Bangkok


def login(auth, person):
    g.pop("_login_user", None)
    auth.login_as(person)


@pytest.fixture
def host(make_person, make_member):
    return make_person(role="host", member=make_member(), preferred_language="en")


def stop_data(name, arrive, depart, lat, lon):
    return {
        "name": name,
        "host_member_id": "0",
        "venue_id": "0",
        "latitude": lat,
        "longitude": lon,
        "arrive_date": "2031-01-10",
        "arrive_time": arrive,
        "depart_time": depart,
    }


def test_rally_stops_distances_and_riders(client, auth, host, make_event, make_person):
    event = make_event(
        kind="rally",
        host_member_id=host.member_id,
        start_at=START,
        end_at=START + timedelta(hours=10),
    )
    login(auth, host)
    url = f"/events/{event.id}/stops"
    assert (
        client.post(url, data=stop_data("เมืองเลย", "08:00", "08:30", "17.49", "101.72")).status_code
        == 302
    )
    assert (
        client.post(url, data=stop_data("นาอ้อ", "09:30", "10:00", "17.56", "101.70")).status_code
        == 302
    )
    assert (
        client.post(url, data=stop_data("เชียงคาน", "12:00", "12:30", "17.90", "101.67")).status_code
        == 302
    )
    # out of order: arrives before the previous stop's departure
    bad = client.post(url, data=stop_data("ผิด", "11:00", "11:30", "17.9", "101.6"))
    assert bad.status_code == 400 and "previous stop" in bad.get_data(as_text=True)
    bad = client.post(url, data=stop_data("ผิด", "13:00", "12:50", "17.9", "101.6"))
    assert bad.status_code == 400
    db.session.refresh(event)
    assert [s.position for s in event.stops] == [1, 2, 3]
    rider = make_person()
    login(auth, rider)
    stops = event.stops
    response = client.post(
        f"/events/{event.id}/register",
        data={"from_stop_id": stops[1].id, "to_stop_id": stops[2].id},
    )
    assert response.status_code == 302
    whole = make_person()
    login(auth, whole)
    client.post(f"/events/{event.id}/register", data={"from_stop_id": "0", "to_stop_id": "0"})
    reversed_rider = make_person(preferred_language="en")
    login(auth, reversed_rider)
    response = client.post(
        f"/events/{event.id}/register",
        data={"from_stop_id": stops[2].id, "to_stop_id": stops[0].id},
    )
    assert response.status_code == 409
    html = client.get(f"/events/{event.id}").get_data(as_text=True)
    # total ≈ 8 km + 38 km; riders per stop: 1, 2, 2
    assert "Total distance" in html
    from scheduler_app.events.rally.kind import stop_rows

    rows, total = stop_rows(event)
    assert [r["riders"] for r in rows] == [1, 2, 2]
    assert rows[0]["leg_km"] is None and 40 < total < 52
    # check-in at a stop
    login(auth, host)
    reg = db.session.execute(
        sa.select(Registration).where(Registration.person_id == rider.id)
    ).scalar_one()
    check = f"/events/{event.id}/stops/{stops[1].id}/check-in"
    assert client.get(check).status_code == 200
    assert client.post(check, data={"registration_id": reg.id}).status_code == 302
    client.post(check, data={"registration_id": reg.id})
    assert db.session.query(RallyCheckIn).count() == 1


def test_training_series_overlap_roll_call_and_certificate(
    client, auth, host, make_event, make_person
):
    event = make_event(
        kind="training",
        host_member_id=host.member_id,
        start_at=START,
        end_at=START + timedelta(days=60),
        attendance_threshold=80,
    )
    login(auth, host)
    url = f"/events/{event.id}/sessions"
    data = {
        "which": "series",
        "series-title": "ห้องเรียน",
        "series-day": "2031-01-10",
        "series-start_time": "09:00",
        "series-end_time": "12:00",
        "series-every_weeks": "1",
        "series-count": "5",
        "series-exceptions": "2031-01-24",
    }
    assert client.post(url, data=data).status_code == 302
    db.session.refresh(event)
    days = [s.start_at.date().isoformat() for s in event.sessions]
    assert days == ["2031-01-10", "2031-01-17", "2031-01-31", "2031-02-07", "2031-02-14"]
    overlap = {
        "which": "one",
        "one-day": "2031-01-17",
        "one-start_time": "11:00",
        "one-end_time": "13:00",
    }
    response = client.post(url, data=overlap)
    assert response.status_code == 400 and "overlaps" in response.get_data(as_text=True)
    bad = client.post(url, data=data | {"series-exceptions": "not a date"})
    assert bad.status_code == 400
    assert client.post(url, data=overlap | {"one-day": "2031-02-21"}).status_code == 302
    db.session.refresh(event)
    assert len(event.sessions) == 6
    good, poor = make_person(given_name="ขยัน"), make_person()
    for p in (good, poor):
        db.session.add(Registration(event_id=event.id, person_id=p.id, status="confirmed"))
    db.session.commit()
    for i, session in enumerate(event.sessions):
        present = [good.id] + ([poor.id] if i < 2 else [])
        roll = f"/events/{event.id}/sessions/{session.id}/roll-call"
        assert client.post(roll, data={"present": present}).status_code == 302
    assert db.session.query(Attendance).count() == 12
    cert = client.get(f"/events/{event.id}/certificate/{good.id}")
    assert cert.status_code == 200
    html = cert.get_data(as_text=True)
    assert "ขยัน" in html and "17 hours in 6 sessions" in html
    assert client.get(f"/events/{event.id}/certificate/{poor.id}").status_code == 403
    login(auth, poor)
    assert client.get(f"/events/{event.id}/certificate/{good.id}").status_code == 403


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
    assert client.post(f"/events/visits/{visit.id}/answer", data=answer).status_code == 409
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
    assert client.post(f"/events/{event.id}/report", data={"text": "ดี"}).status_code == 400
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
