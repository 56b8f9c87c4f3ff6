"""The shared authorisation rules other blueprints import."""

from __future__ import annotations

import pytest
from flask import Flask
from flask_login import AnonymousUserMixin

from scheduler_app.accounts.models import Role
from scheduler_app.accounts.permissions import (
    assignable_roles,
    can_manage_member,
    can_manage_venue,
    role_required,
)


@pytest.mark.parametrize(
    ("role", "own", "other", "child"),
    [
        (Role.ADMIN, True, True, True),
        (Role.COORDINATOR, True, True, True),
        (Role.HOST, True, False, False),
        (Role.MEMBER, False, False, False),
    ],
)
def test_can_manage_member(
    make_person, make_member, role: Role, own: bool, other: bool, child: bool
) -> None:
    home = make_member()
    sub = make_member(parent_id=home.id)
    person = make_person(role=role, member_id=home.id)
    assert can_manage_member(person, home) is own
    assert can_manage_member(person, make_member()) is other
    assert can_manage_member(person, sub) is child


def test_host_without_member_manages_nothing(make_person, make_member, make_venue) -> None:
    host = make_person(role=Role.HOST)
    assert not can_manage_member(host, make_member())
    assert not can_manage_venue(host, make_venue())


@pytest.mark.parametrize(
    ("role", "own", "other"),
    [
        (Role.ADMIN, True, True),
        (Role.COORDINATOR, True, True),
        (Role.HOST, True, False),
        (Role.MEMBER, False, False),
    ],
)
def test_can_manage_venue(
    make_person, make_member, make_venue, role: Role, own: bool, other: bool
) -> None:
    home = make_member()
    person = make_person(role=role, member_id=home.id)
    assert can_manage_venue(person, make_venue(owner_member_id=home.id)) is own
    assert can_manage_venue(person, make_venue(owner_member_id=make_member().id)) is other


def test_anonymous_manages_nothing(make_member, make_venue) -> None:
    anonymous = AnonymousUserMixin()
    assert not can_manage_member(anonymous, make_member())
    assert not can_manage_venue(anonymous, make_venue())
    assert assignable_roles(anonymous) == []


def _hosts_only_route(app: Flask) -> str:
    @app.get("/_test/hosts-only")
    @role_required(Role.HOST, Role.ADMIN)
    def hosts_only() -> str:
        return "ok"

    return "/_test/hosts-only"


def test_role_required_sends_anonymous_to_login(app: Flask) -> None:
    url = _hosts_only_route(app)
    response = app.test_client().get(url + "?x=1")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/_test/hosts-only?x%3D1"


@pytest.mark.parametrize(
    ("role", "status"), [(Role.MEMBER, 403), (Role.COORDINATOR, 403), (Role.HOST, 200)]
)
def test_role_required_checks_role(
    app: Flask, client, auth, make_person, role: Role, status: int
) -> None:
    url = _hosts_only_route(app)
    auth.login_as(make_person(role=role))
    assert client.get(url).status_code == status
