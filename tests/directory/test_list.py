"""The directory list: search, filters, pagination and a constant number of queries."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from scheduler_app.directory.models import Member
from scheduler_app.extensions import db


def listed(html: str) -> list[str]:
    """Names of the members shown in the list, in order."""
    return re.findall(r'<a href="/members/\d+"><strong>([^<]*)</strong>', html)


@pytest.fixture
def loei_members(make_member: Callable[..., Member]) -> dict[str, Member]:
    network = make_member(
        kind="network",
        org_type=None,
        name_th="เครือข่ายจังหวัดเลย",
        name_en="Loei Network",
        district_code="4201",
        subdistrict_code="420101",
    )
    return {
        "network": network,
        "school": make_member(
            name_th="โรงเรียนบ้านนาแห้ว",
            name_en="Ban Na Haeo School",
            org_type="school",
            district_code="4202",
            subdistrict_code=None,
            parent_id=network.id,
        ),
        "sao": make_member(
            name_th="อบต.ภูเรือ",
            name_en="Phu Ruea SAO",
            org_type="sao",
            district_code="4213",
            subdistrict_code=None,
            parent_id=network.id,
        ),
        "person": make_member(
            kind="individual",
            org_type=None,
            name_th="นายวิชัย เลยดี",
            name_en="Wichai Loeidee",
            district_code=None,
            subdistrict_code=None,
        ),
        "inactive": make_member(name_th="เทศบาลเลยเก่า", name_en="Old Loei", is_active=False),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("เลย", {"เครือข่ายจังหวัดเลย", "นายวิชัย เลยดี"}),
        ("loei", {"เครือข่ายจังหวัดเลย", "นายวิชัย เลยดี"}),
        ("LOEI", {"เครือข่ายจังหวัดเลย", "นายวิชัย เลยดี"}),
        ("school", {"โรงเรียนบ้านนาแห้ว"}),
        ("ภูเรือ", {"อบต.ภูเรือ"}),
        ("  ภู   เรือ ", set()),
        ("%", set()),
        ("_", set()),
        ("\\", set()),
        ("x\x00y", set()),
        ("", {"เครือข่ายจังหวัดเลย", "โรงเรียนบ้านนาแห้ว", "อบต.ภูเรือ", "นายวิชัย เลยดี"}),
    ],
)
def test_search_matches_thai_and_english_names(
    client: FlaskClient, loei_members: dict[str, Member], query: str, expected: set[str]
) -> None:
    response = client.get("/members/", query_string={"q": query})
    assert response.status_code == 200
    assert set(listed(response.text)) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"kind": "network"}, {"เครือข่ายจังหวัดเลย"}),
        ({"kind": "individual"}, {"นายวิชัย เลยดี"}),
        ({"kind": "node"}, {"โรงเรียนบ้านนาแห้ว", "อบต.ภูเรือ"}),
        ({"org_type": "school"}, {"โรงเรียนบ้านนาแห้ว"}),
        ({"org_type": "sao"}, {"อบต.ภูเรือ"}),
        ({"district": "4213"}, {"อบต.ภูเรือ"}),
        ({"district": "4201", "kind": "network"}, {"เครือข่ายจังหวัดเลย"}),
        ({"district": "4201", "kind": "node"}, set()),
        ({"q": "เลย", "kind": "individual"}, {"นายวิชัย เลยดี"}),
    ],
)
def test_filters(
    client: FlaskClient, loei_members: dict[str, Member], args: dict[str, str], expected: set[str]
) -> None:
    response = client.get("/members/", query_string=args)
    assert response.status_code == 200
    assert set(listed(response.text)) == expected


@pytest.mark.parametrize(
    "args",
    [
        {"kind": "alien"},
        {"org_type": "'; drop table member; --"},
        {"district": "9999"},
        {"district": "4201' OR 1=1"},
        {"page": "abc"},
        {"page": "-3"},
        {"page": "99999999999999999999999"},
        {"q": "ก" * 5000},
    ],
)
def test_invalid_filter_values_are_ignored(
    client: FlaskClient, loei_members: dict[str, Member], args: dict[str, str]
) -> None:
    response = client.get("/members/", query_string=args)
    assert response.status_code == 200


def test_labels_are_translated_to_thai(
    client: FlaskClient, loei_members: dict[str, Member]
) -> None:
    html = client.get("/members/", headers={"Accept-Language": "th"}).text
    for label in ("บุคคล", "องค์กรประสาน", "เครือข่าย", "โรงเรียน", "องค์การบริหารส่วนตำบล (อบต.)"):
        assert label in html
    assert "ข้อมูลตัวอย่าง" not in html


def test_sub_members_show_their_network(
    client: FlaskClient, loei_members: dict[str, Member]
) -> None:
    html = client.get("/members/", query_string={"q": "school"}).text
    assert f'href="/members/{loei_members["network"].id}"' in html


def test_empty_state_is_friendly(client: FlaskClient, loei_members: dict[str, Member]) -> None:
    response = client.get("/members/", query_string={"q": "nothing like this", "lang": "en"})
    assert response.status_code == 200
    assert 'class="empty-state"' in response.text
    assert 'href="/members/"' in response.text


def test_pagination_keeps_filters(
    app: Flask, client: FlaskClient, make_member: Callable[..., Member]
) -> None:
    app.config["DIRECTORY_PAGE_SIZE"] = 5
    for n in range(12):
        make_member(name_th=f"โรงเรียนเลย {n:02d}", org_type="school")
    make_member(name_th="เทศบาลอื่น", org_type="municipality")
    first = client.get("/members/", query_string={"org_type": "school", "q": "เลย"}).text
    assert len(listed(first)) == 5
    links = set(re.findall(r'href="(/members/\?[^"]*page=\d[^"]*)"', first))
    assert links
    for link in links:
        assert "org_type=school" in link and "q=" in link
    third = client.get("/members/", query_string={"org_type": "school", "q": "เลย", "page": 3})
    assert listed(third.text) == ["โรงเรียนเลย 10", "โรงเรียนเลย 11"]
    beyond = client.get("/members/", query_string={"org_type": "school", "page": 9})
    assert beyond.status_code == 200


@contextmanager
def counting_queries() -> Iterator[list[str]]:
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def queries_for_list(client: FlaskClient, make_member: Callable[..., Member], n: int) -> int:
    parent = make_member(kind="network", name_th=f"เครือข่าย {n}")
    for i in range(n):
        make_member(name_th=f"สมาชิก {n} {i}", parent_id=parent.id)
    db.session.expire_all()
    with counting_queries() as statements:
        response = client.get("/members/")
    assert response.status_code == 200
    return len(statements)


def test_list_runs_a_constant_number_of_queries(
    app: Flask, client: FlaskClient, make_member: Callable[..., Member]
) -> None:
    app.config["DIRECTORY_PAGE_SIZE"] = 100
    few = queries_for_list(client, make_member, 5)
    many = queries_for_list(client, make_member, 60)
    assert few == many
    assert many <= 3
