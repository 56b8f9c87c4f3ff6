"""Removing a session, a stop or a programme line, and unregistering, ask first and say
what will be lost; a removed programme line and a cancelled registration can be undone
for a while."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from scheduler_app.events.models import Event, Registration
from scheduler_app.events.rally.models import RallyCheckIn
from scheduler_app.events.training.models import Attendance
from scheduler_app.extensions import db, utcnow
from tests.events.html_page import Page
from tests.events.parts_helpers import login


def reload(event_id):
    db.session.expire_all()
    return db.session.get(Event, event_id)


def confirm_page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    page = Page(response.get_data(as_text=True))
    forms = [f for f in page.all("form") if f.attrs.get("method") == "post"]
    assert any(f.attrs.get("action", "") in ("", url) for f in forms)  # posts to itself
    losses = page.by_id("remove-losses")
    return page, " ".join(losses.text.split()) if losses else ""


def test_removing_a_session_with_attendance_asks_and_counts_it(client, training, make_person):
    session = training.sessions[0]
    for _ in range(12):
        db.session.add(Attendance(session_id=session.id, person_id=make_person().id,
                                  is_present=True))  # fmt: skip
    db.session.commit()
    listing = Page(client.get(f"/events/{training.id}/sessions").get_data(as_text=True))
    url = f"/events/{training.id}/sessions/{session.id}/delete"
    assert url in listing.links()  # a link to the question, not a one-click button
    assert url not in listing.form_actions()
    _, losses = confirm_page(client, url)
    assert "12 attendance records" in losses
    assert len(reload(training.id).sessions) == 3  # asking changed nothing
    assert client.post(url).status_code == 302
    assert len(reload(training.id).sessions) == 2
    assert db.session.execute(sa.select(sa.func.count()).select_from(Attendance)).scalar() == 0


def test_removing_a_stop_says_which_riders_and_check_ins_go(client, rally, make_person):
    stop = rally.stops[1]
    riders = []
    for _ in range(3):
        registration = Registration(event_id=rally.id, person_id=make_person().id,
                                    status="confirmed", from_stop_id=stop.id)  # fmt: skip
        db.session.add(registration)
        riders.append(registration)
    db.session.flush()
    db.session.add(RallyCheckIn(registration_id=riders[0].id, stop_id=stop.id))
    db.session.commit()
    url = f"/events/{rally.id}/stops/{stop.id}/delete"
    assert url in Page(client.get(f"/events/{rally.id}/stops").get_data(as_text=True)).links()
    _, losses = confirm_page(client, url)
    assert "3 riders" in losses and "1 check-ins" in losses
    assert len(reload(rally.id).stops) == 3
    assert client.post(url).status_code == 302
    assert [s.name for s in reload(rally.id).stops] == ["เมืองเลย", "เชียงคาน"]
    assert db.session.execute(sa.select(sa.func.count()).select_from(RallyCheckIn)).scalar() == 0
    assert {r.from_stop_id for r in db.session.execute(sa.select(Registration)).scalars()} == {None}


def test_a_programme_line_is_removed_after_asking_and_can_be_put_back(client, visit):
    item = visit.programme[1]
    url = f"/events/{visit.id}/programme/{item.id}/delete"
    page, _ = confirm_page(client, url)
    assert "ชมกลุ่มทอผ้า" in page.text()
    assert client.post(url).status_code == 302
    assert [p.title for p in reload(visit.id).programme] == ["ต้อนรับ", "สรุปบทเรียน"]
    listing = Page(client.get(f"/events/{visit.id}/programme").get_data(as_text=True))
    restore = f"/events/{visit.id}/programme/restore"
    assert restore in listing.form_actions()
    assert client.post(restore).status_code == 302
    event = reload(visit.id)
    assert [p.title for p in event.programme] == ["ต้อนรับ", "ชมกลุ่มทอผ้า", "สรุปบทเรียน"]
    assert event.programme[1].starts_at == item.starts_at
    # Used up: a second undo restores nothing.
    assert client.post(restore).status_code == 302
    assert len(reload(visit.id).programme) == 3
    listing = Page(client.get(f"/events/{visit.id}/programme").get_data(as_text=True))
    assert restore not in listing.form_actions()


def test_the_undo_of_a_programme_line_runs_out(client, visit, monkeypatch):
    item = visit.programme[0]
    assert client.post(f"/events/{visit.id}/programme/{item.id}/delete").status_code == 302
    later = utcnow() + timedelta(minutes=11)
    monkeypatch.setattr("scheduler_app.events.study_visits.programme_views.utcnow", lambda: later)
    assert client.post(f"/events/{visit.id}/programme/restore").status_code == 302
    assert len(reload(visit.id).programme) == 2


@pytest.mark.parametrize("path", ["/sessions/{part}/delete"])
def test_confirm_pages_are_for_managers_only(client, auth, training, make_person, path):
    login(auth, make_person())
    url = f"/events/{training.id}" + path.format(part=training.sessions[0].id)
    assert client.get(url).status_code == 403


@pytest.fixture
def seat(make_event, make_person, auth):
    """A published event with one place, taken by ``seat.person``."""
    event = make_event(capacity=1)
    person = make_person(preferred_language="en")
    db.session.add(Registration(event_id=event.id, person_id=person.id, status="confirmed"))
    event.confirmed_count = 1
    db.session.commit()
    login(auth, person)
    event.person = person
    return event


def test_unregistering_asks_first_then_can_be_undone(client, seat):
    show = Page(client.get(f"/events/{seat.id}").get_data(as_text=True))
    url = f"/events/{seat.id}/unregister"
    assert url in show.links() and url not in show.form_actions()
    _, losses = confirm_page(client, url)
    assert "your confirmed place" in losses
    assert reload(seat.id).confirmed_count == 1
    assert client.post(url).status_code == 302
    assert reload(seat.id).confirmed_count == 0
    show = Page(client.get(f"/events/{seat.id}").get_data(as_text=True))
    undo = f"/events/{seat.id}/unregister/undo"
    assert undo in show.form_actions()
    assert client.post(undo).status_code == 302
    registration = db.session.execute(sa.select(Registration)).scalar_one()
    assert registration.status == "confirmed" and reload(seat.id).confirmed_count == 1


def test_undo_is_refused_once_the_place_was_taken(client, auth, seat, make_person):
    waiting = make_person()
    db.session.add(Registration(event_id=seat.id, person_id=waiting.id, status="waitlisted",
                                waitlist_position=1))  # fmt: skip
    db.session.commit()
    _, losses = confirm_page(client, f"/events/{seat.id}/unregister")
    assert "the first of 1 people waiting" in losses
    assert client.post(f"/events/{seat.id}/unregister").status_code == 302
    response = client.post(f"/events/{seat.id}/unregister/undo", follow_redirects=True)
    assert "Your place has been taken" in response.get_data(as_text=True)
    rows = {r.person_id: r.status for r in db.session.execute(sa.select(Registration)).scalars()}
    assert rows == {seat.person.id: "cancelled", waiting.id: "confirmed"}


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"start_at_days": -3}, "ปิดรับลงทะเบียนแล้ว กิจกรรมนี้จบไปเมื่อ"),
        ({"registration_closes_at_days": -1}, "ปิดรับลงทะเบียนแล้วเมื่อ"),
        ({"registration_opens_at_days": 2}, "เปิดรับลงทะเบียนวันที่"),
    ],
)
def test_a_closed_event_says_why_instead_of_offering_register(
    client, auth, make_event, make_person, changes, words
):
    now = utcnow().replace(microsecond=0)
    kw = {}
    if "start_at_days" in changes:
        kw = {"start_at": now + timedelta(days=changes["start_at_days"]),
              "end_at": now + timedelta(days=changes["start_at_days"], hours=6)}  # fmt: skip
    for name in ("registration_closes_at", "registration_opens_at"):
        if f"{name}_days" in changes:
            kw[name] = now + timedelta(days=changes[f"{name}_days"])
    event = make_event(**kw)
    login(auth, make_person(preferred_language="th"))
    page = Page(client.get(f"/events/{event.id}").get_data(as_text=True))
    assert f"/events/{event.id}/register" not in page.form_actions()
    reason = page.by_id("registration-closed")
    assert reason is not None and words in reason.text
    assert "25" in reason.text  # a Buddhist Era year (25xx)


def test_a_refused_removal_offers_no_undo(client, visit):
    visit.status = "cancelled"
    db.session.commit()
    item = visit.programme[0]
    assert client.post(f"/events/{visit.id}/programme/{item.id}/delete").status_code == 400
    listing = Page(client.get(f"/events/{visit.id}/programme").get_data(as_text=True))
    assert f"/events/{visit.id}/programme/restore" not in listing.form_actions()
    assert len(reload(visit.id).programme) == 3
