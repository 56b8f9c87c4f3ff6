"""Registering through the page; hosts' list, CSV, sign-in sheet and check-in."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from flask import g

from scheduler_app.events.models import Registration
from scheduler_app.extensions import db, utcnow


@pytest.fixture
def host(make_person, make_member):
    return make_person(role="host", member=make_member(name_th="เทศบาลตำบลนาอ้อ"))


def login(auth, person):
    g.pop("_login_user", None)
    auth.login_as(person)


def test_register_and_unregister_through_the_page(client, auth, make_event, make_person, sent):
    event = make_event(capacity=1)
    first, second = make_person(), make_person()
    login(auth, first)
    assert client.post(f"/events/{event.id}/register").status_code == 302
    again = client.post(f"/events/{event.id}/register")
    assert again.status_code == 409
    login(auth, second)
    client.post(f"/events/{event.id}/register")
    regs = {r.person_id: r for r in db.session.query(Registration).all()}
    assert regs[second.id].status == "waitlisted"
    login(auth, first)
    assert client.post(f"/events/{event.id}/unregister").status_code == 302
    db.session.expire_all()
    assert regs[second.id].status == "confirmed" and regs[second.id].promoted_at is not None
    assert "event_promoted" in sent.kinds()


def test_registration_window_refused_with_message(client, auth, make_event, make_person):
    event = make_event(registration_opens_at=utcnow() + timedelta(days=2))
    login(auth, make_person(preferred_language="en"))
    response = client.post(f"/events/{event.id}/register")
    assert response.status_code == 409
    assert "Registration opens on" in response.get_data(as_text=True)
    assert db.session.query(Registration).count() == 0


def test_anonymous_register_goes_to_login(client, make_event):
    event = make_event()
    response = client.post(f"/events/{event.id}/register")
    assert response.status_code == 302 and "/login" in response.location


def test_csv_has_bom_and_thai(client, auth, host, make_event, make_person):
    event = make_event(host_member_id=host.member_id)
    person = make_person(given_name="สมหญิง", position="=cmd()", member=host.member)
    db.session.add(Registration(event_id=event.id, person_id=person.id, status="confirmed"))
    db.session.commit()
    login(auth, host)
    response = client.get(f"/events/{event.id}/registrations.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert "สมหญิง" in rows[1][0] and rows[1][1] == "เทศบาลตำบลนาอ้อ"
    assert rows[1][2] == "'=cmd()"  # no formula injection


def test_sign_in_sheet_has_signature_column(client, auth, host, make_event, make_person):
    event = make_event(host_member_id=host.member_id)
    person = make_person(given_name="มานี", position="ปลัด")
    db.session.add(Registration(event_id=event.id, person_id=person.id, status="confirmed"))
    db.session.commit()
    login(auth, host)
    html = client.get(f"/events/{event.id}/sign-in-sheet").get_data(as_text=True)
    assert "ใบลงทะเบียน" in html and "ลายมือชื่อ" in html
    assert "มานี" in html and "ปลัด" in html


def test_check_in_and_undo(client, auth, host, make_event, make_person):
    event = make_event(host_member_id=host.member_id)
    reg = Registration(event_id=event.id, person_id=make_person().id, status="confirmed")
    db.session.add(reg)
    db.session.commit()
    login(auth, host)
    url = f"/events/{event.id}/registrations/{reg.id}/check-in"
    assert client.post(url).status_code == 302
    db.session.refresh(reg)
    assert reg.checked_in_at is not None
    client.post(url)
    db.session.refresh(reg)
    assert reg.checked_in_at is None


def test_check_in_for_another_events_registration_is_404(
    client, auth, host, make_event, make_person
):
    mine = make_event(host_member_id=host.member_id)
    other = make_event()
    reg = Registration(event_id=other.id, person_id=make_person().id, status="confirmed")
    db.session.add(reg)
    db.session.commit()
    login(auth, host)
    assert client.post(f"/events/{mine.id}/registrations/{reg.id}/check-in").status_code == 404


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("twice", "ท่านลงทะเบียนกิจกรรมนี้ไว้แล้ว"),
        ("not_yet_open", "เปิดรับลงทะเบียนวันที่"),
        ("closed", "ปิดรับลงทะเบียนแล้วเมื่อ"),
        ("quota", "หน่วยงานของท่านใช้สิทธิ์ครบ 1 ที่นั่งสำหรับกิจกรรมนี้แล้ว"),
    ],
)
def test_refused_registration_is_409_with_a_thai_message(
    client, auth, make_event, make_person, make_member, case, message
):
    now = utcnow()
    window = {
        "not_yet_open": {"registration_opens_at": now + timedelta(days=2)},
        "closed": {"registration_closes_at": now - timedelta(days=1)},
    }.get(case, {})
    event = make_event(per_member_quota=1, **window)
    org = make_member()
    person = make_person(member=org, preferred_language="th")
    if case in ("twice", "quota"):
        first = person if case == "twice" else make_person(member=org)
        login(auth, first)
        assert client.post(f"/events/{event.id}/register").status_code == 302
    login(auth, person)
    before = db.session.query(Registration).count()
    response = client.post(f"/events/{event.id}/register")
    assert response.status_code == 409
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.query(Registration).count() == before
