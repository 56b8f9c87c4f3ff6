"""A training class: sessions, roll-call, certificate, and editing or moving sessions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from scheduler_app.events.models import Event, Registration
from scheduler_app.events.training.models import Attendance, TrainingSession
from scheduler_app.extensions import db
from scheduler_app.mail.models import OutboxMessage
from tests.events.parts_helpers import START, login, session_form, snapshot


def test_training_series_overlap_roll_call_and_certificate(
    client, auth, host, make_event, make_person, clock
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
    # a rule (not the form) refuses: 422, the reason beside the field
    assert response.status_code == 422 and "overlaps" in response.get_data(as_text=True)
    bad = client.post(url, data=data | {"series-exceptions": "not a date"})
    assert bad.status_code == 400  # the form reads the date list itself now
    assert client.post(url, data=overlap | {"one-day": "2031-02-21"}).status_code == 302
    db.session.refresh(event)
    assert len(event.sessions) == 6
    good, poor = make_person(given_name="ขยัน"), make_person()
    for p in (good, poor):
        db.session.add(Registration(event_id=event.id, person_id=p.id, status="confirmed"))
    db.session.commit()
    clock.now = START + timedelta(days=60)  # every session has been held
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


def test_edit_session_moves_it_and_renumbers(client, training):
    session, sequence = training.sessions[1], training.sequence
    page = client.get(f"/events/{training.id}/sessions/{session.id}/edit").get_data(as_text=True)
    assert 'value="น้ำหมัก"' in page and 'value="09:00"' in page
    data = session_form(day="2031-01-31")  # after the third session now
    response = client.post(f"/events/{training.id}/sessions/{session.id}/edit", data=data)
    assert response.status_code == 302
    db.session.expire_all()
    event = db.session.get(Event, training.id)
    assert [(s.position, s.title) for s in event.sessions] == [
        (1, "ปุ๋ยหมัก"), (2, "ตลาด"), (3, "น้ำหมักชีวภาพ"),
    ]  # fmt: skip
    moved = db.session.get(TrainingSession, session.id)
    assert moved.start_at == datetime(2031, 1, 31, 6, 0, tzinfo=UTC)
    assert event.sequence == sequence + 1


REFUSED_BY_RULE = {"overlaps another session", "within two years", "within the event's dates"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (session_form(day="2031-01-24", start="11:00", end="13:00"), "overlaps another session"),
        (session_form(day="2031-01-10", start="08:00", end="09:30"), "overlaps another session"),
        (session_form(start="15:00", end="13:00"), "The end must be after the start."),
        (session_form(day="1999-01-01"), "within the event's dates"),
        (session_form(day="0001-01-01"), "Please check the year"),
        (session_form(day="not a date"), "Please write the date as dd/mm/yyyy"),
        (session_form(title="ก" * 201), "at most 200"),
    ],
)
def test_bad_session_edit_is_refused_and_changes_nothing(client, training, data, message):
    before = snapshot(training.id)
    session = training.sessions[1]
    response = client.post(f"/events/{training.id}/sessions/{session.id}/edit", data=data)
    # 400: the form is wrong; 422: a well-formed form a rule of the class refuses
    assert response.status_code == (422 if message in REFUSED_BY_RULE else 400)
    assert message in response.get_data(as_text=True)
    assert snapshot(training.id) == before


def test_session_keeps_its_own_slot_when_edited(client, training):
    session = training.sessions[0]
    data = session_form(day="2031-01-10", start="09:30", end="12:30")  # overlaps only itself
    assert (
        client.post(f"/events/{training.id}/sessions/{session.id}/edit", data=data).status_code
        == 302
    )


def test_move_session_swaps_titles_and_keeps_attendance(client, training, make_person):
    first = training.sessions[0]
    sequence = training.sequence
    person = make_person()
    db.session.add(Attendance(session_id=first.id, person_id=person.id, is_present=True))
    db.session.commit()
    assert client.post(f"/events/{training.id}/sessions/{first.id}/move/down").status_code == 302
    db.session.expire_all()
    event = db.session.get(Event, training.id)
    assert [s.title for s in event.sessions] == ["น้ำหมัก", "ปุ๋ยหมัก", "ตลาด"]
    assert [s.start_at for s in event.sessions] == sorted(s.start_at for s in event.sessions)
    assert db.session.execute(sa.select(Attendance.session_id)).scalar_one() == first.id
    assert event.sequence == sequence + 1
    last = event.sessions[-1]
    response = client.post(f"/events/{training.id}/sessions/{last.id}/move/down")
    assert response.status_code == 400 and "cannot move further" in response.get_data(as_text=True)


def test_adding_a_session_far_away_is_refused_not_a_500(client, training):
    data = {"which": "one", "one-day": "0001-01-01", "one-start_time": "09:00",
            "one-end_time": "10:00"}  # fmt: skip
    response = client.post(f"/events/{training.id}/sessions", data=data)
    assert response.status_code == 400
    assert "Please check the year" in response.get_data(as_text=True)


def test_session_edit_retimes_pending_reminders(client, training, make_person):
    person = make_person()
    db.session.add(Registration(event_id=training.id, person_id=person.id, status="confirmed",
                                created_at=START - timedelta(days=60)))  # fmt: skip
    db.session.commit()
    session = training.sessions[2]
    data = session_form(day="2031-02-07", start="09:00", end="12:00", title="ตลาด")
    assert (
        client.post(f"/events/{training.id}/sessions/{session.id}/edit", data=data).status_code
        == 302
    )
    db.session.expire_all()
    pending = (
        db.session.execute(
            sa.select(OutboxMessage).where(
                OutboxMessage.kind == "reminder",
                OutboxMessage.status == "pending",
                OutboxMessage.dedupe_key.contains(f"session{session.id}:"),
            )
        )
        .scalars()
        .all()
    )
    new_start = datetime(2031, 2, 7, 2, 0, tzinfo=UTC)
    assert pending and {m.send_after for m in pending} <= {
        new_start - timedelta(days=7),
        new_start - timedelta(days=1),
    }
