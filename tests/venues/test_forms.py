"""Creating and editing venues: validation, defaults, and nothing saved on bad input."""

from __future__ import annotations

import pytest

from scheduler_app.accounts.models import Role
from scheduler_app.extensions import db
from scheduler_app.i18n import gazetteer
from scheduler_app.venues.models import Venue
from tests.venues.helpers import field_error, reload, venue_count, venue_data


@pytest.fixture
def coordinator(auth, make_person):
    return auth.login_as(make_person(role=Role.COORDINATOR, preferred_language="en", password=None))


def _only_venue() -> Venue:
    return db.session.execute(db.select(Venue)).scalar_one()


def test_coordinator_creates_a_venue(client, coordinator, make_member) -> None:
    owner = make_member(name_th="เทศบาลตำบลนาอ้อ")
    response = client.post("/venues/new", data=venue_data(owner_member_id=str(owner.id)))
    venue = _only_venue()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/venues/{venue.id}"
    assert (venue.name_th, venue.name_en) == ("ศูนย์เรียนรู้บ้านนาอ้อ", "Ban Na O Learning Centre")
    assert (venue.district_code, venue.subdistrict_code) == ("4201", "420103")
    assert (venue.latitude, venue.longitude, venue.capacity) == (17.55, 101.71, 120)
    assert venue.is_exchange_centre is True
    assert venue.owner_member_id == owner.id


def test_empty_coordinates_default_to_the_subdistrict_point(client, coordinator) -> None:
    client.post("/venues/new", data=venue_data(latitude="", longitude="", capacity=""))
    venue = _only_venue()
    point = gazetteer().subdistrict("420103")
    assert point is not None
    assert (venue.latitude, venue.longitude) == (point.lat, point.lon)
    assert venue.capacity is None


def test_without_subdistrict_coordinates_default_to_the_district_centre(
    client, coordinator
) -> None:
    client.post("/venues/new", data=venue_data(subdistrict_code="", latitude="", longitude=""))
    venue = _only_venue()
    district = gazetteer().district("4201")
    assert district is not None
    assert venue.subdistrict_code is None
    assert (venue.latitude, venue.longitude) == (district.lat, district.lon)


BAD_INPUTS = [
    ({"name_th": ""}, "name_th", "This field is required."),
    ({"name_th": "ก" * 201}, "name_th", "at most 200"),
    ({"name_en": "x" * 201}, "name_en", "at most 200"),
    ({"address": "x" * 1001}, "address", "at most 1000"),
    ({"facilities": "x" * 2001}, "facilities", "at most 2000"),
    ({"district_code": ""}, "district_code", "This field is required."),
    ({"district_code": "9999"}, "district_code", "Not a valid choice"),
    ({"subdistrict_code": "999999"}, "subdistrict_code", "Not a valid choice"),
    ({"subdistrict_code": "420301"}, "subdistrict_code", "not in the chosen district"),
    ({"latitude": "91"}, "latitude", "between -90 and 90"),
    ({"latitude": "north"}, "latitude", "Not a valid float value."),
    ({"longitude": "-181"}, "longitude", "between -180 and 180"),
    ({"longitude": ""}, "longitude", "both latitude and longitude"),
    ({"latitude": ""}, "latitude", "both latitude and longitude"),
    ({"capacity": "0"}, "capacity", "between 1 and 100000"),
    ({"capacity": "100001"}, "capacity", "between 1 and 100000"),
    ({"capacity": "-5"}, "capacity", "between 1 and 100000"),
    ({"capacity": "many"}, "capacity", "Not a valid integer value."),
    ({"owner_member_id": "999999"}, "owner_member_id", "Not a valid choice"),
    ({"owner_member_id": "abc"}, "owner_member_id", "Not a valid choice"),
]


@pytest.mark.parametrize(("overrides", "field_id", "message"), BAD_INPUTS)
def test_bad_input_is_shown_beside_the_field_and_nothing_is_saved(
    client, coordinator, overrides, field_id, message
) -> None:
    response = client.post("/venues/new", data=venue_data(**overrides))
    assert response.status_code == 400
    assert message in field_error(response.get_data(as_text=True), field_id)
    assert venue_count() == 0


@pytest.mark.parametrize(("overrides", "field_id", "message"), BAD_INPUTS[:6])
def test_bad_edit_changes_nothing(
    client, coordinator, make_venue, overrides, field_id, message
) -> None:
    venue = make_venue(name_th="ชื่อเดิม", capacity=50)
    data = venue_data(**{"capacity": "70", **overrides})
    response = client.post(f"/venues/{venue.id}/edit", data=data)
    assert response.status_code == 400
    assert message in field_error(response.get_data(as_text=True), field_id)
    venue = reload(venue)
    assert (venue.name_th, venue.capacity) == ("ชื่อเดิม", 50)


def test_edit_form_is_filled_with_the_venue(client, coordinator, make_venue, make_member) -> None:
    owner = make_member(name_th="เทศบาลตำบลเจ้าของ")
    venue = make_venue(name_th="ลานวัฒนธรรม", owner_member_id=owner.id, capacity=45)
    page = client.get(f"/venues/{venue.id}/edit").get_data(as_text=True)
    assert 'value="ลานวัฒนธรรม"' in page
    assert 'value="45"' in page
    assert f'<input type="hidden" name="owner_member_id" value="{owner.id}"' in page
    assert f'value="{owner.name_en}"' in page  # the owner's name in the picker (English)


def test_csrf_is_required_when_enabled(make_app, make_person) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        person = make_person(role=Role.COORDINATOR, password=None)
        client = app.test_client()
        with client.session_transaction() as sess:
            sess["_user_id"] = str(person.id)
        response = client.post("/venues/new", data=venue_data())
        assert response.status_code == 400
        assert venue_count() == 0
