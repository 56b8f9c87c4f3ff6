"""Who may create and edit venues: the permission matrix on the POSTs themselves."""

from __future__ import annotations

from typing import Any

import pytest

from scheduler_app.accounts.models import Role
from tests.venues.helpers import reload, venue_count, venue_data

ACTORS = ("anonymous", "member", "host_other", "host_own", "coordinator", "admin")


@pytest.fixture
def world(make_member, make_person, make_venue) -> dict[str, Any]:
    own = make_member(name_th="เทศบาลตำบลเจ้าของ")
    other = make_member(name_th="เทศบาลตำบลอื่น")
    people = {
        "member": make_person(role=Role.MEMBER, member=own, password=None),
        "host_other": make_person(role=Role.HOST, member=other, password=None),
        "host_own": make_person(role=Role.HOST, member=own, password=None),
        "coordinator": make_person(role=Role.COORDINATOR, password=None),
        "admin": make_person(role=Role.ADMIN, password=None),
    }
    venue = make_venue(owner_member_id=own.id, name_th="ห้องประชุมเดิม")
    return {"own": own, "other": other, "people": people, "venue": venue}


def _sign_in(auth, world: dict[str, Any], actor: str) -> None:
    if actor != "anonymous":
        auth.login_as(world["people"][actor])


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        ("anonymous", False),
        ("member", False),
        ("host_other", False),
        ("host_own", True),
        ("coordinator", True),
        ("admin", True),
    ],
)
def test_edit_post_matrix(client, auth, world, actor: str, allowed: bool) -> None:
    _sign_in(auth, world, actor)
    venue = world["venue"]
    response = client.post(f"/venues/{venue.id}/edit", data=venue_data(name_th="ชื่อใหม่"))
    venue = reload(venue)
    if allowed:
        assert response.status_code == 302
        assert response.headers["Location"] == f"/venues/{venue.id}"
        assert venue.name_th == "ชื่อใหม่"
    else:
        expected = 302 if actor == "anonymous" else 403
        assert response.status_code == expected
        if actor == "anonymous":
            assert response.headers["Location"].startswith("/login?next=")
        assert venue.name_th == "ห้องประชุมเดิม"


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        ("anonymous", False),
        ("member", False),
        ("host_other", True),
        ("host_own", True),
        ("coordinator", True),
        ("admin", True),
    ],
)
def test_create_post_matrix(client, auth, world, actor: str, allowed: bool) -> None:
    _sign_in(auth, world, actor)
    before = venue_count()
    response = client.post("/venues/new", data=venue_data())
    if allowed:
        assert response.status_code == 302
        assert venue_count() == before + 1
    else:
        assert response.status_code == (302 if actor == "anonymous" else 403)
        assert venue_count() == before


@pytest.mark.parametrize("actor", ["member", "host_other"])
def test_edit_page_is_forbidden_to_people_who_cannot_edit(client, auth, world, actor) -> None:
    _sign_in(auth, world, actor)
    assert client.get(f"/venues/{world['venue'].id}/edit").status_code == 403


def test_host_without_an_organisation_cannot_create(client, auth, make_person) -> None:
    auth.login_as(make_person(role=Role.HOST, password=None))
    before = venue_count()
    assert client.post("/venues/new", data=venue_data()).status_code == 403
    assert venue_count() == before


def test_hosts_new_venue_belongs_to_their_organisation_whatever_they_send(
    client, auth, world
) -> None:
    auth.login_as(world["people"]["host_own"])
    client.post("/venues/new", data=venue_data(owner_member_id=str(world["other"].id)))
    from scheduler_app.extensions import db
    from scheduler_app.venues.models import Venue

    created = db.session.execute(
        db.select(Venue).where(Venue.name_th == "ศูนย์เรียนรู้บ้านนาอ้อ")
    ).scalar_one()
    assert created.owner_member_id == world["own"].id


def test_host_cannot_move_their_venue_to_another_organisation(client, auth, world) -> None:
    auth.login_as(world["people"]["host_own"])
    venue = world["venue"]
    response = client.post(
        f"/venues/{venue.id}/edit", data=venue_data(owner_member_id=str(world["other"].id))
    )
    assert response.status_code == 302
    assert reload(venue).owner_member_id == world["own"].id


def test_host_form_has_no_owner_field(client, auth, world) -> None:
    auth.login_as(world["people"]["host_own"])
    page = client.get(f"/venues/{world['venue'].id}/edit").get_data(as_text=True)
    assert 'name="owner_member_id"' not in page
    assert 'name="name_th"' in page


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN])
def test_coordinators_choose_any_owner(client, auth, world, make_person, role) -> None:
    auth.login_as(make_person(role=role, password=None))
    venue = world["venue"]
    page = client.get(f"/venues/{venue.id}/edit").get_data(as_text=True)
    assert 'name="owner_member_id"' in page
    response = client.post(
        f"/venues/{venue.id}/edit", data=venue_data(owner_member_id=str(world["other"].id))
    )
    assert response.status_code == 302
    assert reload(venue).owner_member_id == world["other"].id


def test_coordinator_may_leave_a_venue_without_owner(client, auth, world) -> None:
    auth.login_as(world["people"]["coordinator"])
    venue = world["venue"]
    client.post(f"/venues/{venue.id}/edit", data=venue_data(owner_member_id="0"))
    assert reload(venue).owner_member_id is None


def test_coordinator_cannot_pick_an_individual_as_owner(client, auth, world, make_member) -> None:
    person = make_member(kind="individual", org_type=None, name_th="นายบุคคล")
    auth.login_as(world["people"]["coordinator"])
    venue = world["venue"]
    response = client.post(
        f"/venues/{venue.id}/edit", data=venue_data(owner_member_id=str(person.id))
    )
    assert response.status_code == 400
    assert reload(venue).owner_member_id == world["own"].id


@pytest.mark.parametrize("actor", ["anonymous", "member", "host_own"])
def test_only_coordinators_and_admins_delete(client, auth, world, actor) -> None:
    _sign_in(auth, world, actor)
    response = client.post(f"/venues/{world['venue'].id}/delete")
    assert response.status_code == (302 if actor == "anonymous" else 403)
    assert venue_count() == 1


@pytest.mark.parametrize("actor", ["coordinator", "admin"])
def test_unused_venue_can_be_deleted(client, auth, world, actor) -> None:
    _sign_in(auth, world, actor)
    response = client.post(f"/venues/{world['venue'].id}/delete")
    assert response.status_code == 302
    assert response.headers["Location"] == "/venues/"
    assert venue_count() == 0


def test_venue_used_by_an_event_is_not_deleted(client, auth, world) -> None:
    from tests.events.conftest import build_event

    venue = world["venue"]
    build_event(venue_id=venue.id, host_member=world["own"])
    auth.login_as(world["people"]["coordinator"])
    response = client.post(f"/venues/{venue.id}/delete")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/venues/{venue.id}"
    assert venue_count() == 1
