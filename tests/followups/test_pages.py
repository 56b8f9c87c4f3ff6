"""The survey (login or signed link), the host's results page, the welcome question and
the coordinators' list of members gone quiet."""

from __future__ import annotations

from datetime import timedelta

import pytest

from scheduler_app.events.models import Registration
from scheduler_app.extensions import db, utcnow
from scheduler_app.followups.models import Feedback, WelcomeAnswer
from scheduler_app.followups.services import survey_token


@pytest.fixture
def past_event(make_event, make_member):
    now = utcnow()
    return make_event(host_member=make_member(), start_at=now - timedelta(days=1),
                      end_at=now - timedelta(hours=20))  # fmt: skip


def _took_part(event, person):
    db.session.add(Registration(event_id=event.id, person_id=person.id, status="confirmed"))
    db.session.commit()


def _feedback():
    return list(db.session.execute(db.select(Feedback)).scalars())


def test_signed_link_works_without_login(client, past_event, make_person):
    person = make_person()
    _took_part(past_event, person)
    token = survey_token(person, past_event)
    page = client.get(f"/feedback/{past_event.id}?t={token}")
    assert page.status_code == 200
    response = client.post(f"/feedback/{past_event.id}",
                           data={"t": token, "rating": "4", "comment": "ได้ความรู้มาก"})  # fmt: skip
    assert response.status_code == 200
    [saved] = _feedback()
    assert (saved.person_id, saved.rating, saved.comment) == (person.id, 4, "ได้ความรู้มาก")
    client.post(f"/feedback/{past_event.id}", data={"t": token, "rating": "5"})
    assert [f.rating for f in _feedback()] == [5]  # one answer per person, replaced


@pytest.mark.parametrize("data", [
    {"rating": "0"}, {"rating": "6"}, {"rating": "abc"}, {},
    {"rating": "3", "comment": "ก" * 2001},
])  # fmt: skip
def test_bad_answers_rerender_with_400(client, auth, past_event, make_person, data):
    person = auth.login_as(make_person())
    _took_part(past_event, person)
    response = client.post(f"/feedback/{past_event.id}", data=data)
    assert response.status_code == 400
    assert b"field-error" in response.data
    assert _feedback() == []


def test_people_who_did_not_take_part_cannot_answer(client, auth, past_event, make_person):
    auth.login_as(make_person())
    response = client.post(f"/feedback/{past_event.id}", data={"rating": "5"})
    assert response.status_code == 403
    assert _feedback() == []


def test_survey_is_closed_before_the_event_ends(client, auth, make_event, make_person):
    event = make_event()
    person = auth.login_as(make_person())
    _took_part(event, person)
    assert client.post(f"/feedback/{event.id}", data={"rating": "5"}).status_code == 403


def test_tampered_token_is_refused(client, past_event, make_person, make_event):
    person = make_person()
    _took_part(past_event, person)
    other = make_event()
    token = survey_token(person, other)  # genuine, but for another event
    assert client.get(f"/feedback/{past_event.id}?t={token}").status_code == 404
    assert client.get(f"/feedback/{past_event.id}?t=abc.def").status_code == 404
    anonymous = client.get(f"/feedback/{past_event.id}")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


@pytest.mark.parametrize(("role", "status"), [
    ("anonymous", 302), ("member", 403), ("participant", 403), ("other_host", 403),
    ("host", 200), ("coordinator", 200), ("admin", 200),
])  # fmt: skip
def test_results_only_for_the_host(client, auth, past_event, make_person, make_member,
                                   role, status):  # fmt: skip
    participant = make_person()
    _took_part(past_event, participant)
    db.session.add(Feedback(event_id=past_event.id, person_id=participant.id, rating=4,
                            comment="อยากให้มีอีก"))  # fmt: skip
    db.session.commit()
    people = {
        "member": make_person(),
        "participant": participant,
        "other_host": make_person(role="host", member=make_member()),
        "host": make_person(role="host", member=past_event.host_member),
        "coordinator": make_person(role="coordinator"),
        "admin": make_person(role="admin"),
    }
    if role != "anonymous":
        auth.login_as(people[role])
    response = client.get(f"/events/{past_event.id}/feedback", headers={"Accept-Language": "en"})
    assert response.status_code == status
    if status == 200:
        html = response.get_data(as_text=True)
        assert "4.0" in html and "อยากให้มีอีก" in html and "Answers: 1" in html


def test_welcome_question_saves_the_answer(client, auth, make_person):
    person = auth.login_as(make_person())
    assert client.get("/welcome/hopes").status_code == 200
    response = client.post("/welcome/hopes", data={"hopes": ["knowledge", "culture"],
                                                   "text": "อยากเรียนรู้เรื่องโฮมสเตย์"})  # fmt: skip
    assert response.status_code == 302
    answer = db.session.execute(db.select(WelcomeAnswer)).scalar_one()
    assert (answer.person_id, answer.hopes) == (person.id, "knowledge,culture")
    bad = client.post("/welcome/hopes", data={"hopes": ["flying"]})
    assert bad.status_code == 400


@pytest.mark.parametrize(("role", "status"), [
    ("anonymous", 302), ("member", 403), ("host", 403), ("coordinator", 200), ("admin", 200),
])  # fmt: skip
def test_quiet_members_page_is_for_coordinators(client, auth, make_person, make_member,
                                                role, status):  # fmt: skip
    now = utcnow()
    quiet = make_person(given_name="เงียบหาย", created_at=now - timedelta(days=400))
    make_person(given_name="ยังมาอยู่", created_at=now - timedelta(days=400), last_login_at=now)
    viewer = {
        "member": lambda: make_person(),
        "host": lambda: make_person(role="host", member=make_member()),
        "coordinator": lambda: make_person(role="coordinator"),
        "admin": lambda: make_person(role="admin"),
    }
    if role != "anonymous":
        auth.login_as(viewer[role]())
    response = client.get("/coordination/quiet-members")
    assert response.status_code == status
    if status == 200:
        html = response.get_data(as_text=True)
        assert quiet.given_name in html and "ยังมาอยู่" not in html
