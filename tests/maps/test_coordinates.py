"""Member and venue forms refuse points outside Thailand, beside the field, saving nothing."""

from __future__ import annotations

import re
from typing import Any

import pytest

from scheduler_app.accounts.models import Role
from scheduler_app.directory.models import Member
from scheduler_app.extensions import db
from scheduler_app.venues.models import Venue
from tests.directory.test_member_form import member_data
from tests.venues.helpers import venue_data

OUTSIDE = "จุดนี้อยู่นอกประเทศไทย โปรดตรวจสอบละติจูดและลองจิจูด"
SWAPPED = "ละติจูดและลองจิจูดน่าจะสลับกัน"


def _error(html: str, field_id: str) -> str:
    found = re.search(rf'<p class="field-error" id="{field_id}-error">([^<]*)<', html)
    return found.group(1) if found else ""


def _count(model: type) -> int:
    return db.session.execute(db.select(db.func.count()).select_from(model)).scalar_one()


@pytest.fixture
def coordinator(auth: Any, make_person: Any) -> Any:
    return auth.login_as(make_person(role=Role.COORDINATOR, password=None))


@pytest.mark.parametrize(
    ("lat", "lon", "message"),
    [("48.85", "2.35", OUTSIDE), ("101.73", "17.49", SWAPPED), ("-17.49", "101.73", OUTSIDE)],
)
def test_member_form_refuses_points_outside_thailand(
    client: Any, coordinator: Any, lat: str, lon: str, message: str
) -> None:
    response = client.post("/members/new", data=member_data(latitude=lat, longitude=lon),
                           headers={"Accept-Language": "th"})  # fmt: skip
    assert response.status_code == 400
    assert _error(response.get_data(as_text=True), "latitude").startswith(message)
    assert _count(Member) == 0


@pytest.mark.parametrize(
    ("lat", "lon", "message"),
    [("48.85", "2.35", OUTSIDE), ("101.71", "17.55", SWAPPED)],
)
def test_venue_form_refuses_points_outside_thailand(
    client: Any, coordinator: Any, lat: str, lon: str, message: str
) -> None:
    response = client.post("/venues/new", data=venue_data(latitude=lat, longitude=lon),
                           headers={"Accept-Language": "th"})  # fmt: skip
    assert response.status_code == 400
    assert _error(response.get_data(as_text=True), "latitude").startswith(message)
    assert _count(Venue) == 0


def test_points_in_thailand_are_kept(client: Any, coordinator: Any) -> None:
    client.post("/members/new", data=member_data(latitude="13.75", longitude="100.5"))
    member = db.session.execute(db.select(Member)).scalar_one()
    assert (member.latitude, member.longitude) == (13.75, 100.5)
    client.post("/venues/new", data=venue_data(latitude="17.55", longitude="101.71"))
    assert _count(Venue) == 1


def test_english_message(client: Any, coordinator: Any) -> None:
    coordinator.preferred_language = "en"
    db.session.commit()
    response = client.post("/members/new", data=member_data(latitude="48.85", longitude="2.35"))
    assert _error(response.get_data(as_text=True), "latitude") == (
        "This point is outside Thailand. Please check the latitude and longitude."
    )
