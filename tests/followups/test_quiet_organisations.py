"""Organisations gone quiet, grouped by district or parent organisation, with a CSV."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from html.parser import HTMLParser

import pytest

from scheduler_app.directory.models import MemberKind
from scheduler_app.events.models import Event, Registration
from scheduler_app.extensions import db, utcnow


class GroupReader(HTMLParser):
    """Group headings (h2 in section.quiet-group) with the member ids listed under each."""

    def __init__(self) -> None:
        super().__init__()
        self.groups: list[tuple[str, list[int]]] = []
        self._in_h2 = False
        self._heading: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "h2":
            self._in_h2, self._heading = True, []
        elif tag == "span" and self._in_h2:
            self._in_h2 = False  # the count
        elif tag == "tr" and "quiet-organisation" in (a.get("class") or ""):
            self.groups[-1][1].append(int(a["data-member"]))

    def handle_endtag(self, tag):
        if tag == "h2" and self._heading is not None:
            if self._in_h2 or self._heading:
                self.groups.append(("".join(self._heading).strip(), []))
            self._in_h2 = False

    def handle_data(self, data):
        if self._in_h2:
            self._heading.append(data)


@pytest.fixture
def quiet_world(make_member, make_person):
    """Two networks; under them organisations that are quiet in different ways, and some
    that are not."""
    now = utcnow()
    old = now - timedelta(days=400)
    north = make_member(kind=MemberKind.NETWORK.value, org_type=None, name_th="เครือข่ายเหนือ",
                        created_at=old)  # fmt: skip
    south = make_member(kind=MemberKind.NETWORK.value, org_type=None, name_th="เครือข่ายใต้",
                        created_at=old)  # fmt: skip
    quiet_a = make_member(name_th="ก เงียบ", parent_id=north.id, district_code="4203",
                          created_at=old, contact_email="a@example.org")  # fmt: skip
    quiet_b = make_member(name_th="ข เงียบ", parent_id=south.id, district_code="4201",
                          created_at=old)  # fmt: skip
    quiet_c = make_member(name_th="ค เงียบ <b>", parent_id=None, district_code="4201",
                          created_at=old)  # fmt: skip
    make_person(member_id=quiet_a.id, created_at=old, last_login_at=old)
    make_person(member_id=quiet_b.id, created_at=old)
    # Not quiet: hosted recently; a person registered recently; a person logged in; new.
    hosting = make_member(name_th="ง เจ้าภาพ", parent_id=north.id, created_at=old)
    db.session.add(Event(kind="exchange", title_th="x", title_en="x", status="published",
                         start_at=now - timedelta(days=11), end_at=now - timedelta(days=10),
                         host_member_id=hosting.id))  # fmt: skip
    registering = make_member(name_th="จ ลงทะเบียน", parent_id=north.id, created_at=old)
    someone = make_person(member_id=registering.id, created_at=old)
    db.session.add(Event(kind="exchange", title_th="y", title_en="y", status="published",
                         start_at=old, end_at=old + timedelta(hours=2),
                         host_member_id=quiet_b.id))  # fmt: skip
    db.session.flush()
    event_id = db.session.query(Event.id).filter_by(title_th="y").scalar()
    db.session.add(Registration(event_id=event_id, person_id=someone.id, status="confirmed",
                                created_at=now - timedelta(days=5)))  # fmt: skip
    logging_in = make_member(name_th="ฉ เข้าระบบ", created_at=old)
    make_person(member_id=logging_in.id, created_at=old, last_login_at=now)
    make_member(name_th="ช ใหม่", created_at=now - timedelta(days=10))
    db.session.commit()
    return {"a": quiet_a, "b": quiet_b, "c": quiet_c, "north": north, "south": south}


def read(response) -> GroupReader:
    assert response.status_code == 200
    reader = GroupReader()
    reader.feed(response.get_data(as_text=True))
    return reader


def test_grouped_by_district_with_thai_district_names(client, auth, make_person, quiet_world):
    w = quiet_world
    auth.login_as(make_person(role="coordinator"))
    page = read(client.get("/coordination/quiet-members/organisations",
                           headers={"Accept-Language": "th"}))  # fmt: skip
    assert page.groups == [("เมืองเลย", [w["b"].id, w["c"].id]), ("เชียงคาน", [w["a"].id])]
    html = client.get("/coordination/quiet-members/organisations").get_data(as_text=True)
    assert "ค เงียบ &lt;b&gt;" in html and "ค เงียบ <b>" not in html


def test_grouped_by_parent_organisation(client, auth, make_person, quiet_world):
    w = quiet_world
    auth.login_as(make_person(role="admin"))
    page = read(client.get("/coordination/quiet-members/organisations",
                           query_string={"group": "parent"},
                           headers={"Accept-Language": "th"}))  # fmt: skip
    assert page.groups == [
        ("เครือข่ายเหนือ", [w["a"].id]),
        ("เครือข่ายใต้", [w["b"].id]),
        ("ไม่มีต้นสังกัด", [w["c"].id]),
    ]


def test_csv_has_bom_thai_headers_and_the_groups(client, auth, make_person, quiet_world):
    w = quiet_world
    auth.login_as(make_person(role="coordinator"))
    response = client.get("/coordination/quiet-members/organisations.csv",
                          query_string={"group": "parent"},
                          headers={"Accept-Language": "th"})  # fmt: skip
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "quiet-members-by-parent.csv" in response.headers["Content-Disposition"]
    body = response.data.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:])))
    assert rows[0][:3] == ["หน่วยงานต้นสังกัด", "รหัสสมาชิก", "หน่วยงาน"]
    assert [(r[0], int(r[1])) for r in rows[1:]] == [
        ("เครือข่ายเหนือ", w["a"].id), ("เครือข่ายใต้", w["b"].id), ("ไม่มีต้นสังกัด", w["c"].id),
    ]  # fmt: skip
    a_row = rows[1]
    assert a_row[4] == "1" and a_row[5] == "a@example.org" and a_row[7] != ""
    assert rows[3][7] == ""  # never did anything


@pytest.mark.parametrize(("role", "status"), [
    ("anonymous", 302), ("member", 403), ("host", 403), ("coordinator", 200), ("admin", 200),
])  # fmt: skip
@pytest.mark.parametrize("suffix", ["", ".csv"])
def test_only_coordinators_and_admins(client, auth, make_person, make_member, role, status,
                                      suffix):  # fmt: skip
    viewer = {
        "member": lambda: make_person(),
        "host": lambda: make_person(role="host", member_id=make_member().id),
        "coordinator": lambda: make_person(role="coordinator"),
        "admin": lambda: make_person(role="admin"),
    }
    if role != "anonymous":
        auth.login_as(viewer[role]())
    response = client.get(f"/coordination/quiet-members/organisations{suffix}")
    assert response.status_code == status
