"""Only hosts of the event's organisation, coordinators and admins change an event."""

from __future__ import annotations

import pytest
from flask import g

from scheduler_app.events.rally.models import RallyStop
from scheduler_app.events.training.models import TrainingSession
from scheduler_app.extensions import db


def _routes(event, stop_id, session_id):
    e = event.id
    return [
        ("get", f"/events/{e}/edit"),
        ("post", f"/events/{e}/edit"),
        ("post", f"/events/{e}/publish"),
        ("get", f"/events/{e}/cancel"),
        ("post", f"/events/{e}/cancel"),
        ("post", f"/events/{e}/duplicate"),
        ("get", f"/events/{e}/registrations"),
        ("get", f"/events/{e}/registrations.csv"),
        ("get", f"/events/{e}/sign-in-sheet"),
        ("post", f"/events/{e}/registrations/1/check-in"),
        ("get", f"/events/{e}/sessions"),
        ("post", f"/events/{e}/sessions"),
        ("post", f"/events/{e}/sessions/{session_id}/delete"),
        ("get", f"/events/{e}/sessions/{session_id}/edit"),
        ("post", f"/events/{e}/sessions/{session_id}/edit"),
        ("post", f"/events/{e}/sessions/{session_id}/move/up"),
        ("get", f"/events/{e}/sessions/{session_id}/roll-call"),
        ("post", f"/events/{e}/sessions/{session_id}/roll-call"),
    ]


@pytest.fixture
def training(make_event, make_member):
    event = make_event(kind="training", host_member=make_member(), status="draft")
    session = TrainingSession(title="1", start_at=event.start_at, end_at=event.end_at)
    event.sessions.append(session)
    db.session.commit()
    return event, session


@pytest.mark.parametrize("who", ["other_host", "member", "coordinator_other_member_only"])
def test_outsiders_get_403_on_every_changing_route(
    client, auth, make_person, make_member, training, who
):
    event, session = training
    role = "member" if who == "member" else "host"
    if who == "coordinator_other_member_only":
        role = "member"  # a member of the host organisation is still not a host
        person = make_person(role=role, member=event.host_member)
    else:
        person = make_person(role=role, member=make_member())
    auth.login_as(person)
    for method, url in _routes(event, None, session.id):
        response = getattr(client, method)(url, data={"reason": "x"})
        assert response.status_code == 403, (method, url)
    db.session.refresh(event)
    assert event.status == "draft" and event.sequence == 0


def test_anonymous_is_sent_to_login(client, training):
    """The one guard (``scheduler_app.web.require``): anonymous people log in first; a page
    visit comes back to the page, a form post (which cannot be replayed) does not."""
    event, session = training
    for method, url in _routes(event, None, session.id):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/login" in response.location, url
        assert ("next=" in response.location) == (method == "get"), url


@pytest.mark.parametrize("role", ["host", "coordinator", "admin"])
def test_managers_reach_host_pages(client, auth, make_person, training, role):
    event, session = training
    member = event.host_member if role == "host" else None
    auth.login_as(make_person(role=role, member=member))
    for url in (
        f"/events/{event.id}/edit",
        f"/events/{event.id}/registrations",
        f"/events/{event.id}/sessions",
        f"/events/{event.id}/sessions/{session.id}/roll-call",
    ):
        assert client.get(url).status_code == 200, url


def test_rally_stop_routes_are_guarded(client, auth, make_event, make_person, make_member):
    event = make_event(kind="rally")
    stop = RallyStop(position=1, name="A", arrive_at=event.start_at, depart_at=event.start_at)
    event.stops.append(stop)
    db.session.commit()
    auth.login_as(make_person(role="host", member=make_member()))
    for method, url in [
        ("get", f"/events/{event.id}/stops"),
        ("post", f"/events/{event.id}/stops"),
        ("post", f"/events/{event.id}/stops/{stop.id}/delete"),
        ("get", f"/events/{event.id}/stops/{stop.id}/edit"),
        ("post", f"/events/{event.id}/stops/{stop.id}/edit"),
        ("post", f"/events/{event.id}/stops/{stop.id}/move/down"),
        ("get", f"/events/{event.id}/stops/{stop.id}/check-in"),
        ("post", f"/events/{event.id}/stops/{stop.id}/check-in"),
    ]:
        assert getattr(client, method)(url).status_code == 403, url
    assert len(event.stops) == 1


def switch_user(auth, person):
    """Log in as someone else (Flask-Login caches the user on the shared app context)."""
    g.pop("_login_user", None)
    auth.login_as(person)


def test_drafts_are_hidden_from_others(client, auth, make_event, make_person, make_member):
    draft = make_event(status="draft", title_th="ร่างลับ")
    assert client.get(f"/events/{draft.id}").status_code == 404
    assert "ร่างลับ" not in client.get("/events/").get_data(as_text=True)
    switch_user(auth, make_person(role="host", member=make_member()))
    assert client.get(f"/events/{draft.id}").status_code == 404
    switch_user(auth, make_person(role="host", member=draft.host_member))
    assert client.get(f"/events/{draft.id}").status_code == 200
    assert "ร่างลับ" in client.get("/events/").get_data(as_text=True)
