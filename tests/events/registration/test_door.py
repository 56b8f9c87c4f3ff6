"""Door check-in (issue 12): the list reads as one card per person with a search box;
a check-in from door.js answers JSON with the person's new card cell, and without
JavaScript it comes back to the same card and search."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from scheduler_app.events.models import Registration
from scheduler_app.events.rally.models import RallyCheckIn
from scheduler_app.extensions import db
from tests.events.conftest import login
from tests.html_tree import parse

JSON = {"Accept": "application/json"}
THAI_ONLY_CONFIRMED = "ลงชื่อเข้างานได้เฉพาะผู้ที่ได้รับการยืนยันแล้ว"


@pytest.fixture
def door(make_event, make_person, make_member, host):
    """An event of the host's with three confirmed people and one on the waitlist."""
    event = make_event(host_member_id=host.member_id)
    naoo = make_member(name_th="เทศบาลตำบลนาอ้อ")
    people = [
        make_person(given_name="สมชาย", family_name="ใจดี", position="ปลัด", member=naoo),
        make_person(given_name="สมหญิง", family_name="รักถิ่น", position="นักพัฒนาชุมชน"),
        make_person(given_name="Anong", family_name="Wong", position="ครู"),
        make_person(given_name="มานะ", family_name="รอคิว"),
    ]
    regs = [
        Registration(event_id=event.id, person_id=p.id, status="confirmed") for p in people[:3]
    ] + [Registration(event_id=event.id, person_id=people[3].id, status="waitlisted",
                      waitlist_position=1)]  # fmt: skip
    db.session.add_all(regs)
    host.preferred_language = "th"  # the door in Thai
    db.session.commit()
    return event, regs, host


def _cards(html: str):
    return parse(html).find("table", "door-cards").find("tbody").find_all("tr")


def test_the_door_list_is_cards_with_a_search_box(client, auth, door):
    event, regs, host = door
    login(auth, host)
    page = parse(client.get(f"/events/{event.id}/registrations").get_data(as_text=True))
    search = page.find("form", "door-search")
    assert search.attrs["method"] == "get" and search.attrs["role"] == "search"
    assert page.find("input", where=lambda e: e.attrs.get("name") == "q").attrs["type"] == "search"
    rows = page.find("table", "door-cards").find("tbody").find_all("tr")
    assert [r.attrs["id"] for r in rows] == [f"r-{r.id}" for r in regs]
    first = rows[0]
    assert "สมชาย" in first.find("td", "door-name").text
    assert first.attrs["data-search"] == "นายสมชาย ใจดี เทศบาลตำบลนาอ้อ ปลัด"
    assert first.find("button", "door-button").text == "ลงชื่อเข้างาน : นายสมชาย ใจดี"
    assert "data-door-check-in" in first.find("form").attrs
    # the waitlisted person has a card but no check-in button
    assert rows[3].find_all("button") == []
    assert "ลงชื่อเข้างานแล้ว 0 จาก 3 คนที่ยืนยัน" in page.find("p", "door-tally").text


@pytest.mark.parametrize(
    ("q", "names"),
    [("สมห", ["สมหญิง"]), ("นาอ้อ", ["สมชาย"]), ("anong", ["Anong"]), ("สม ปลัด", ["สมชาย"]),
     ("ไม่มีใคร", [])],
)  # fmt: skip
def test_search_without_javascript_filters_on_the_server(client, auth, door, q, names):
    event, _, host = door
    login(auth, host)
    html = client.get(f"/events/{event.id}/registrations", query_string={"q": q}).get_data(
        as_text=True
    )
    page = parse(html)
    rows = [tr for tr in page.find("tbody").find_all("tr") if "hidden" not in tr.attrs]
    names_shown = [tr.find("td", "door-name").text.split()[0].removeprefix("นาย") for tr in rows]
    assert names_shown == names
    # everyone is still on the page (hidden), so typing in door.js can bring them back
    assert len(page.find("tbody").find_all("tr")) == 4
    assert page.find("input", where=lambda e: e.attrs.get("name") == "q").attrs["value"] == q
    assert page.find("p", "door-shown").text == f"แสดง {len(names)} จาก 4 รายชื่อ"
    empty = page.find("p", where=lambda e: "data-door-empty" in e.attrs)
    assert ("hidden" in empty.attrs) == bool(names)


def test_check_in_by_fetch_answers_with_the_new_cell(client, auth, door):
    event, regs, host = door
    login(auth, host)
    url = f"/events/{event.id}/registrations/{regs[0].id}/check-in"
    response = client.post(url, data={"q": "สม"}, headers=JSON)
    assert response.status_code == 200 and response.is_json
    assert response.json["checked_in"] is True
    assert response.json["tally"] == "ลงชื่อเข้างานแล้ว 1 จาก 3 คนที่ยืนยัน"
    cell = parse(response.json["html"])
    assert "✓ มาถึงแล้ว" in cell.find("span", "door-done").text
    assert cell.find("input", where=lambda e: e.attrs.get("name") == "q").attrs["value"] == "สม"
    assert cell.find("button").text.startswith("ยกเลิก")
    db.session.refresh(regs[0])
    assert regs[0].checked_in_at is not None
    # undo from the same card
    again = client.post(url, headers=JSON)
    assert again.json["checked_in"] is False
    assert parse(again.json["html"]).find("button", "door-button")
    db.session.refresh(regs[0])
    assert regs[0].checked_in_at is None


def test_check_in_without_javascript_returns_to_the_same_card_and_search(client, auth, door):
    event, regs, host = door
    login(auth, host)
    response = client.post(
        f"/events/{event.id}/registrations/{regs[1].id}/check-in", data={"q": "สมหญิง"}
    )
    assert response.status_code == 302
    target = urlsplit(response.location)
    assert target.path == f"/events/{event.id}/registrations"
    assert parse_qs(target.query) == {"q": ["สมหญิง"]} and target.fragment == f"r-{regs[1].id}"
    page = parse(client.get(response.location).get_data(as_text=True))
    card = page.by_id(f"r-{regs[1].id}")
    assert "is-checked-in" in card.classes and card.find("span", "door-done")
    assert "ลงชื่อเข้างานแล้ว 1 จาก 3 คนที่ยืนยัน" in page.find("p", "door-tally").text


def test_a_refused_check_in_by_fetch_says_why(client, auth, door):
    event, regs, host = door
    login(auth, host)
    response = client.post(f"/events/{event.id}/registrations/{regs[3].id}/check-in", headers=JSON)
    assert response.status_code == 409
    assert response.json == {"error": THAI_ONLY_CONFIRMED}
    db.session.refresh(regs[3])
    assert regs[3].checked_in_at is None


def test_rally_stop_check_in_cards_search_and_fetch(client, auth, rally, make_person, host):
    host.preferred_language = "th"
    riders = [make_person(given_name=name) for name in ("ประยูร", "ประเสริฐ", "วิไล")]
    regs = [Registration(event_id=rally.id, person_id=p.id, status="confirmed") for p in riders]
    db.session.add_all(regs)
    db.session.commit()
    login(auth, host)
    stop = rally.stops[1]
    url = f"/events/{rally.id}/stops/{stop.id}/check-in"
    rows = _cards(client.get(url, query_string={"q": "ประ"}).get_data(as_text=True))
    shown = [r.find("td", "door-name").text.split()[0] for r in rows if "hidden" not in r.attrs]
    assert shown == ["นายประยูร", "นายประเสริฐ"] and len(rows) == 3
    response = client.post(url, data={"registration_id": regs[0].id, "q": "ประ"}, headers=JSON)
    assert response.json["checked_in"] is True
    assert response.json["tally"] == "ลงชื่อที่จุดแวะนี้แล้ว 1 จาก 3 คน"
    assert parse(response.json["html"]).find("span", "door-done")
    fallback = client.post(url, data={"registration_id": regs[2].id, "q": "วิ"})
    target = urlsplit(fallback.location)
    assert target.path == url and parse_qs(target.query) == {"q": ["วิ"]}
    assert target.fragment == f"r-{regs[2].id}"
    assert {c.registration_id for c in db.session.query(RallyCheckIn).all()} == {
        regs[0].id,
        regs[2].id,
    }
    page = parse(client.get(url).get_data(as_text=True))
    assert "ลงชื่อที่จุดแวะนี้แล้ว 2 จาก 3 คน" in page.find("p", "door-tally").text


def test_rally_route_is_one_card_per_stop_with_labels(client, auth, rally, host):
    login(auth, host)
    page = parse(client.get(f"/events/{rally.id}").get_data(as_text=True))
    table = page.find("table", "route-cards")
    rows = table.find("tbody").find_all("tr")
    assert [r.find("td", "route-stop").text for r in rows] == ["เมืองเลย", "นาอ้อ", "เชียงคาน"]
    labels = [
        td.attrs.get("data-label") for td in rows[0].find_all("td") if "data-label" in td.attrs
    ]
    assert labels[1:] == ["Arrive", "Depart", "Leg (km)", "Riders expected"]
    check_in = rows[1].find("td", "route-check-in").find("a")
    assert check_in.attrs["href"] == f"/events/{rally.id}/stops/{rally.stops[1].id}/check-in"
