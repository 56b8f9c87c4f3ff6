"""Editing, moving and removing rally stops, training sessions and programme lines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import g

from scheduler_app.events.kind_models import (
    Attendance,
    ProgrammeItem,
    RallyCheckIn,
    RallyStop,
    TrainingSession,
)
from scheduler_app.events.models import Event, Registration
from scheduler_app.extensions import db
from scheduler_app.mail.models import OutboxMessage

START = datetime(2031, 1, 10, 1, 0, tzinfo=UTC)  # 08:00 in Bangkok
HOUR = timedelta(hours=1)


def login(auth, person):
    g.pop("_login_user", None)
    auth.login_as(person)


@pytest.fixture
def host(make_person, make_member, auth):
    person = make_person(role="host", member=make_member(), preferred_language="en")
    login(auth, person)
    return person


def snapshot(event_id: int) -> tuple:
    """The event's sequence and every stop, session and programme line, as stored."""
    db.session.expire_all()
    event = db.session.get(Event, event_id)
    return (
        event.sequence,
        event.updated_at,
        [(s.id, s.position, s.name, s.arrive_at, s.depart_at, s.latitude) for s in event.stops],
        [(s.id, s.position, s.title, s.start_at, s.end_at) for s in event.sessions],
        [(p.id, p.position, p.title, p.starts_at) for p in event.programme],
    )


# ---- rally stops ---------------------------------------------------------------------


@pytest.fixture
def rally(make_event, host):
    event = make_event(kind="rally", host_member_id=host.member_id, start_at=START,
                       end_at=START + 10 * HOUR, sequence=3)  # fmt: skip
    for i, name in enumerate(["เมืองเลย", "นาอ้อ", "เชียงคาน"]):
        arrive = START + 2 * i * HOUR  # 08:00, 10:00, 12:00 Bangkok; 30 min each
        event.stops.append(
            RallyStop(position=i + 1, name=name, arrive_at=arrive,
                      depart_at=arrive + HOUR / 2, latitude=17.5 + i / 10, longitude=101.7)
        )  # fmt: skip
    db.session.commit()
    return event


def stop_form(name="นาอ้อ ใหม่", arrive="10:15", depart="10:45", **extra):
    data = {"name": name, "host_member_id": "0", "venue_id": "0", "latitude": "17.6",
            "longitude": "101.71", "arrive_date": "2031-01-10", "arrive_time": arrive,
            "depart_time": depart}  # fmt: skip
    return data | extra


def test_edit_stop_page_is_prefilled(client, rally):
    stop = rally.stops[1]
    page = client.get(f"/events/{rally.id}/stops/{stop.id}/edit")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'value="นาอ้อ"' in html and 'value="10:00"' in html and 'value="2031-01-10"' in html
    assert f"/events/{rally.id}/stops/{stop.id}/move/up" in client.get(
        f"/events/{rally.id}/stops"
    ).get_data(as_text=True)


def test_edit_stop_saves_and_bumps_sequence(client, rally):
    stop = rally.stops[1]
    before = rally.updated_at
    response = client.post(f"/events/{rally.id}/stops/{stop.id}/edit", data=stop_form())
    assert response.status_code == 302
    db.session.expire_all()
    stop = db.session.get(RallyStop, stop.id)
    assert stop.name == "นาอ้อ ใหม่" and stop.latitude == 17.6
    assert (stop.arrive_at, stop.depart_at) == (START + 2.25 * HOUR, START + 2.75 * HOUR)
    event = db.session.get(Event, rally.id)
    assert event.sequence == 4 and event.updated_at > before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (stop_form(arrive="08:15", depart="08:20"), "previous stop"),  # before stop 1 leaves
        (stop_form(arrive="11:00", depart="12:10"), "next stop"),  # after stop 3 arrives
        (stop_form(arrive="10:30", depart="10:00"), "Departure must not be before arrival."),
        (stop_form(name=""), "This field is required."),
        (stop_form(name="ก" * 201), "at most 200"),
        (stop_form(latitude="95"), "Latitude must be between -90 and 90."),
        (stop_form(longitude=""), "Please give both latitude and longitude."),
        (stop_form(arrive_date="2035-01-10"), "within two years"),
        (stop_form(arrive_date="0001-01-01"), "Please enter a date between"),
        (stop_form(venue_id="999999"), "Not a valid choice."),
    ],
)
def test_bad_stop_edit_is_400_and_changes_nothing(client, rally, data, message):
    before = snapshot(rally.id)
    response = client.post(f"/events/{rally.id}/stops/{rally.stops[1].id}/edit", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert snapshot(rally.id) == before


def test_move_stop_swaps_route_order_and_keeps_times_in_order(client, rally, make_person):
    first, second, third = rally.stops
    rider = make_person()
    registration = Registration(event_id=rally.id, person_id=rider.id, status="confirmed",
                                from_stop_id=second.id)  # fmt: skip
    db.session.add(registration)
    db.session.flush()
    db.session.add(RallyCheckIn(registration_id=registration.id, stop_id=third.id))
    db.session.commit()
    response = client.post(f"/events/{rally.id}/stops/{third.id}/move/up")
    assert response.status_code == 302
    db.session.expire_all()
    event = db.session.get(Event, rally.id)
    assert [s.name for s in event.stops] == ["เมืองเลย", "เชียงคาน", "นาอ้อ"]
    assert [s.arrive_at for s in event.stops] == [START, START + 2 * HOUR, START + 4 * HOUR]
    assert event.sequence == 4
    # the check-in stays with the place where the rider was seen
    check_in = db.session.execute(sa.select(RallyCheckIn)).scalar_one()
    assert check_in.stop_id == third.id
    assert client.post(f"/events/{rally.id}/stops/{first.id}/move/up").status_code == 400
    assert client.post(f"/events/{rally.id}/stops/{second.id}/move/down").status_code == 400
    assert client.post(f"/events/{rally.id}/stops/{second.id}/move/sideways").status_code == 404


def test_move_refused_when_it_would_reverse_a_riders_journey(client, rally, make_person):
    first, second, _ = rally.stops
    rider = make_person()
    db.session.add(Registration(event_id=rally.id, person_id=rider.id, status="confirmed",
                                from_stop_id=first.id, to_stop_id=second.id))  # fmt: skip
    db.session.commit()
    before = snapshot(rally.id)
    response = client.post(f"/events/{rally.id}/stops/{second.id}/move/up")
    assert response.status_code == 400
    assert "cannot swap" in response.get_data(as_text=True)
    assert snapshot(rally.id) == before


def test_stop_of_another_event_is_404(client, rally, make_event, host):
    other = make_event(kind="rally", host_member_id=host.member_id)
    stop = rally.stops[0]
    assert client.get(f"/events/{other.id}/stops/{stop.id}/edit").status_code == 404
    assert client.post(f"/events/{other.id}/stops/{stop.id}/move/down").status_code == 404


# ---- training sessions ---------------------------------------------------------------


@pytest.fixture
def training(make_event, host):
    event = make_event(kind="training", host_member_id=host.member_id, start_at=START,
                       end_at=START + timedelta(days=30))  # fmt: skip
    for i, title in enumerate(["ปุ๋ยหมัก", "น้ำหมัก", "ตลาด"]):
        start = START + timedelta(days=7 * i) + HOUR  # Fridays 09:00–12:00 Bangkok
        event.sessions.append(
            TrainingSession(position=i + 1, title=title, start_at=start, end_at=start + 3 * HOUR)
        )
    db.session.commit()
    return event


def session_form(day="2031-01-17", start="13:00", end="15:00", title="น้ำหมักชีวภาพ"):
    return {"day": day, "start_time": start, "end_time": end, "title": title}


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


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (session_form(day="2031-01-24", start="11:00", end="13:00"), "overlaps another session"),
        (session_form(day="2031-01-10", start="08:00", end="09:30"), "overlaps another session"),
        (session_form(start="15:00", end="13:00"), "The end must be after the start."),
        (session_form(day="1999-01-01"), "within two years"),
        (session_form(day="0001-01-01"), "Please enter a date between"),
        (session_form(day="not a date"), "Not a valid date value."),
        (session_form(title="ก" * 201), "at most 200"),
    ],
)
def test_bad_session_edit_is_400_and_changes_nothing(client, training, data, message):
    before = snapshot(training.id)
    session = training.sessions[1]
    response = client.post(f"/events/{training.id}/sessions/{session.id}/edit", data=data)
    assert response.status_code == 400
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
    assert "Please enter a date between" in response.get_data(as_text=True)


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


# ---- study-visit programme -----------------------------------------------------------


@pytest.fixture
def visit(make_event, host, make_member):
    event = make_event(kind="study_visit", host_member_id=host.member_id, start_at=START,
                       end_at=START + 8 * HOUR, visiting_member_id=make_member().id)  # fmt: skip
    for i, title in enumerate(["ต้อนรับ", "ชมกลุ่มทอผ้า", "สรุปบทเรียน"]):
        event.programme.append(
            ProgrammeItem(position=i + 1, title=title, starts_at=START + (i + 1) * HOUR)
        )
    db.session.commit()
    return event


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
        ({"day": "2040-01-10", "time": "09:00", "title": "x"}, "within two years"),
    ],
)
def test_bad_programme_edit_is_400(client, visit, data, message):
    before = snapshot(visit.id)
    item = visit.programme[0]
    response = client.post(f"/events/{visit.id}/programme/{item.id}/edit", data=data)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert snapshot(visit.id) == before


def test_cancelled_event_parts_cannot_change(client, rally, training, visit):
    urls = [
        (f"/events/{rally.id}/stops/{rally.stops[1].id}/edit", stop_form()),
        (f"/events/{rally.id}/stops/{rally.stops[1].id}/move/up", {}),
        (f"/events/{training.id}/sessions/{training.sessions[1].id}/edit", session_form()),
        (f"/events/{training.id}/sessions/{training.sessions[1].id}/move/up", {}),
        (f"/events/{visit.id}/programme/{visit.programme[1].id}/edit",
         {"day": "2031-01-10", "time": "09:00", "title": "x"}),
        (f"/events/{visit.id}/programme/{visit.programme[1].id}/move/up", {}),
        (f"/events/{visit.id}/programme/{visit.programme[1].id}/delete", {}),
    ]  # fmt: skip
    for event in (rally, training, visit):
        event.status = "cancelled"
    db.session.commit()
    before = [snapshot(e.id) for e in (rally, training, visit)]
    for url, data in urls:
        response = client.post(url, data=data)
        assert response.status_code == 400, url
        assert "A cancelled event cannot be edited." in response.get_data(as_text=True), url
    assert [snapshot(e.id) for e in (rally, training, visit)] == before


def test_thai_message_for_an_out_of_order_stop(client, rally, host):
    host.preferred_language = "th"
    db.session.commit()
    response = client.post(
        f"/events/{rally.id}/stops/{rally.stops[1].id}/edit",
        data=stop_form(arrive="08:15", depart="08:20"),
        headers={"Accept-Language": "th"},
    )
    assert response.status_code == 400
    assert "เวลาของจุดแวะนี้" in response.get_data(as_text=True)


@pytest.mark.parametrize("who", ["other_host", "member"])
def test_outsiders_cannot_edit_or_move(client, auth, rally, make_person, make_member, who):
    role = "host" if who == "other_host" else "member"
    login(auth, make_person(role=role, member=make_member()))
    stop = rally.stops[1]
    before = snapshot(rally.id)
    assert client.get(f"/events/{rally.id}/stops/{stop.id}/edit").status_code == 403
    assert (
        client.post(f"/events/{rally.id}/stops/{stop.id}/edit", data=stop_form()).status_code == 403
    )
    assert client.post(f"/events/{rally.id}/stops/{stop.id}/move/up").status_code == 403
    assert snapshot(rally.id) == before
