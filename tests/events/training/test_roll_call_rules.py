"""Roll-call only for sessions that have begun; a certificate only once attendance met the
threshold, dated the day it was met; the link to it only for those who earned it."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from scheduler_app.core import events_time, thaidate
from scheduler_app.events.models import Registration
from scheduler_app.events.training.models import Attendance, TrainingSession
from scheduler_app.extensions import db
from tests.events.html_page import Page
from tests.events.parts_helpers import HOUR, START, login


@pytest.fixture
def course(make_event, host, make_person):
    """Five weekly sessions from START, 80 % needed (4 of 5); one confirmed student."""
    event = make_event(kind="training", host_member_id=host.member_id, start_at=START,
                       end_at=START + timedelta(days=35), attendance_threshold=80)  # fmt: skip
    for i in range(5):
        start = START + timedelta(days=7 * i) + HOUR
        event.sessions.append(
            TrainingSession(
                position=i + 1, title=f"ครั้งที่ {i + 1}", start_at=start, end_at=start + 3 * HOUR
            )
        )
    student = make_person(given_name="ขยัน", preferred_language="th")
    db.session.add(Registration(event_id=event.id, person_id=student.id, status="confirmed"))
    db.session.commit()
    event.student = student
    return event


def roll_url(event, session):
    return f"/events/{event.id}/sessions/{session.id}/roll-call"


def attendance_rows():
    return db.session.execute(sa.select(sa.func.count()).select_from(Attendance)).scalar_one()


def test_roll_call_for_a_session_not_yet_begun_is_refused(client, course, clock):
    clock.now = START + timedelta(days=8)  # sessions 1 and 2 held, 3–5 ahead
    held, ahead = course.sessions[1], course.sessions[2]
    response = client.post(roll_url(course, ahead), data={"present": [course.student.id]})
    assert response.status_code == 409
    assert "once the session has begun" in response.get_data(as_text=True)
    assert attendance_rows() == 0
    page = Page(client.get(roll_url(course, ahead)).get_data(as_text=True))
    boxes = page.all("input", name="present")
    assert boxes and all("disabled" in box.attrs for box in boxes)
    assert page.by_id("roll-call-closed") is not None
    assert not [b for b in page.all("button") if "Save attendance" in b.text]
    assert (
        client.post(roll_url(course, held), data={"present": [course.student.id]}).status_code
        == 302
    )
    assert attendance_rows() == 1


def test_lists_offer_roll_call_only_for_sessions_that_began(client, course, clock):
    clock.now = START + timedelta(days=8)
    for url in (f"/events/{course.id}", f"/events/{course.id}/sessions"):
        links = Page(client.get(url).get_data(as_text=True)).links()
        roll_calls = [href for href in links if href.endswith("/roll-call")]
        assert sorted(roll_calls) == sorted(roll_url(course, s) for s in course.sessions[:2])


def attend(course, sessions):
    for session in sessions:
        db.session.add(Attendance(session_id=session.id, person_id=course.student.id,
                                  is_present=True))  # fmt: skip
    db.session.commit()


def test_certificate_is_dated_the_day_attendance_met_the_threshold(client, auth, course, clock):
    attend(course, course.sessions[:4])
    fourth = course.sessions[3]
    clock.now = START + timedelta(days=60)  # well after the course
    login(auth, course.student)
    response = client.get(f"/events/{course.id}/certificate/{course.student.id}")
    assert response.status_code == 200
    day = events_time.utc_to_local(fourth.start_at, course.timezone).date()
    text = Page(response.get_data(as_text=True)).text()
    assert thaidate.format_date(day, "th", "long") in text  # e.g. 31 มกราคม 2574 (BE)
    today = events_time.utc_to_local(clock.now, course.timezone).date()
    assert thaidate.format_date(today, "th", "long") not in text


def test_attendance_marked_ahead_of_a_session_does_not_count(client, auth, course, clock):
    attend(course, course.sessions)  # rows for all five, as main allowed
    clock.now = START + timedelta(days=8)  # only two have been held
    login(auth, course.student)
    assert client.get(f"/events/{course.id}/certificate/{course.student.id}").status_code == 403
    links = Page(client.get(f"/events/{course.id}").get_data(as_text=True)).links()
    assert not [href for href in links if "/certificate/" in href]


def test_certificate_link_only_for_those_who_earned_it(client, auth, course, clock, make_person):
    clock.now = START + timedelta(days=60)
    attend(course, course.sessions[:3])  # 3 of 5: 60 %, short of 80 %
    login(auth, course.student)
    cert = f"/events/{course.id}/certificate/{course.student.id}"
    for url in (f"/events/{course.id}", "/events/mine"):
        assert cert not in Page(client.get(url).get_data(as_text=True)).links()
    attend(course, course.sessions[3:4])
    event_page = Page(client.get(f"/events/{course.id}").get_data(as_text=True)).links()
    mine = Page(client.get("/events/mine").get_data(as_text=True)).links()
    assert cert in event_page and cert in mine
    assert mine[cert].startswith("เกียรติบัตรของฉัน")
    assert client.get(cert).status_code == 200
