"""Adding and editing members: saved values, validation beside each field, no cycles."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from scheduler_app.accounts.models import Person, Role
from scheduler_app.directory.models import Member
from scheduler_app.extensions import db
from tests.directory.conftest import count, field_error, fresh


@pytest.fixture
def coordinator(
    make_person: Callable[..., Person], login: Callable[[Person | None], None]
) -> Person:
    person = make_person(role=Role.COORDINATOR)
    login(person)
    return person


def member_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "kind": "node",
        "org_type": "sao",
        "name_th": "องค์การบริหารส่วนตำบลนาดินดำ",
        "name_en": "Na Din Dam SAO",
        "parent_id": "",
        "district_code": "4201",
        "subdistrict_code": "",
        "address": "หมู่ 1",
        "latitude": "",
        "longitude": "",
        "contact_email": "office@nadindam.go.th",
        "contact_phone": "042-000-000",
        "line_id": "@nadindam",
        "description": "ชุมชนเกษตรอินทรีย์",
        "visitor_rules": "ถอดรองเท้าก่อนเข้าบ้าน",
        "visitor_risks": "มีสุนัขในหมู่บ้าน",
        "is_active": "y",
    }
    data.update(overrides)
    return data


def test_coordinator_adds_a_member(client: FlaskClient, coordinator: Person) -> None:
    response = client.post("/members/new", data=member_data(latitude="17.4", longitude="101.6"))
    assert response.status_code == 302
    member = db.session.execute(db.select(Member)).scalar_one()
    assert response.headers["Location"] == f"/members/{member.id}"
    assert (member.name_th, member.org_type, member.kind) == (
        "องค์การบริหารส่วนตำบลนาดินดำ", "sao", "node",
    )  # fmt: skip
    assert (member.latitude, member.longitude) == (17.4, 101.6)
    assert member.visitor_risks == "มีสุนัขในหมู่บ้าน"
    assert member.is_active and not member.is_sample


def test_subdistrict_fills_district_and_location(client: FlaskClient, coordinator: Person) -> None:
    from scheduler_app.i18n import gazetteer

    data = member_data(district_code="", subdistrict_code="420105", org_type="")
    assert client.post("/members/new", data=data).status_code == 302
    member = db.session.execute(db.select(Member)).scalar_one()
    point = gazetteer().subdistrict("420105")
    assert point
    assert member.district_code == "4201"
    assert member.org_type is None
    assert (member.latitude, member.longitude) == (point.lat, point.lon)


def test_given_location_is_kept(client: FlaskClient, coordinator: Person) -> None:
    data = member_data(subdistrict_code="420105", latitude="17.1", longitude="101.1")
    assert client.post("/members/new", data=data).status_code == 302
    member = db.session.execute(db.select(Member)).scalar_one()
    assert (member.latitude, member.longitude) == (17.1, 101.1)


BAD_INPUTS = [
    ("name_th", {"name_th": ""}),
    ("name_th", {"name_th": "ก" * 201}),
    ("name_en", {"name_en": "x" * 201}),
    ("kind", {"kind": "alien"}),
    ("kind", {"kind": ""}),
    ("org_type", {"org_type": "church"}),
    ("district_code", {"district_code": "1001"}),
    ("subdistrict_code", {"subdistrict_code": "999999"}),
    ("subdistrict_code", {"district_code": "4202", "subdistrict_code": "420105"}),
    ("parent_id", {"parent_id": "abc"}),
    ("parent_id", {"parent_id": "999999"}),
    ("latitude", {"latitude": "91", "longitude": "101"}),
    ("latitude", {"latitude": "nan", "longitude": "101"}),
    ("latitude", {"latitude": "north", "longitude": "101"}),
    ("longitude", {"latitude": "17", "longitude": "-181"}),
    ("longitude", {"latitude": "17", "longitude": "inf"}),
    ("longitude", {"latitude": "17", "longitude": ""}),
    ("latitude", {"latitude": "", "longitude": "101"}),
    ("contact_email", {"contact_email": "not-an-email"}),
    ("contact_email", {"contact_email": "a" * 250 + "@example.org"}),
    ("contact_phone", {"contact_phone": "0" * 33}),
    ("line_id", {"line_id": "x" * 65}),
    ("address", {"address": "ก" * 1001}),
    ("visitor_rules", {"visitor_rules": "ก" * 5001}),
]


@pytest.mark.parametrize(("field", "overrides"), BAD_INPUTS)
def test_bad_input_on_create_is_refused_next_to_the_field(
    client: FlaskClient, coordinator: Person, field: str, overrides: dict[str, str]
) -> None:
    response = client.post(
        "/members/new", data=member_data(**overrides), headers={"Accept-Language": "th"}
    )
    assert response.status_code == 400
    assert field_error(response.text, field)
    assert count(Member) == 0


def test_error_messages_are_thai(client: FlaskClient, coordinator: Person) -> None:
    data = member_data(name_th="", contact_email="bad", subdistrict_code="420105",
                       district_code="4202")  # fmt: skip
    html = client.post("/members/new", data=data, headers={"Accept-Language": "th"}).text
    assert field_error(html, "subdistrict_code") == "ตำบลนี้ไม่อยู่ในอำเภอที่เลือก"
    assert field_error(html, "name_th")
    assert field_error(html, "contact_email")
    assert not field_error(html, "kind")


def test_nul_characters_do_not_break_saving(client: FlaskClient, coordinator: Person) -> None:
    response = client.post("/members/new", data=member_data(name_th="เทศบาล\x00เลย"))
    assert response.status_code == 302
    assert db.session.execute(db.select(Member.name_th)).scalar_one() == "เทศบาลเลย"


def test_edit_saves_changes(
    client: FlaskClient, coordinator: Person, make_member: Callable[..., Member]
) -> None:
    network = make_member(kind="network")
    member = make_member(name_th="ชื่อเดิม")
    data = member_data(name_th="ชื่อใหม่", parent_id=str(network.id), is_active="")
    response = client.post(f"/members/{member.id}/edit", data=data)
    assert response.status_code == 302
    member = fresh(member)
    assert member.name_th == "ชื่อใหม่"
    assert member.parent_id == network.id
    assert member.is_active is False


def test_edit_form_shows_current_values(
    client: FlaskClient, coordinator: Person, make_member: Callable[..., Member]
) -> None:
    member = make_member(name_th="ชื่อเดิม", line_id="@old")
    html = client.get(f"/members/{member.id}/edit").text
    assert 'value="ชื่อเดิม"' in html and 'value="@old"' in html


@pytest.mark.parametrize(("field", "overrides"), BAD_INPUTS[:12])
def test_bad_input_on_edit_changes_nothing(
    client: FlaskClient,
    coordinator: Person,
    make_member: Callable[..., Member],
    field: str,
    overrides: dict[str, str],
) -> None:
    member = make_member(name_th="ชื่อเดิม", name_en="Old name")
    data = member_data(**{"name_th": "ชื่อใหม่", "name_en": "New name", **overrides})
    response = client.post(f"/members/{member.id}/edit", data=data)
    assert response.status_code == 400
    assert field_error(response.text, field)
    member = fresh(member)
    assert (member.name_th, member.name_en) == ("ชื่อเดิม", "Old name")


@pytest.mark.parametrize("target", ["self", "child", "grandchild"])
def test_a_member_cannot_be_put_under_itself(
    client: FlaskClient, coordinator: Person, make_member: Callable[..., Member], target: str
) -> None:
    top = make_member(kind="network", name_th="บน")
    child = make_member(kind="network", name_th="กลาง", parent_id=top.id)
    grandchild = make_member(kind="node", name_th="ล่าง", parent_id=child.id)
    parent = {"self": top, "child": child, "grandchild": grandchild}[target]
    response = client.post(
        f"/members/{top.id}/edit",
        data=member_data(parent_id=str(parent.id), name_th="บน"),
        headers={"Accept-Language": "th"},
    )
    assert response.status_code == 400
    assert "ไม่สามารถสังกัดตนเอง" in field_error(response.text, "parent_id")
    assert fresh(top).parent_id is None


def test_a_cycle_made_by_another_change_is_refused_beside_the_parent(
    client: FlaskClient,
    coordinator: Person,
    make_member: Callable[..., Member],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The form's check passed (another change moved the child since): the service's
    refusal is shown beside the parent field, as a rule saying no (422)."""
    from scheduler_app.directory import services

    top = make_member(kind="network", name_th="บน")
    child = make_member(kind="network", name_th="กลาง", parent_id=top.id)
    monkeypatch.setattr(services, "subtree_ids", lambda member_id: set())
    response = client.post(
        f"/members/{top.id}/edit",
        data=member_data(parent_id=str(child.id), name_th="ชื่อใหม่"),
        headers={"Accept-Language": "th"},
    )
    assert response.status_code == 422
    assert "ไม่สามารถสังกัดตนเอง" in field_error(response.text, "parent_id")
    assert (fresh(top).parent_id, fresh(top).name_th) == (None, "บน")


def test_descendants_are_not_offered_as_parents(
    client: FlaskClient, coordinator: Person, make_member: Callable[..., Member]
) -> None:
    top = make_member(kind="network", name_th="บน")
    make_member(kind="network", name_th="กลาง", parent_id=top.id)
    other = make_member(kind="network", name_th="ข้าง")
    make_member(kind="individual", name_th="บุคคลหนึ่ง")
    html = client.get(f"/members/{top.id}/edit").text
    assert 'name="parent_id-text"' in html and "ข้าง" not in html  # a picker, not a list
    lookup = client.get("/members/lookup?kind=parent&q=%E0%B8%9A").get_json()  # "บ"
    assert [r["id"] for r in lookup["results"]] == [top.id]  # networks and nodes only
    data = member_data(name_th="บน", kind="network")
    for typed in ("กลาง", "บน", "บุคคลหนึ่ง"):  # its own sub-member, itself, a person
        response = client.post(f"/members/{top.id}/edit", data=data | {"parent_id-text": typed})
        assert response.status_code == 400
        assert field_error(response.text, "parent_id")
    response = client.post(f"/members/{top.id}/edit", data=data | {"parent_id-text": "ข้าง"})
    assert response.status_code == 302
    assert fresh(top).parent_id == other.id


def test_individuals_cannot_be_parents(
    client: FlaskClient, coordinator: Person, make_member: Callable[..., Member]
) -> None:
    individual = make_member(kind="individual")
    response = client.post("/members/new", data=member_data(parent_id=str(individual.id)))
    assert response.status_code == 400
    assert field_error(response.text, "parent_id")


def test_deactivate_is_soft(
    client: FlaskClient, coordinator: Person, make_member: Callable[..., Member]
) -> None:
    member = make_member(name_th="จะถูกระงับ")
    assert client.post(f"/members/{member.id}/deactivate").status_code == 302
    member = fresh(member)
    assert member is not None and member.is_active is False
    assert "จะถูกระงับ" not in client.get("/members/").text
    assert client.get(f"/members/{member.id}").status_code == 200


def test_hosts_do_not_see_the_active_switch(
    client: FlaskClient,
    make_member: Callable[..., Member],
    make_person: Callable[..., Person],
    login: Callable[[Person | None], None],
) -> None:
    member = make_member(name_th="ของฉัน")
    login(make_person(role=Role.HOST, member_id=member.id))
    assert 'name="is_active"' not in client.get(f"/members/{member.id}/edit").text
    response = client.post(f"/members/{member.id}/edit", data=member_data(is_active=""))
    assert response.status_code == 302
    assert fresh(member).is_active is True
