"""Sessions, stops and programme lines stay inside their event's dates: refused outside,
moved with a duplicate's new start, and moved (after asking) when the event's dates are
edited."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from scheduler_app.core import events_time
from scheduler_app.events.models import Event
from scheduler_app.extensions import db
from tests.events.html_page import Page
from tests.events.parts_helpers import START, login

FORM = {
    "kind": "training",
    "title_th": "อบรมปุ๋ยหมัก",
    "title_en": "Compost class",
    "start_date": "2031-01-10",
    "start_time": "08:00",
    "end_date": "2031-02-09",
    "end_time": "08:00",
    "timezone": "Asia/Bangkok",
    "venue_id": "0",
    "participation_level": "inform",
    "attendance_threshold": "80",
}


def local(value):
    return events_time.utc_to_local(value, "Asia/Bangkok")


def reload(event_id):
    db.session.expire_all()
    return db.session.get(Event, event_id)


def error_beside(html, field_id):
    found = Page(html).by_id(f"{field_id}-error")
    return " ".join(found.text.split()) if found else ""


@pytest.mark.parametrize(
    ("kind", "url", "data", "field_id"),
    [
        ("training", "/sessions",
         {"which": "one", "one-day": "2031-03-01", "one-start_time": "09:00",
          "one-end_time": "10:00"}, "one-day"),
        ("rally", "/stops",
         {"name": "ภูเรือ", "host_member_id": "0", "venue_id": "0", "latitude": "17.4",
          "longitude": "101.4", "arrive_date": "2031-01-11", "arrive_time": "09:00",
          "depart_time": "09:30"}, "arrive_date"),
        ("visit", "/programme", {"day": "2031-01-09", "time": "09:00", "title": "ต้อนรับ"},
         "day"),
    ],
)  # fmt: skip
def test_a_part_outside_the_event_is_refused_beside_its_date(
    request, client, auth, host, kind, url, data, field_id
):
    event = request.getfixturevalue(kind)
    host.preferred_language = "th"
    db.session.commit()
    login(auth, host)
    response = client.post(f"/events/{event.id}{url}", data=data)
    assert response.status_code == 422
    message = error_beside(response.get_data(as_text=True), field_id)
    assert "2574" in message  # the event's dates, in the Buddhist Era
    assert message.startswith("กรุณา")


def test_duplicate_moves_the_copy_and_its_sessions(client, training):
    page = Page(client.get(f"/events/{training.id}/duplicate").get_data(as_text=True))
    assert page.all("input", name="start_date")
    response = client.post(f"/events/{training.id}/duplicate", data={"start_date": "2031-03-07"})
    assert response.status_code == 302
    copy = db.session.execute(sa.select(Event).where(Event.id != training.id)).scalar_one()
    assert copy.status == "draft"
    assert local(copy.start_at).date().isoformat() == "2031-03-07"
    assert copy.end_at - copy.start_at == training.end_at - training.start_at
    old = [(local(s.start_at), local(s.end_at)) for s in reload(training.id).sessions]
    new = [(local(s.start_at), local(s.end_at)) for s in copy.sessions]
    assert [(a + timedelta(days=56), b + timedelta(days=56)) for a, b in old] == new
    assert [s.title for s in copy.sessions] == ["ปุ๋ยหมัก", "น้ำหมัก", "ตลาด"]


@pytest.mark.parametrize("kind", ["rally", "visit"])
def test_duplicate_moves_stops_and_programme(request, client, kind):
    event = request.getfixturevalue(kind)
    assert (
        client.post(f"/events/{event.id}/duplicate", data={"start_date": "2031-01-17"}).status_code
        == 302
    )
    copy = db.session.execute(sa.select(Event).where(Event.id != event.id)).scalar_one()
    source = reload(event.id)
    week = timedelta(days=7)
    if kind == "rally":
        assert [s.arrive_at + week for s in source.stops] == [s.arrive_at for s in copy.stops]
        assert [s.depart_at + week for s in source.stops] == [s.depart_at for s in copy.stops]
    else:
        assert [p.starts_at + week for p in source.programme] == [
            p.starts_at for p in copy.programme
        ]


def test_editing_the_dates_asks_before_moving_sessions(client, training):
    url = f"/events/{training.id}/edit"
    before = [s.start_at for s in training.sessions]
    later = FORM | {"start_date": "2031-01-17", "end_date": "2031-02-16"}
    response = client.post(url, data=later)
    assert response.status_code == 200
    page = Page(response.get_data(as_text=True))
    question = page.by_id("move-parts")
    assert question is not None and "3 sessions" in question.text and "7 days" in question.text
    choices = {b.attrs.get("value") for b in page.all("button", name="parts")}
    assert choices == {"move", "keep"}
    assert page.all("input", name="title_th")[0].attrs["value"] == "อบรมปุ๋ยหมัก"  # kept
    event = reload(training.id)
    assert [s.start_at for s in event.sessions] == before
    assert local(event.start_at).date().isoformat() == "2031-01-10"  # nothing saved yet

    assert client.post(url, data=later | {"parts": "move"}).status_code == 302
    event = reload(training.id)
    assert local(event.start_at).date().isoformat() == "2031-01-17"
    assert [s.start_at for s in event.sessions] == [b + timedelta(days=7) for b in before]


def test_keeping_sessions_that_would_fall_outside_is_refused(client, training):
    url = f"/events/{training.id}/edit"
    later = FORM | {"start_date": "2031-01-17", "end_date": "2031-02-16", "parts": "keep"}
    response = client.post(url, data=later)
    assert response.status_code == 422
    assert "outside the new dates" in error_beside(response.get_data(as_text=True), "start_date")
    assert local(reload(training.id).start_at).date().isoformat() == "2031-01-10"
    # Ending earlier, with the start unchanged, is refused too when a session is left out.
    shorter = FORM | {"end_date": "2031-01-20"}
    response = client.post(url, data=shorter)
    assert response.status_code == 422
    assert "outside the new dates" in error_beside(response.get_data(as_text=True), "start_date")
    # Keeping works when they still fit.
    wider = FORM | {"start_date": "2031-01-03", "parts": "keep"}
    assert client.post(url, data=wider).status_code == 302
    event = reload(training.id)
    assert local(event.sessions[0].start_at).date().isoformat() == "2031-01-10"
    assert event.start_at == START - timedelta(days=7)
