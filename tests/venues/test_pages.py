"""The venue list (filters, order, paging, query count) and the venue page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from scheduler_app.extensions import db
from tests.venues.helpers import venue_names_in_order


@contextmanager
def count_queries() -> Iterator[list[str]]:
    statements: list[str] = []

    def record(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def test_exchange_centres_come_first(client, make_venue) -> None:
    make_venue(name_th="ก ห้องประชุม")
    make_venue(name_th="ฮ ศูนย์แลกเปลี่ยน", is_exchange_centre=True)
    make_venue(name_th="ข ลานกิจกรรม")
    names = venue_names_in_order(client.get("/venues/").get_data(as_text=True))
    assert names == ["ฮ ศูนย์แลกเปลี่ยน", "ก ห้องประชุม", "ข ลานกิจกรรม"]


def test_filter_exchange_centres_only(client, make_venue) -> None:
    make_venue(name_th="ห้องประชุมธรรมดา")
    make_venue(name_th="ศูนย์แลกเปลี่ยนเรียนรู้", is_exchange_centre=True)
    names = venue_names_in_order(client.get("/venues/?exchange=1").get_data(as_text=True))
    assert names == ["ศูนย์แลกเปลี่ยนเรียนรู้"]


def test_filter_by_district(client, make_venue) -> None:
    make_venue(name_th="ที่เมืองเลย", district_code="4201", subdistrict_code="420101")
    make_venue(name_th="ที่เชียงคาน", district_code="4203", subdistrict_code="420301")
    names = venue_names_in_order(client.get("/venues/?district=4203").get_data(as_text=True))
    assert names == ["ที่เชียงคาน"]


def test_unknown_district_filter_is_ignored(client, make_venue) -> None:
    make_venue(name_th="ที่เมืองเลย")
    response = client.get("/venues/?district=<script>")
    assert response.status_code == 200
    assert venue_names_in_order(response.get_data(as_text=True)) == ["ที่เมืองเลย"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ริมโขง", ["ศูนย์ริมโขง"]),
        ("mekong", ["ศูนย์ริมโขง"]),
        ("100%", ["ห้อง 100% รีไซเคิล"]),
        ("_", []),
        ("ไม่มีชื่อนี้", []),
    ],
)
def test_search_by_name(client, make_venue, query, expected) -> None:
    make_venue(name_th="ศูนย์ริมโขง", name_en="Mekong Centre")
    make_venue(name_th="ห้อง 100% รีไซเคิล", name_en="Recycling room")
    page = client.get("/venues/", query_string={"q": query}).get_data(as_text=True)
    assert venue_names_in_order(page) == expected


def test_pagination_keeps_the_filters(client, make_venue, app) -> None:
    app.config["VENUES_PAGE_SIZE"] = 2
    for n in range(5):
        make_venue(name_th=f"ศูนย์ {n}", is_exchange_centre=True)
    make_venue(name_th="ห้องอื่น")
    first = client.get("/venues/?exchange=1").get_data(as_text=True)
    assert venue_names_in_order(first) == ["ศูนย์ 0", "ศูนย์ 1"]
    assert re.search(r'href="/venues/\?[^"]*page=3[^"]*"', first)
    assert "exchange=1" in re.search(r'href="(/venues/\?[^"]*page=3[^"]*)"', first).group(1)
    last = client.get("/venues/?exchange=1&page=3").get_data(as_text=True)
    assert venue_names_in_order(last) == ["ศูนย์ 4"]


def test_list_uses_a_constant_number_of_queries(client, make_venue, make_member) -> None:
    def load() -> int:
        with count_queries() as statements:
            assert client.get("/venues/").status_code == 200
        return len(statements)

    owner = make_member()
    make_venue(owner_member_id=owner.id)
    few = load()
    for _ in range(15):
        make_venue(owner_member_id=make_member().id)
    assert load() == few


def test_venue_page_shows_where_and_what(client, make_venue, make_member) -> None:
    owner = make_member(name_th="เทศบาลตำบลเชียงคาน", name_en="Chiang Khan Municipality")
    venue = make_venue(
        name_th="ศูนย์ริมโขง",
        name_en="Mekong Centre",
        owner_member_id=owner.id,
        district_code="4203",
        subdistrict_code="420301",
        latitude=17.881,
        longitude=101.665,
        capacity=60,
        facilities="ห้องประชุม 60 ที่นั่ง",
        is_exchange_centre=True,
        address="ถนนชายโขง",
    )
    page = client.get(f"/venues/{venue.id}", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert "Mekong Centre" in page and "ศูนย์ริมโขง" in page
    assert "Chiang Khan Municipality" in page
    assert f'href="/members/{owner.id}"' in page
    assert "Chiang Khan" in page  # district and sub-district names from the gazetteer
    assert "ถนนชายโขง" in page and "ห้องประชุม 60 ที่นั่ง" in page
    assert "https://www.openstreetmap.org/?mlat=17.881&amp;mlon=101.665" in page
    assert 'class="badge badge-exchange">Knowledge-exchange centre<' in page


def test_ordinary_venue_has_no_exchange_badge(client, make_venue) -> None:
    venue = make_venue(is_exchange_centre=False)
    page = client.get(f"/venues/{venue.id}").get_data(as_text=True)
    assert "badge-exchange" not in page


def test_unknown_venue_is_404(client) -> None:
    assert client.get("/venues/999999").status_code == 404


def test_thai_labels(client, make_venue) -> None:
    venue = make_venue(is_exchange_centre=True, is_sample=True)
    headers = {"Accept-Language": "th"}
    page = client.get(f"/venues/{venue.id}", headers=headers).get_data(as_text=True)
    assert ">ศูนย์แลกเปลี่ยนเรียนรู้<" in page
    assert "เมืองเลย" in page and "กุดป่อง" in page
    listing = client.get("/venues/", headers=headers).get_data(as_text=True)
    assert "<h1>สถานที่</h1>" in listing
    assert "เฉพาะศูนย์แลกเปลี่ยนเรียนรู้" in listing


def test_thai_validation_messages(client, auth, make_person) -> None:
    auth.login_as(make_person(role="coordinator", preferred_language="th", password=None))
    response = client.post(
        "/venues/new",
        data={"name_th": "ศูนย์", "district_code": "4201", "subdistrict_code": "420301"},
    )
    assert response.status_code == 400
    assert "ตำบลนี้ไม่อยู่ในอำเภอที่เลือก" in response.get_data(as_text=True)
