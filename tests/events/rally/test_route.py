"""A rally's route: stops with distances and riders, and editing, moving, removing them."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from scheduler_app.events.models import Event, Registration
from scheduler_app.events.rally.models import RallyCheckIn, RallyStop
from scheduler_app.extensions import db
from tests.events.parts_helpers import HOUR, START, login, snapshot, stop_form


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
    assert bad.status_code == 422 and "previous stop" in bad.get_data(as_text=True)
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


def test_edit_stop_page_is_prefilled(client, rally):
    stop = rally.stops[1]
    page = client.get(f"/events/{rally.id}/stops/{stop.id}/edit")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'value="นาอ้อ"' in html and 'value="10:00"' in html and 'value="10/01/2031"' in html
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


REFUSED_BY_RULE = {"previous stop", "next stop", "within two years"}


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
        (stop_form(arrive_date="2035-01-10"), "more than five years ahead"),
        (stop_form(arrive_date="0001-01-01"), "Please check the year"),
        (stop_form(venue_id="999999"), "Not a valid choice."),
    ],
)
def test_bad_stop_edit_is_refused_and_changes_nothing(client, rally, data, message):
    before = snapshot(rally.id)
    response = client.post(f"/events/{rally.id}/stops/{rally.stops[1].id}/edit", data=data)
    # 400: the form is wrong; 422: a well-formed form a rule of the route refuses
    assert response.status_code == (422 if message in REFUSED_BY_RULE else 400)
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


def test_thai_message_for_an_out_of_order_stop(client, rally, host):
    host.preferred_language = "th"
    db.session.commit()
    response = client.post(
        f"/events/{rally.id}/stops/{rally.stops[1].id}/edit",
        data=stop_form(arrive="08:15", depart="08:20"),
        headers={"Accept-Language": "th"},
    )
    assert response.status_code == 422
    assert "เวลาของจุดแวะนี้" in response.get_data(as_text=True)
