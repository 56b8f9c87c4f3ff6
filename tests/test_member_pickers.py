"""Member pickers (issue 16): no page lists every member any more, and every picker
takes a picked id or resolves typed text on the server (one match is taken, several
are offered beside the field, none is an error), saving what was chosen."""

from __future__ import annotations

import re
from html import unescape

import pytest
import sqlalchemy as sa

from scheduler_app.accounts.models import Person
from scheduler_app.directory.models import Member
from scheduler_app.events.models import Event
from scheduler_app.events.rally.models import RallyStop
from scheduler_app.events.study_visits.models import StudyVisitRequest
from scheduler_app.extensions import db
from scheduler_app.rotation.models import RotationSeries
from scheduler_app.venues.models import Venue
from tests.events.conftest import build_event
from tests.events.parts_helpers import HOUR, START, login, stop_form
from tests.events.test_event_crud import FORM as EVENT_FORM
from tests.factories import make_member, make_person
from tests.html_forms import read_page
from tests.venues.helpers import venue_data

CROWD = 300


def _crowd() -> list[Member]:
    """Several hundred members with names no page should list all of."""
    rows = [
        Member(kind="node", name_th=f"ชุมชนฝูงชนที่ {n:03d}", name_en=f"Crowd {n:03d}")
        for n in range(CROWD)
    ]
    db.session.add_all(rows)
    db.session.commit()
    return rows


def _reload(model, ident):
    db.session.expire_all()
    return db.session.get(model, ident)


def test_no_page_lists_every_member(app, client, auth):
    _crowd()
    coordinator = make_person(role="coordinator", preferred_language="th")
    admin = make_person(role="admin", preferred_language="th")
    network = make_member(kind="network", name_th="เครือข่ายทดสอบ")
    rally = build_event(kind="rally", title_th="แรลลี่ทดสอบ")
    other = make_person(role="member")
    pages = {
        "/events/": coordinator,
        "/events/calendar": coordinator,
        "/events/new": coordinator,
        f"/events/{rally.id}/stops": coordinator,
        "/events/visits/new": coordinator,
        "/rotation/new": coordinator,
        "/members/new": coordinator,
        f"/members/{network.id}/edit": coordinator,
        f"/admin/people/{other.id}": admin,
        "/venues/new": coordinator,
    }
    for url, person in pages.items():
        login(auth, person)
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert html.count("ชุมชนฝูงชนที่") == 0, url
        assert 'role="combobox"' in html, url
        assert len(html) < 60_000, (url, len(html))


# ---------------------------------------------------------------- the typed-text rules


@pytest.fixture
def names(app):
    """A unique name, two that share a word, and one inactive member."""
    return {
        "unique": make_member(name_th="ภูหลวงพัฒนา", name_en="Phu Luang Development"),
        "twin_a": make_member(name_th="นาด้วงเหนือ", name_en="Na Duang North"),
        "twin_b": make_member(name_th="นาด้วงใต้", name_en="Na Duang South"),
        "gone": make_member(name_th="ชุมชนที่เลิกแล้ว", is_active=False),
    }


def _form(client, url: str, field: str) -> dict[str, str]:
    page = read_page(client.get(url).get_data(as_text=True))
    return dict(page.form_with(f"{field}-text").values)


def _errors(response) -> dict[str, str]:
    return read_page(response.get_data(as_text=True)).errors


def _candidates(response, field: str) -> list[str]:
    html = response.get_data(as_text=True)
    return [unescape(v) for v in re.findall(rf'name="{field}-pick" value="(\d+)"', html)]


def _picked(field: str, member: Member) -> dict[str, str]:
    """What the script sends when a suggestion is chosen: the id and its name."""
    return {field: str(member.id), f"{field}-text": member.name_th}


def _check_text_rules(client, url, data, field, saved, names):
    """Drive one picker with typed text: ambiguous, none, inactive id, then unique."""
    ambiguous = client.post(url, data=data | {field: "", f"{field}-text": "นาด้วง"})
    assert ambiguous.status_code == 400
    assert "นาด้วง" in _errors(ambiguous)[field]
    assert sorted(_candidates(ambiguous, field)) == sorted(
        [str(names["twin_a"].id), str(names["twin_b"].id)]
    )
    nothing = client.post(url, data=data | {field: "", f"{field}-text": "ไม่มีชื่อนี้เลย"})
    assert nothing.status_code == 400 and "ไม่มีชื่อนี้เลย" in _errors(nothing)[field]
    inactive = client.post(url, data=data | _picked(field, names["gone"]))
    assert inactive.status_code == 400 and _errors(inactive)[field]
    # The candidate chosen from the radio buttons beside the field is taken.
    picked = data | {field: "", f"{field}-text": "นาด้วง", f"{field}-pick": names["twin_b"].id}
    assert client.post(url, data=picked).status_code == 302
    assert saved() == names["twin_b"].id


def test_event_host_picker(client, auth, names):
    login(auth, make_person(role="coordinator", preferred_language="th"))
    data = EVENT_FORM | {"host_member_id-text": ""}
    response = client.post("/events/new", data=data | {"host_member_id-text": "ภูหลวง"})
    assert response.status_code == 302
    event = db.session.execute(sa.select(Event)).scalar_one()
    assert event.host_member_id == names["unique"].id

    def saved():
        return db.session.execute(
            sa.select(Event.host_member_id).order_by(Event.id.desc()).limit(1)
        ).scalar_one()

    _check_text_rules(client, "/events/new", data, "host_member_id", saved, names)
    # A picked id (what the script sends) with its name in the text box.
    edit = f"/events/{event.id}/edit"
    form = _form(client, edit, "host_member_id")
    assert form["host_member_id"] == str(names["unique"].id)
    assert form["host_member_id-text"] == "ภูหลวงพัฒนา"
    form |= _picked("host_member_id", names["twin_a"])
    assert client.post(edit, data=form).status_code == 302
    assert _reload(Event, event.id).host_member_id == names["twin_a"].id


def test_a_host_cannot_pick_another_host_organisation(client, auth, names):
    own = make_member(name_th="บ้านของฉัน")
    login(auth, make_person(role="host", member=own, preferred_language="th"))
    page = client.get("/events/new").get_data(as_text=True)
    assert "readonly" in page and "บ้านของฉัน" in page
    data = EVENT_FORM | {"kind": "training", "host_member_id": names["unique"].id}
    response = client.post("/events/new", data=data)
    assert response.status_code in (302, 400)
    for event in db.session.execute(sa.select(Event)).scalars():
        assert event.host_member_id == own.id


def test_rally_stop_host_picker(client, auth, names):
    coordinator = make_person(role="coordinator", preferred_language="th")
    rally = build_event(
        kind="rally", host_member=names["unique"], start_at=START, end_at=START + 8 * HOUR
    )
    login(auth, coordinator)
    url = f"/events/{rally.id}/stops"
    data = stop_form()
    response = client.post(url, data=data | {"host_member_id-text": "phu luang"})
    assert response.status_code == 302
    stop = db.session.execute(sa.select(RallyStop)).scalar_one()
    assert stop.host_member_id == names["unique"].id

    def saved():
        return db.session.execute(
            sa.select(RallyStop.host_member_id).order_by(RallyStop.id.desc()).limit(1)
        ).scalar_one()

    later = stop_form(arrive="13:00", depart="13:30")
    _check_text_rules(client, url, later, "host_member_id", saved, names)
    # The edit form shows the saved host; emptying the text box removes it.
    edit = f"/events/{rally.id}/stops/{stop.id}/edit"
    form = _form(client, edit, "host_member_id")
    assert form["host_member_id-text"] == "ภูหลวงพัฒนา"
    assert client.post(edit, data=form | {"host_member_id-text": ""}).status_code == 302
    assert _reload(RallyStop, stop.id).host_member_id is None


def test_study_visit_pickers(client, auth, names):
    login(auth, make_person(role="coordinator", preferred_language="th"))
    url = "/events/visits/new"
    data = {
        "visiting_member_id-text": "ภูหลวงพัฒนา",
        "host_member_id-text": "",
        "proposed_start": "2031-03-02",
        "proposed_end": "2031-03-03",
        "delegation_size": "4",
        "purpose": "เรียนรู้",
    }

    def saved():
        return db.session.execute(
            sa.select(StudyVisitRequest.host_member_id)
            .order_by(StudyVisitRequest.id.desc())
            .limit(1)
        ).scalar_one()

    empty = client.post(url, data=data)
    assert empty.status_code == 400 and _errors(empty)["host_member_id"]
    _check_text_rules(client, url, data, "host_member_id", saved, names)
    visit = db.session.execute(sa.select(StudyVisitRequest)).scalar_one()
    assert visit.visiting_member_id == names["unique"].id


def test_rotation_pool_picker_adds_and_removes(client, auth, names):
    login(auth, make_person(role="coordinator", preferred_language="th"))
    network = make_member(kind="network", name_th="เครือข่ายลุ่มน้ำ")
    data = {
        "name_th": "เวทีหมุนเวียน",
        "members": [str(names["unique"].id)],
        "members-text": "นาด้วงใต้",
        "network_id-text": "",
        "terms_per_year": "2",
        "preferred_months": "3, 11",
        "horizon_terms": "4",
        "lead_weeks": "8",
    }
    assert client.post("/rotation/new", data=data).status_code == 302
    series = db.session.execute(sa.select(RotationSeries)).scalar_one()
    assert {e.member_id for e in series.entries} == {names["unique"].id, names["twin_b"].id}
    edit = f"/rotation/{series.id}/edit"
    html = client.get(edit).get_data(as_text=True)
    assert "ภูหลวงพัฒนา" in html and "นาด้วงใต้" in html  # the pool, ticked
    ambiguous = client.post(edit, data=data | {"members-text": "นาด้วง"})
    assert ambiguous.status_code == 400 and len(_candidates(ambiguous, "members")) == 2
    unticked = data | {"members": [str(names["twin_b"].id)], "members-text": ""}
    unticked |= {"network_id-text": "ลุ่มน้ำ"}
    assert client.post(edit, data=unticked).status_code == 302
    series = _reload(RotationSeries, series.id)
    assert {e.member_id for e in series.entries} == {names["twin_b"].id}
    assert series.network_id == network.id
    # Only networks are offered for the network field.
    wrong = client.post(edit, data=unticked | {"network_id-text": "ภูหลวงพัฒนา"})
    assert wrong.status_code == 400 and _errors(wrong)["network_id"]


def test_member_parent_picker(client, auth, names):
    login(auth, make_person(role="coordinator", preferred_language="th"))
    top = make_member(kind="network", name_th="เครือข่ายบนสุด")
    child = make_member(kind="network", name_th="เครือข่ายลูก", parent_id=top.id)
    make_member(kind="network", name_th="เครือข่ายข้างเคียง")
    edit = f"/members/{top.id}/edit"
    form = _form(client, edit, "parent_id")
    # Its own sub-member is never offered, and refused with the reason when typed.
    refused = client.post(edit, data=form | {"parent_id-text": "เครือข่ายลูก"})
    assert refused.status_code == 400 and _errors(refused)["parent_id"]
    refused = client.post(edit, data=form | _picked("parent_id", child))
    assert refused.status_code == 400 and _errors(refused)["parent_id"]
    # An individual cannot be a parent.
    person = make_member(kind="individual", name_th="บุคคลเครือข่าย")
    refused = client.post(edit, data=form | _picked("parent_id", person))
    assert refused.status_code == 400
    ok = client.post(edit, data=form | {"parent_id-text": "ข้างเคียง"})
    assert ok.status_code == 302
    assert _reload(Member, top.id).parent.name_th == "เครือข่ายข้างเคียง"


def test_people_admin_organisation_picker(client, auth, names):
    login(auth, make_person(role="admin", preferred_language="th"))
    old = make_member(name_th="สำนักงานเดิม", is_active=False)
    person = make_person(role="member", member_id=old.id)
    url = f"/admin/people/{person.id}"
    form = _form(client, url, "member_id")
    # The inactive organisation already saved is shown and kept (another is refused).
    assert form["member_id-text"] == "สำนักงานเดิม"
    assert client.post(url, data=form).status_code == 302
    assert _reload(Person, person.id).member_id == old.id

    def saved():
        return _reload(Person, person.id).member_id

    _check_text_rules(client, url, form, "member_id", saved, names)
    typed = form | {"member_id": "", "member_id-text": "ภูหลวง"}
    assert client.post(url, data=typed).status_code == 302
    assert saved() == names["unique"].id


def test_venue_owner_picker(client, auth, names):
    login(auth, make_person(role="coordinator", preferred_language="th"))
    data = venue_data() | {"owner_member_id-text": "ภูหลวง"}
    assert client.post("/venues/new", data=data).status_code == 302
    venue = db.session.execute(sa.select(Venue)).scalar_one()
    assert venue.owner_member_id == names["unique"].id
    form = _form(client, f"/venues/{venue.id}/edit", "owner_member_id")
    assert form["owner_member_id-text"] == "ภูหลวงพัฒนา"


def test_agenda_filter_by_typed_name(client, auth, names):
    hosted = build_event(host_member=names["unique"], title_th="งานของภูหลวง")
    build_event(host_member=names["twin_a"], title_th="งานของนาด้วง")
    page = client.get("/events/", query_string={"member-text": "ภูหลวง"}).get_data(as_text=True)
    assert "งานของภูหลวง" in page and "งานของนาด้วง" not in page
    assert f'name="member" value="{hosted.host_member_id}"' in page
    both = client.get("/events/", query_string={"member-text": "นาด้วง"})
    assert both.status_code == 200 and len(_candidates(both, "member")) == 2
    assert "งานของภูหลวง" in both.get_data(as_text=True)  # not filtered until one is chosen
    by_id = client.get("/events/calendar", query_string={"member": names["twin_a"].id})
    assert by_id.status_code == 200
    assert client.get("/events/", query_string={"member": "9" * 20}).status_code == 400
    unknown = client.get("/events/", query_string={"member": "999999"})
    assert unknown.status_code == 200 and _errors(unknown)["f-member"]
