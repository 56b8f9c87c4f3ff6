"""People administration: who may see the list, who may change which roles."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from scheduler_app.accounts.models import Person, Role
from scheduler_app.extensions import db


def reload(person: Person) -> Person:
    db.session.expire_all()
    return db.session.get(Person, person.id)


def edit(client: FlaskClient, person: Person, role: str, member_id: object = "", active=True):
    data = {"role": role, "member_id": str(member_id)}
    if active:
        data["is_active_account"] = "y"
    return client.post(f"/admin/people/{person.id}", data=data, headers={"Accept-Language": "en"})


def test_anonymous_is_sent_to_login(client: FlaskClient) -> None:
    response = client.get("/admin/people")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/admin/people")


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.MEMBER, 403), (Role.HOST, 403), (Role.COORDINATOR, 200), (Role.ADMIN, 200)],
)
def test_list_visible_to_staff_only(
    client: FlaskClient, auth, make_person, role: Role, status: int
) -> None:
    auth.login_as(make_person(role=role))
    assert client.get("/admin/people").status_code == status


def test_list_searches_name_and_email(client: FlaskClient, auth, make_person) -> None:
    auth.login_as(make_person(role=Role.ADMIN))
    make_person(given_name="Kanya", email="kanya@example.org")
    make_person(given_name="Preecha", email="preecha@loei.go.th")
    html = client.get("/admin/people", query_string={"q": "kan"}).get_data(as_text=True)
    assert "kanya@example.org" in html and "preecha@loei.go.th" not in html
    html = client.get("/admin/people", query_string={"q": "LOEI.GO"}).get_data(as_text=True)
    assert "preecha@loei.go.th" in html and "kanya@example.org" not in html
    html = client.get("/admin/people", query_string={"q": "100%_"}).get_data(as_text=True)
    assert "kanya@example.org" not in html


def test_list_is_paginated(app, client: FlaskClient, auth, make_person) -> None:
    app.config["DIRECTORY_PAGE_SIZE"] = 2
    auth.login_as(make_person(role=Role.ADMIN))
    for _ in range(4):
        make_person()
    first = client.get("/admin/people").get_data(as_text=True)
    assert 'rel="next"' in first
    assert client.get("/admin/people?page=3").status_code == 200


def test_admin_sets_role_member_and_deactivates(
    client: FlaskClient, auth, make_person, make_member
) -> None:
    auth.login_as(make_person(role=Role.ADMIN))
    target = make_person()
    member = make_member()
    page = client.get(f"/admin/people/{target.id}").get_data(as_text=True)
    assert 'name="member_id-text"' in page and member.name_th not in page  # a picker
    assert '<option selected value="member">' in page
    assert edit(client, target, "coordinator", member.id, active=False).status_code == 302
    target = reload(target)
    assert (target.role, target.member_id, target.is_active_account) == (
        "coordinator",
        member.id,
        False,
    )


def test_coordinator_can_make_hosts_but_not_admins(
    client: FlaskClient, auth, make_person, make_member
) -> None:
    auth.login_as(make_person(role=Role.COORDINATOR))
    target = make_person()
    assert edit(client, target, "host", member_id=make_member().id).status_code == 302
    assert reload(target).role == "host"
    for role in ("admin", "coordinator"):
        response = edit(client, target, role)
        assert response.status_code == 400
        assert "Not a valid choice" in response.get_data(as_text=True)
    assert reload(target).role == "host"


@pytest.mark.parametrize("target_role", [Role.ADMIN, Role.COORDINATOR])
def test_coordinator_cannot_edit_staff(
    client: FlaskClient, auth, make_person, target_role: Role
) -> None:
    auth.login_as(make_person(role=Role.COORDINATOR))
    target = make_person(role=target_role)
    assert client.get(f"/admin/people/{target.id}").status_code == 403
    assert edit(client, target, "member").status_code == 403
    assert reload(target).role == target_role


@pytest.mark.parametrize("role", [Role.MEMBER, Role.HOST])
def test_non_staff_cannot_edit(client: FlaskClient, auth, make_person, role: Role) -> None:
    auth.login_as(make_person(role=role))
    target = make_person()
    assert edit(client, target, "admin").status_code == 403
    assert reload(target).role == "member"


def test_admin_cannot_edit_themselves(client: FlaskClient, auth, make_person) -> None:
    admin = auth.login_as(make_person(role=Role.ADMIN))
    assert edit(client, admin, "member").status_code == 403
    assert reload(admin).role == "admin"


def test_unknown_member_is_rejected(client: FlaskClient, auth, make_person) -> None:
    auth.login_as(make_person(role=Role.ADMIN))
    target = make_person()
    assert edit(client, target, "host", 999999).status_code == 400
    assert reload(target).member_id is None


def test_unknown_person_is_404(client: FlaskClient, auth, make_person) -> None:
    auth.login_as(make_person(role=Role.ADMIN))
    assert client.get("/admin/people/999999").status_code == 404


def _queries_for_list(client: FlaskClient) -> int:
    statements: list[str] = []

    def record(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.get("/admin/people").status_code == 200
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    return len(statements)


def test_list_query_count_does_not_grow(
    client: FlaskClient, auth, make_person, make_member
) -> None:
    auth.login_as(make_person(role=Role.ADMIN))
    make_person(member=make_member())
    few = _queries_for_list(client)
    for _ in range(5):
        make_person(member=make_member())
    assert _queries_for_list(client) == few
