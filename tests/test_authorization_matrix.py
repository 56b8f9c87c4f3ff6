"""Every route that changes data, driven as anonymous, member, host of another
organisation, host, coordinator and admin.

Forbidden roles get 403 (anonymous: a redirect to the login page) and the database does
not change. Allowed roles get past the permission check (anything but 403 or a login
redirect). A meta-test fails when a new POST route is not in the matrix.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa

from scheduler_app.accounts.models import Role
from scheduler_app.directory.models import MemberKind
from scheduler_app.extensions import db

ROLES = ("anonymous", "member", "other_host", "host", "coordinator", "admin")
STAFF = {"coordinator", "admin"}
OWN_ORG = {"host"} | STAFF
SIGNED_IN = set(ROLES) - {"anonymous"}

# Routes anyone may POST to (sign-in and sign-up flows, language, one-click unsubscribe).
PUBLIC_POST_ENDPOINTS = {
    "accounts.login",
    "accounts.signup",
    "accounts.reset_request",
    "accounts.reset_password",
    "main.set_language",
    "accounts.logout",  # signing out when not signed in just goes home
    "followups.unsubscribe_now",  # RFC 8058 one-click: the signed token is the credential
    "network.answer",  # "I'd like to meet / not now": the signed token is the credential
    "line.receive_webhook",  # LINE's webhook: the X-Line-Signature is the credential
}


@dataclass
class World:
    org: Any
    other_org: Any
    people: dict[str, Any]
    chart_person: Any
    venue: Any
    outbox_id: int
    training: Any = None
    session_id: int = 0
    rally: Any = None
    stop_id: int = 0
    registration_id: int = 0
    visit_id: int = 0
    visit_event: Any = None
    programme_item_id: int = 0
    introduction_id: int = 0


@dataclass(frozen=True)
class Case:
    endpoint: str
    url: Callable[[World], str]
    allowed: frozenset[str]
    data: Callable[[World], dict[str, Any]] = lambda w: {}


def _cases() -> list[Case]:
    return [
        Case("directory.new", lambda w: "/members/new", frozenset(STAFF),
             lambda w: {"kind": "node", "name_th": "ใหม่"}),
        Case("directory.edit", lambda w: f"/members/{w.org.id}/edit", frozenset(OWN_ORG),
             lambda w: {"name_th": "แก้ไข"}),
        Case("directory.deactivate", lambda w: f"/members/{w.org.id}/deactivate",
             frozenset(STAFF)),
        Case("directory.add_person", lambda w: f"/members/{w.org.id}/people",
             frozenset(OWN_ORG), lambda w: {"given_name": "ใหม่"}),
        Case("directory.edit_person",
             lambda w: f"/members/{w.org.id}/people/{w.chart_person.id}/edit",
             frozenset(OWN_ORG), lambda w: {"given_name": ""}),
        Case("directory.upload_photo",
             lambda w: f"/members/{w.org.id}/people/{w.chart_person.id}/photo",
             frozenset(OWN_ORG)),
        Case("directory.remove_person",
             lambda w: f"/members/{w.org.id}/people/{w.chart_person.id}/remove",
             frozenset(OWN_ORG)),
        Case("directory.profile", lambda w: f"/members/{w.org.id}/profile", frozenset(OWN_ORG),
             lambda w: {"population": "-1"}),
        Case("directory.add_offer", lambda w: f"/members/{w.org.id}/offers", frozenset(OWN_ORG),
             lambda w: {"kind": "lend", "description": ""}),
        Case("directory.add_need", lambda w: f"/members/{w.org.id}/needs", frozenset(OWN_ORG)),
        Case("directory.remove_item", lambda w: f"/members/{w.org.id}/offers/999999/delete",
             frozenset(OWN_ORG)),
        Case("directory.topics", lambda w: "/members/topics", frozenset(STAFF),
             lambda w: {"name_th": ""}),
        Case("directory.edit_topic", lambda w: "/members/topics/999999", frozenset(STAFF)),
        Case("venues.create", lambda w: "/venues/new",
             frozenset({"other_host"} | OWN_ORG), lambda w: {"name_th": ""}),
        Case("venues.edit", lambda w: f"/venues/{w.venue.id}/edit", frozenset(OWN_ORG),
             lambda w: {"name_th": ""}),
        Case("venues.delete", lambda w: f"/venues/{w.venue.id}/delete", frozenset(STAFF)),
        Case("people.person_admin",
             lambda w: f"/admin/people/{w.people['member'].id}", frozenset(STAFF),
             lambda w: {"role": "member"}),
        Case("accounts.profile", lambda w: "/profile", frozenset(SIGNED_IN),
             lambda w: {"given_name": ""}),
        Case("accounts.change_password", lambda w: "/profile/password", frozenset(SIGNED_IN)),
        Case("accounts.regenerate_feed_token", lambda w: "/profile/feed-token",
             frozenset(SIGNED_IN)),
        Case("accounts.end_sessions", lambda w: "/profile/sessions/end", frozenset(SIGNED_IN)),
        Case("privacy.choices", lambda w: "/privacy/choices", frozenset(SIGNED_IN),
             lambda w: {"purposes": ["account", "mail"]}),
        Case("privacy.erase_self", lambda w: "/privacy/erase", frozenset(SIGNED_IN)),
        Case("privacy.edit_notice", lambda w: "/admin/privacy/notice", frozenset({"admin"})),
        Case("privacy.erase_on_request",
             lambda w: f"/admin/people/{w.people['member'].id}/erase", frozenset({"admin"})),
        Case("mail.resend", lambda w: f"/admin/outbox/{w.outbox_id}/resend",
             frozenset({"admin"})),
        *_event_cases(),
        # Nobody in the world took part in an ended event, so nobody may answer its survey.
        Case("followups.survey", lambda w: f"/feedback/{w.training.id}", frozenset(),
             lambda w: {"rating": "5"}),
        Case("followups.hopes", lambda w: "/welcome/hopes", frozenset(SIGNED_IN)),
        Case("followups.mail_preferences", lambda w: "/account/mail", frozenset(SIGNED_IN)),
        # Each person's own LINE link and choices (tests/line drives them with LINE on).
        Case("line.new_code", lambda w: "/line/code", frozenset(SIGNED_IN)),
        Case("line.unlink", lambda w: "/line/unlink", frozenset(SIGNED_IN)),
        Case("line.save_choices", lambda w: "/line/choices", frozenset(SIGNED_IN)),
        *_network_cases(),
    ]  # fmt: skip


def _network_cases() -> list[Case]:
    both_sides = frozenset({"host", "other_host"} | STAFF)
    return [
        Case("network.recompute", lambda w: "/network/recompute", frozenset(STAFF)),
        Case("network.send_introduction", lambda w: "/network/introductions", frozenset(STAFF),
             lambda w: {"a_member_id": w.org.id, "b_member_id": w.other_org.id}),
        Case("network.visit_request", lambda w: f"/network/introductions/{w.introduction_id}/visit",
             both_sides),
    ]  # fmt: skip


def _event_cases() -> list[Case]:
    hosts_anywhere = frozenset({"other_host"} | OWN_ORG)
    t = lambda w: f"/events/{w.training.id}"  # noqa: E731
    r = lambda w: f"/events/{w.rally.id}"  # noqa: E731
    return [
        Case("events.create", lambda w: "/events/new", hosts_anywhere,
             lambda w: {"kind": "training"}),
        Case("events.edit", lambda w: t(w) + "/edit", frozenset(OWN_ORG)),
        Case("events.publish", lambda w: t(w) + "/publish", frozenset(OWN_ORG)),
        Case("events.cancel", lambda w: t(w) + "/cancel", frozenset(OWN_ORG)),
        Case("events.duplicate", lambda w: t(w) + "/duplicate", frozenset(OWN_ORG)),
        Case("events.sessions", lambda w: t(w) + "/sessions", frozenset(OWN_ORG)),
        Case("events.delete_session", lambda w: t(w) + f"/sessions/{w.session_id}/delete",
             frozenset(OWN_ORG)),
        Case("events.edit_session", lambda w: t(w) + f"/sessions/{w.session_id}/edit",
             frozenset(OWN_ORG)),
        Case("events.move_session", lambda w: t(w) + f"/sessions/{w.session_id}/move/up",
             frozenset(OWN_ORG)),
        Case("events.roll_call", lambda w: t(w) + f"/sessions/{w.session_id}/roll-call",
             frozenset(OWN_ORG)),
        Case("events.toggle_check_in",
             lambda w: t(w) + f"/registrations/{w.registration_id}/check-in",
             frozenset(OWN_ORG)),
        Case("events.register", lambda w: t(w) + "/register", frozenset(SIGNED_IN)),
        Case("events.unregister", lambda w: t(w) + "/unregister", frozenset(SIGNED_IN)),
        Case("events.undo_unregister", lambda w: t(w) + "/unregister/undo",
             frozenset(SIGNED_IN)),
        Case("events.stops", lambda w: r(w) + "/stops", frozenset(OWN_ORG)),
        Case("events.delete_stop", lambda w: r(w) + f"/stops/{w.stop_id}/delete",
             frozenset(OWN_ORG)),
        Case("events.edit_stop", lambda w: r(w) + f"/stops/{w.stop_id}/edit",
             frozenset(OWN_ORG)),
        Case("events.move_stop", lambda w: r(w) + f"/stops/{w.stop_id}/move/down",
             frozenset(OWN_ORG)),
        Case("events.stop_check_in", lambda w: r(w) + f"/stops/{w.stop_id}/check-in",
             frozenset(OWN_ORG)),
        Case("events.programme", lambda w: f"/events/{w.visit_event.id}/programme",
             frozenset(OWN_ORG)),
        Case("events.edit_programme_item",
             lambda w: f"/events/{w.visit_event.id}/programme/{w.programme_item_id}/edit",
             frozenset(OWN_ORG)),
        Case("events.move_programme_item",
             lambda w: f"/events/{w.visit_event.id}/programme/{w.programme_item_id}/move/up",
             frozenset(OWN_ORG)),
        Case("events.delete_programme_item",
             lambda w: f"/events/{w.visit_event.id}/programme/{w.programme_item_id}/delete",
             frozenset(OWN_ORG)),
        Case("events.restore_programme_item",
             lambda w: f"/events/{w.visit_event.id}/programme/restore", frozenset(OWN_ORG)),
        Case("events.report", lambda w: f"/events/{w.visit_event.id}/report",
             frozenset({"other_host"} | OWN_ORG)),
        Case("events.request_visit", lambda w: "/events/visits/new", hosts_anywhere),
        Case("events.answer_visit", lambda w: f"/events/visits/{w.visit_id}/answer",
             frozenset(OWN_ORG), lambda w: {"action": "accept"}),
        Case("events.decline_visit", lambda w: f"/events/visits/{w.visit_id}/decline",
             frozenset(OWN_ORG)),
    ]  # fmt: skip


CASES = _cases()


@pytest.fixture
def world(app, make_member, make_person, make_venue) -> World:
    from scheduler_app.mail.models import OutboxMessage

    network = make_member(kind=MemberKind.NETWORK.value, org_type=None)
    org = make_member(parent_id=network.id)
    other_org = make_member(parent_id=network.id)
    people = {
        "member": make_person(role=Role.MEMBER),
        "other_host": make_person(role=Role.HOST, member_id=other_org.id),
        "host": make_person(role=Role.HOST, member_id=org.id),
        "coordinator": make_person(role=Role.COORDINATOR),
        "admin": make_person(role=Role.ADMIN),
    }
    chart_person = make_person(member_id=org.id, password=None)
    venue = make_venue(owner_member_id=org.id)
    message = OutboxMessage(
        dedupe_key="matrix", recipient="x@example.org", kind="generic_notice",
        subject="s", body_text="t", body_html="<p>t</p>", status="failed",
    )  # fmt: skip
    db.session.add(message)
    db.session.commit()
    world = World(org, other_org, people, chart_person, venue, message.id)
    _add_events(world)
    return world


def _add_events(w: World) -> None:
    from datetime import date, timedelta

    from scheduler_app.events.models import Event, Registration
    from scheduler_app.events.rally.models import RallyStop
    from scheduler_app.events.study_visits.models import ProgrammeItem, StudyVisitRequest
    from scheduler_app.events.training.models import TrainingSession
    from scheduler_app.extensions import utcnow

    start = utcnow().replace(microsecond=0) + timedelta(days=30)

    def event(kind: str, **kw: Any) -> Event:
        e = Event(kind=kind, title_th="ทดสอบ", title_en="Test", start_at=start,
                  end_at=start + timedelta(hours=4), status="published", capacity=20,
                  host_member_id=w.org.id, **kw)  # fmt: skip
        db.session.add(e)
        return e

    w.training = event("training")
    session = TrainingSession(title="1", start_at=start, end_at=start + timedelta(hours=2))
    w.training.sessions.append(session)
    w.rally = event("rally")
    stop = RallyStop(position=1, name="A", arrive_at=start, depart_at=start)
    w.rally.stops.append(stop)
    w.visit_event = event("study_visit", visiting_member_id=w.other_org.id)
    item = ProgrammeItem(position=1, starts_at=start, title="ต้อนรับ")
    w.visit_event.programme.append(item)
    db.session.flush()
    registration = Registration(
        event_id=w.training.id, person_id=w.chart_person.id, status="confirmed"
    )
    db.session.add(registration)
    visit = StudyVisitRequest(
        visiting_member_id=w.other_org.id, host_member_id=w.org.id,
        proposed_start=date.today() + timedelta(days=40),
        proposed_end=date.today() + timedelta(days=40), delegation_size=10, purpose="เรียนรู้",
    )  # fmt: skip
    db.session.add(visit)
    db.session.commit()
    w.session_id, w.stop_id, w.registration_id = session.id, stop.id, registration.id
    w.visit_id, w.programme_item_id = visit.id, item.id
    from scheduler_app.network.models import Introduction

    introduction = Introduction(a_member_id=w.org.id, b_member_id=w.other_org.id,
                                a_answer="yes", b_answer="yes")  # fmt: skip
    db.session.add(introduction)
    db.session.commit()
    w.introduction_id = introduction.id


def _fingerprint() -> dict[str, tuple[Any, ...]]:
    """Every row of every table: a forbidden request must leave all of them as they were."""
    state = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(sa.select(table)).all()
        state[table.name] = tuple(sorted(tuple(map(repr, r)) for r in rows))
    return state


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[c.endpoint for c in CASES])
def test_route_permissions(client, auth, world, case, role):
    if role != "anonymous":
        auth.login_as(world.people[role])
    before = _fingerprint()
    response = client.post(case.url(world), data=case.data(world))
    location = response.headers.get("Location", "")
    if role in case.allowed:
        assert response.status_code != 403, f"{role} should be allowed"
        assert "/login" not in location, f"{role} should be allowed"
        return
    if role == "anonymous":
        assert response.status_code in (302, 401, 403)
        if response.status_code == 302:
            assert "/login" in location
    else:
        assert response.status_code == 403, f"{role} must be refused"
    db.session.expire_all()
    assert _fingerprint() == before, "a refused request changed data"


def test_every_post_route_is_in_the_matrix(app):
    covered = {c.endpoint for c in CASES} | PUBLIC_POST_ENDPOINTS
    post_endpoints = {
        r.endpoint
        for r in app.url_map.iter_rules()
        if "POST" in r.methods and r.endpoint.split(".")[0] not in OWN_MATRIX_BLUEPRINTS
    }
    assert sorted(post_endpoints - covered) == []


# Blueprints whose every changing route is driven for all six roles in their own package
# (tests/rotation/test_permissions.py: ROUTES covers each rotation POST route).
OWN_MATRIX_BLUEPRINTS = {"rotation"}


# Read-only routes with their own permission, driven for all six roles (GET): the
# participation and quiet-organisation tables and their CSVs are for coordinators and
# admins; the link-preview pictures are public like the pages they illustrate.
GET_CASES = [
    Case("network.participation_page", lambda w: "/network/participation", frozenset(STAFF)),
    Case("network.participation_csv", lambda w: "/network/participation.csv?period=year",
         frozenset(STAFF)),
    Case("followups.quiet_organisations",
         lambda w: "/coordination/quiet-members/organisations", frozenset(STAFF)),
    Case("followups.quiet_organisations_csv",
         lambda w: "/coordination/quiet-members/organisations.csv?group=parent",
         frozenset(STAFF)),
    Case("main.event_card_png", lambda w: f"/share/events/{w.training.id}.png",
         frozenset(ROLES)),
    Case("main.member_card_png", lambda w: f"/share/members/{w.org.id}.png", frozenset(ROLES)),
    Case("main.map_card_png", lambda w: "/share/map.png", frozenset(ROLES)),
]  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", GET_CASES, ids=[c.endpoint for c in GET_CASES])
def test_read_route_permissions(client, auth, world, case, role):
    if role != "anonymous":
        auth.login_as(world.people[role])
    response = client.get(case.url(world))
    if role in case.allowed:
        assert response.status_code == 200, f"{role} should be allowed"
        return
    if role == "anonymous":
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == 403, f"{role} must be refused"


def test_every_read_route_case_names_a_real_get_endpoint(app):
    get_endpoints = {r.endpoint for r in app.url_map.iter_rules() if "GET" in r.methods}
    assert {c.endpoint for c in GET_CASES} <= get_endpoints
