"""Who may change what in the directory: every changing route, every kind of person."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from scheduler_app.accounts.models import Person, Role
from scheduler_app.directory.models import Member
from tests.directory.conftest import ROLES, count, fresh
from tests.directory.test_member_form import member_data

MANAGERS = {"host_own", "coordinator", "admin"}
STAFF = {"coordinator", "admin"}

# (method, url template, data, who may)
ROUTES = [
    ("GET", "/members/new", None, STAFF),
    ("POST", "/members/new", "member", STAFF),
    ("GET", "/members/{m}/edit", None, MANAGERS),
    ("POST", "/members/{m}/edit", "member", MANAGERS),
    ("POST", "/members/{m}/deactivate", {}, STAFF),
    ("GET", "/members/{m}/people", None, MANAGERS),
    ("POST", "/members/{m}/people", "person", MANAGERS),
    ("GET", "/members/{m}/people/{p}/edit", None, MANAGERS),
    ("POST", "/members/{m}/people/{p}/edit", "person", MANAGERS),
    ("POST", "/members/{m}/people/{p}/photo", {}, MANAGERS),
    ("POST", "/members/{m}/people/{p}/remove", {}, MANAGERS),
]


def person_data() -> dict[str, str]:
    return {"email": "new.person@example.org", "given_name": "ใหม่", "chart_order": "1"}


def snapshot(member: Member, chart_person: Person) -> tuple[Any, ...]:
    member = fresh(member)
    chart_person = fresh(chart_person)
    return (
        member.name_th,
        member.is_active,
        count(Member),
        count(Person),
        chart_person.given_name,
        chart_person.member_id,
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "url", "data", "allowed"), ROUTES)
def test_changing_routes_check_permission(
    client: FlaskClient,
    make_member: Callable[..., Member],
    make_person: Callable[..., Person],
    login: Callable[[Person | None], None],
    actor: Callable[[str, Member], Person | None],
    role: str,
    method: str,
    url: str,
    data: Any,
    allowed: set[str],
) -> None:
    member = make_member(name_th="องค์กรนี้")
    chart_person = make_person(role=Role.MEMBER, member_id=member.id, given_name="เดิม")
    person = actor(role, member)
    login(person)
    before = snapshot(member, chart_person)
    if data == "member":
        data = member_data(name_th="ชื่อที่เปลี่ยน")
    elif data == "person":
        data = person_data()
    path = url.format(m=member.id, p=chart_person.id)
    response = client.open(path, method=method, data=data)
    if role in allowed:
        assert response.status_code in (200, 302, 400)
        assert "/login" not in response.headers.get("Location", "")
        return
    if role == "anonymous":
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")
    else:
        assert response.status_code == 403
    assert snapshot(member, chart_person) == before


@pytest.mark.parametrize("target_role", [Role.COORDINATOR, Role.ADMIN])
def test_hosts_cannot_edit_staff_sitting_in_their_chart(
    client: FlaskClient,
    make_member: Callable[..., Member],
    make_person: Callable[..., Person],
    login: Callable[[Person | None], None],
    target_role: Role,
) -> None:
    member = make_member()
    staff = make_person(role=target_role, member_id=member.id, given_name="ผู้ประสาน")
    login(make_person(role=Role.HOST, member_id=member.id))
    base = f"/members/{member.id}/people/{staff.id}"
    assert client.post(f"{base}/edit", data={"given_name": "เปลี่ยน"}).status_code == 403
    assert client.post(f"{base}/remove").status_code == 403
    staff = fresh(staff)
    assert (staff.given_name, staff.member_id) == ("ผู้ประสาน", member.id)


def test_people_of_another_member_are_not_reachable(
    client: FlaskClient,
    make_member: Callable[..., Member],
    make_person: Callable[..., Person],
    login: Callable[[Person | None], None],
) -> None:
    mine, theirs = make_member(), make_member()
    stranger = make_person(member_id=theirs.id, given_name="คนอื่น")
    login(make_person(role=Role.HOST, member_id=mine.id))
    base = f"/members/{mine.id}/people/{stranger.id}"
    assert client.get(f"{base}/edit").status_code == 404
    assert client.post(f"{base}/remove").status_code == 404
    assert fresh(stranger).member_id == theirs.id


def test_member_page_shows_manage_links_only_to_managers(
    client: FlaskClient,
    make_member: Callable[..., Member],
    make_person: Callable[..., Person],
    login: Callable[[Person | None], None],
) -> None:
    member = make_member()
    edit_link = f'href="/members/{member.id}/edit"'
    assert edit_link not in client.get(f"/members/{member.id}").text
    login(make_person(role=Role.HOST, member_id=member.id))
    html = client.get(f"/members/{member.id}").text
    assert edit_link in html
    assert f"/members/{member.id}/deactivate" not in html
