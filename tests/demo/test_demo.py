"""`flask demo`: the Loei sample network, its logins, and loading it twice."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from flask.testing import FlaskCliRunner

from scheduler_app.accounts.models import Person, Role
from scheduler_app.demo.content import DEMO_PASSWORD
from scheduler_app.demo.loader import load_demo
from scheduler_app.directory.models import Member, MemberKind, OrgType
from scheduler_app.extensions import db
from scheduler_app.i18n import gazetteer
from scheduler_app.venues.models import Venue

DEMO_LOGINS = {
    "admin@demo.ruamjai.local": Role.ADMIN,
    "coordinator@demo.ruamjai.local": Role.COORDINATOR,
    "host@demo.ruamjai.local": Role.HOST,
    "member@demo.ruamjai.local": Role.MEMBER,
}


def _count(model: type, *where: sa.ColumnElement[bool]) -> int:
    stmt = sa.select(sa.func.count()).select_from(model).where(*where)
    return db.session.execute(stmt).scalar_one()


def _member_counts() -> dict[str, int]:
    return {
        "networks": _count(Member, Member.kind == MemberKind.NETWORK),
        "municipalities": _count(Member, Member.org_type == OrgType.MUNICIPALITY),
        "communities": _count(Member, Member.org_type == OrgType.COMMUNITY_GROUP),
        "individuals": _count(Member, Member.kind == MemberKind.INDIVIDUAL),
        "people": _count(Person),
        "venues": _count(Venue),
        "exchange centres": _count(Venue, Venue.is_exchange_centre.is_(True)),
    }


def _run(runner: FlaskCliRunner, *args: str) -> str:
    result = runner.invoke(args=["demo", *args])
    assert result.exit_code == 0, result.output
    return result.output


def _by_name(name_th: str) -> Member:
    return db.session.execute(sa.select(Member).where(Member.name_th == name_th)).scalar_one()


def test_demo_builds_the_loei_network(runner) -> None:
    _run(runner)
    counts = _member_counts()
    assert counts["networks"] == 1
    assert counts["municipalities"] == 14
    assert counts["communities"] == 90
    assert counts["individuals"] >= 2
    assert counts["exchange centres"] == 2
    assert counts["venues"] == 3
    assert _count(Member, Member.is_sample.is_(False)) == 0
    assert _count(Venue, Venue.is_sample.is_(False)) == 0
    assert _count(Person, Person.is_sample.is_(False)) == 0


def test_every_community_sits_under_its_districts_municipality(runner) -> None:
    _run(runner)
    network = _by_name("เครือข่ายองค์กรปกครองส่วนท้องถิ่นจังหวัดเลย (ตัวอย่าง)")
    assert network.parent_id is None and network.name_en == "Loei Local Government Network (sample)"
    communities = db.session.scalars(
        sa.select(Member).where(Member.org_type == OrgType.COMMUNITY_GROUP)
    ).all()
    gaz = gazetteer()
    assert {c.subdistrict_code for c in communities} == {s.code for s in gaz.all_subdistricts()}
    for community in communities:
        sub = gaz.subdistrict(community.subdistrict_code)
        assert sub is not None
        assert (community.latitude, community.longitude) == (sub.lat, sub.lon)
        municipality = community.parent
        assert municipality is not None and municipality.org_type == OrgType.MUNICIPALITY
        assert municipality.district_code == sub.district_code == community.district_code
        assert municipality.parent_id == network.id


def test_names_follow_thai_custom(runner) -> None:
    _run(runner)
    loei = _by_name("เทศบาลเมืองเลย")
    assert loei.district_code == "4201"
    assert _by_name("เทศบาลตำบลเชียงคาน").name_en == "Chiang Khan Subdistrict Municipality"
    community = _by_name("ชุมชนบ้านนาอ้อ")
    assert community.name_en == "Ban Na O Community"
    assert _by_name("ชุมชนบ้านเพิ่ม").name_en == "Ban Phoem Community"  # no "บ้านบ้าน"


def test_visitor_briefings_and_positions(runner) -> None:
    _run(runner)
    briefed = db.session.scalars(sa.select(Member).where(Member.visitor_rules != "")).all()
    assert len(briefed) >= 3
    chiang_khan = _by_name("ชุมชนบ้านเชียงคาน")
    assert "ถอดรองเท้า" in chiang_khan.visitor_rules
    assert "ฤดูฝน" in chiang_khan.visitor_risks
    positions = {p.position for p in _by_name("เทศบาลเมืองเลย").people}
    assert {"นายกเทศมนตรีเมืองเลย", "ปลัดเทศบาล", "ผู้อำนวยการกองการศึกษา"} <= positions
    honorifics = set(db.session.scalars(sa.select(Person.honorific)))
    assert honorifics <= {"นาย", "นาง", "นางสาว"}


def test_demo_logins_have_their_roles_and_the_shared_password(runner) -> None:
    output = _run(runner)
    for email, role in DEMO_LOGINS.items():
        person = db.session.execute(sa.select(Person).where(Person.email == email)).scalar_one()
        assert person.role == role
        assert person.check_password(DEMO_PASSWORD)
        assert email in output
    host = db.session.execute(
        sa.select(Person).where(Person.email == "host@demo.ruamjai.local")
    ).scalar_one()
    assert host.member is not None and host.member.name_th == "เทศบาลเมืองเลย"
    assert "ruamjai-demo" in output and "DEMO ONLY" in output


def test_people_who_are_not_demo_logins_cannot_sign_in(runner) -> None:
    _run(runner)
    others = db.session.scalars(
        sa.select(Person).where(Person.email.not_in(list(DEMO_LOGINS)))
    ).all()
    assert others
    assert all(not p.check_password(DEMO_PASSWORD) for p in others)


def test_a_demo_login_signs_in_through_the_form(runner, client) -> None:
    _run(runner)
    response = client.post(
        "/login", data={"email": "host@demo.ruamjai.local", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert "/login" not in response.headers["Location"]


def test_running_twice_creates_nothing_new(runner) -> None:
    first = _run(runner)
    counts = _member_counts()
    second = _run(runner)
    assert _member_counts() == counts
    assert "124 records created" in first
    assert "nothing new was created" in second
    assert "host@demo.ruamjai.local" in second


def test_reloading_keeps_edits(runner) -> None:
    _run(runner)
    loei = _by_name("เทศบาลเมืองเลย")
    loei.visitor_rules = "กฎที่แก้ไขแล้ว"
    db.session.commit()
    _run(runner)
    db.session.expire_all()
    assert _by_name("เทศบาลเมืองเลย").visitor_rules == "กฎที่แก้ไขแล้ว"


def test_if_empty_skips_when_members_exist(runner, make_member) -> None:
    make_member(name_th="เทศบาลตำบลจริง")
    output = _run(runner, "--if-empty")
    assert "Skipped" in output
    assert _count(Member) == 1
    assert _count(Venue) == 0


def test_if_empty_loads_into_an_empty_directory(runner) -> None:
    output = _run(runner, "--if-empty")
    assert "Skipped" not in output
    assert _member_counts()["communities"] == 90


def test_demo_venues_show_their_badges(runner, client) -> None:
    _run(runner)
    centre = db.session.execute(
        sa.select(Venue).where(Venue.external_ref == "demo:venue:dan-sai-centre")
    ).scalar_one()
    assert centre.owner is not None and centre.owner.name_th == "เทศบาลตำบลด่านซ้าย"
    page = client.get(f"/venues/{centre.id}", headers={"Accept-Language": "th"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "ศูนย์แลกเปลี่ยนเรียนรู้" in text and "badge-sample" in text


def test_demo_host_edits_only_their_municipalitys_venues(runner, client, auth) -> None:
    _run(runner)
    host = db.session.execute(
        sa.select(Person).where(Person.email == "host@demo.ruamjai.local")
    ).scalar_one()
    venues = {v.external_ref: v for v in db.session.scalars(sa.select(Venue))}
    auth.login_as(host)
    own = venues["demo:venue:loei-hall"]
    other = venues["demo:venue:chiang-khan-centre"]
    assert client.get(f"/venues/{own.id}/edit").status_code == 200
    assert client.get(f"/venues/{other.id}/edit").status_code == 403


def test_demo_reports_its_sample_year(app, monkeypatch) -> None:
    """The loader adds the sample activities (``demo/events.py``) and reports their counts."""
    from scheduler_app.demo import network
    from scheduler_app.events.models import Event

    monkeypatch.setattr(network, "load_network_history", lambda now: {})  # tests/network

    summary = load_demo(datetime(2026, 1, 5, 2, 0, tzinfo=UTC))
    db.session.commit()
    sample_year = _count(Event, Event.is_sample, Event.rotation_series_id.is_(None))
    assert summary.extra["events"] == sample_year > 0
    assert summary.created["communities"] == 90
    assert len(summary.logins) == 4
