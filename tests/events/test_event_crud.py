"""Create, edit, publish, cancel and duplicate events through the pages."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from scheduler_app.events.models import Event
from scheduler_app.events.registration.operations import register_participant
from scheduler_app.events.training.models import TrainingSession
from scheduler_app.extensions import db
from tests.events.conftest import NOW

FORM = {
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


def count_events() -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(Event)).scalar_one()


@pytest.fixture
def host(make_person, make_member):
    return make_person(role="host", member=make_member(), preferred_language="en")


@pytest.mark.parametrize(("role", "status"), [("host", 422), ("coordinator", 302)])
def test_only_coordinators_create_exchange_events(
    client, auth, make_person, make_member, role, status
):
    member = make_member()
    person = make_person(role=role, member=member, preferred_language="en")
    auth.login_as(person)
    data = FORM | {"kind": "exchange", "host_member_id": str(member.id)}
    assert client.post("/events/new", data=data).status_code == status
    assert count_events() == (1 if status == 302 else 0)


def test_host_creates_draft_in_bangkok_time(client, auth, host):
    auth.login_as(host)
    response = client.post("/events/new", data=FORM)
    assert response.status_code == 302
    event = db.session.execute(sa.select(Event)).scalar_one()
    assert event.status == "draft" and event.host_member_id == host.member_id
    assert event.start_at == datetime(2027, 11, 23, 2, 0, tzinfo=UTC)  # 09:00 +07
    assert event.end_at == datetime(2027, 11, 23, 9, 30, tzinfo=UTC)
    assert event.organiser_id == host.id and event.sequence == 0


def test_all_day_multi_day_event_stores_exclusive_end(client, auth, host):
    auth.login_as(host)
    data = FORM | {"is_all_day": "y", "start_time": "", "end_time": "", "end_date": "2027-11-25"}
    assert client.post("/events/new", data=data).status_code == 302
    event = db.session.execute(sa.select(Event)).scalar_one()
    assert event.is_all_day
    assert (event.start_date, event.end_date) == (date(2027, 11, 23), date(2027, 11, 26))
    assert event.start_at == datetime(2027, 11, 22, 17, 0, tzinfo=UTC)
    page = client.get(f"/events/{event.id}/edit").get_data(as_text=True)
    assert 'value="25/11/2027"' in page  # the form shows the inclusive last day


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"end_date": "2027-11-22"}, "The end must be after the start."),
        ({"end_time": "08:00"}, "The end must be after the start."),
        ({"capacity": "0"}, "Please enter a number between"),
        ({"capacity": "abc"}, "Not a valid integer value."),
        ({"title_th": ""}, "This field is required."),
        ({"title_th": "ก" * 201}, "at most 200"),
        ({"start_time": ""}, "Please enter a time"),
        (
            {
                "registration_opens_at": "2027-11-10T08:00",
                "registration_closes_at": "2027-11-01T08:00",
            },
            "Registration must close after it opens.",
        ),
    ],
)
def test_bad_input_is_400_and_saves_nothing(client, auth, host, changes, message):
    auth.login_as(host)
    response = client.post("/events/new", data=FORM | changes)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count_events() == 0


def test_unknown_kind_is_refused_beside_the_field(client, auth, host):
    auth.login_as(host)
    response = client.post("/events/new", data=FORM | {"kind": "party"})
    assert response.status_code == 422
    assert "Please choose one of the kinds offered." in response.get_data(as_text=True)
    assert count_events() == 0


def test_errors_are_translated_to_thai(client, auth, host):
    auth.login_as(host)
    host.preferred_language = "th"
    db.session.commit()
    response = client.post("/events/new", data=FORM | {"end_date": "2027-11-22"})
    assert response.status_code == 400
    assert "ต้องอยู่หลัง" in response.get_data(as_text=True)


def test_edit_moves_sequence_and_tells_registrants(
    client, auth, host, make_event, make_person, sent
):
    event = make_event(host_member_id=host.member_id)
    with client.application.test_request_context():
        register_participant(event, make_person(), NOW)
    db.session.commit()
    auth.login_as(host)
    data = FORM | {"kind": "exchange", "title_th": "ชื่อใหม่"}
    response = client.post(f"/events/{event.id}/edit", data=data)
    assert response.status_code == 302
    db.session.refresh(event)
    assert event.title_th == "ชื่อใหม่" and event.sequence == 1 and event.kind == "exchange"
    assert "event_changed" in sent.kinds()


def test_capacity_below_confirmed_is_refused(client, auth, host, make_event, make_person):
    event = make_event(host_member_id=host.member_id, capacity=5)
    with client.application.test_request_context():
        for _ in range(3):
            register_participant(event, make_person(), NOW)
    db.session.commit()
    auth.login_as(host)
    response = client.post(f"/events/{event.id}/edit", data=FORM | {"capacity": "2"})
    assert response.status_code == 422
    assert "3 people are already confirmed" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Event, event.id).capacity == 5
    assert db.session.get(Event, event.id).title_th == "งานแลกเปลี่ยนเรียนรู้"


def test_raising_capacity_promotes_waitlist(client, auth, host, make_event, make_person):
    event = make_event(host_member_id=host.member_id, capacity=1)
    with client.application.test_request_context():
        register_participant(event, make_person(), NOW)
        waiting = register_participant(event, make_person(), NOW)
    db.session.commit()
    auth.login_as(host)
    assert client.post(f"/events/{event.id}/edit", data=FORM | {"capacity": "2"}).status_code == 302
    db.session.expire_all()
    assert waiting.status == "confirmed" and waiting.promoted_at is not None


def test_publish_then_cancel_with_reason(client, auth, host, make_event, make_person, sent):
    event = make_event(host_member_id=host.member_id, status="draft")
    auth.login_as(host)
    assert client.post(f"/events/{event.id}/publish").status_code == 302
    db.session.refresh(event)
    assert event.status == "published" and event.sequence == 1
    with client.application.test_request_context():
        register_participant(event, make_person(), NOW)
    db.session.commit()
    assert client.post(f"/events/{event.id}/cancel", data={"reason": ""}).status_code == 400
    response = client.post(f"/events/{event.id}/cancel", data={"reason": "น้ำท่วม"})
    assert response.status_code == 302
    db.session.refresh(event)
    assert event.status == "cancelled" and event.cancel_reason == "น้ำท่วม"
    assert event.cancelled_at is not None and event.sequence == 2
    assert "event_cancelled" in sent.kinds()
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "น้ำท่วม" in page


def test_cancelled_event_cannot_be_edited(client, auth, host, make_event):
    event = make_event(host_member_id=host.member_id, status="cancelled")
    auth.login_as(host)
    response = client.post(f"/events/{event.id}/edit", data=FORM | {"title_th": "x"})
    assert response.status_code == 409
    assert "cannot be edited" in response.get_data(as_text=True)
    db.session.refresh(event)
    assert event.title_th != "x"


def test_duplicate_makes_a_draft_copy_with_sessions(client, auth, host, make_event):
    event = make_event(host_member_id=host.member_id, kind="training")
    event.sessions.append(TrainingSession(title="1", start_at=event.start_at, end_at=event.end_at))
    db.session.commit()
    auth.login_as(host)
    response = client.post(f"/events/{event.id}/duplicate")
    assert response.status_code == 302
    copy = db.session.execute(sa.select(Event).where(Event.id != event.id)).scalar_one()
    assert copy.status == "draft" and copy.title_th == event.title_th
    assert len(copy.sessions) == 1 and copy.confirmed_count == 0


def test_venue_select_lists_exchange_centres_first(client, auth, host, make_venue):
    make_venue(name_en="A meeting room", is_exchange_centre=False)
    make_venue(name_en="Z exchange centre", is_exchange_centre=True)
    auth.login_as(host)
    page = client.get("/events/new").get_data(as_text=True)
    assert page.index("Z exchange centre") < page.index("A meeting room")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"capacity": "0"}, "กรุณากรอกตัวเลขระหว่าง 1 ถึง 100000"),
        ({"capacity": "-5"}, "กรุณากรอกตัวเลขระหว่าง 1 ถึง 100000"),
        ({"per_member_quota": "0"}, "กรุณากรอกตัวเลขระหว่าง 1 ถึง 100000"),
    ],
)
def test_capacity_below_one_is_refused_in_thai(
    client, auth, make_person, make_member, make_event, changes, message
):
    thai_host = make_person(role="host", member=make_member(), preferred_language="th")
    event = make_event(host_member_id=thai_host.member_id, capacity=5)
    auth.login_as(thai_host)
    for url in ("/events/new", f"/events/{event.id}/edit"):
        response = client.post(url, data=FORM | changes)
        assert response.status_code == 400, url
        assert message in response.get_data(as_text=True), url
    assert count_events() == 1
    db.session.expire_all()
    assert db.session.get(Event, event.id).capacity == 5
