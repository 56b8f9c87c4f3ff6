"""Each role is offered only the kinds it may create; a refused kind comes back as the
typed form with the reason beside the field (422), never a bare 403; people who cannot
create at all are not shown "New activity" and are told why."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from scheduler_app.events.models import Event
from scheduler_app.extensions import db
from tests.events.parts_helpers import login
from tests.html_forms import read_page

TYPED = {
    "title_th": "เวทีเล่าเรื่องป่าชุมชน",
    "description": "นำภาพถ่ายมาด้วย",
    "start_date": "2031-02-20",
    "start_time": "09:00",
    "end_date": "2031-02-20",
    "end_time": "15:30",
    "capacity": "35",
}


def _events() -> list[Event]:
    return list(db.session.execute(sa.select(Event)).scalars())


@pytest.fixture
def host(make_person, make_member, auth):
    person = make_person(role="host", member=make_member(), preferred_language="en")
    login(auth, person)
    return person


def test_host_is_offered_only_host_kinds_and_the_first_is_chosen(client, host):
    page = read_page(client.get("/events/new").get_data(as_text=True))
    form = page.form_with("kind")
    assert form.options["kind"] == ["study_visit", "rally", "training"]
    assert form.values["kind"] == "study_visit"


def test_a_kind_asked_for_in_the_link_is_chosen_only_when_offered(client, host):
    page = read_page(client.get("/events/new?kind=training").get_data(as_text=True))
    assert page.form_with("kind").values["kind"] == "training"
    page = read_page(client.get("/events/new?kind=exchange").get_data(as_text=True))
    assert page.form_with("kind").values["kind"] == "study_visit"


def test_host_saving_the_form_as_offered_creates_the_draft(client, host):
    form = read_page(client.get("/events/new").get_data(as_text=True)).form_with("kind")
    response = client.post("/events/new", data=form.values | TYPED)
    assert response.status_code == 302
    [event] = _events()
    assert event.kind == "study_visit" and event.host_member_id == host.member_id


def test_refused_kind_keeps_the_typed_form_and_says_why_beside_the_field(client, host):
    form = read_page(client.get("/events/new").get_data(as_text=True)).form_with("kind")
    response = client.post("/events/new", data=form.values | TYPED | {"kind": "exchange"})
    assert response.status_code == 422
    page = read_page(response.get_data(as_text=True))
    assert "rotation" in page.errors["kind"]
    again = page.form_with("kind")
    for name in ("title_th", "start_time", "end_time", "capacity"):
        assert again.values[name] == TYPED[name]
    assert again.values["description"].strip() == TYPED["description"]
    assert _events() == []


def test_coordinator_is_offered_every_kind(client, auth, make_person):
    login(auth, make_person(role="coordinator", preferred_language="en"))
    form = read_page(client.get("/events/new").get_data(as_text=True)).form_with("kind")
    assert form.options["kind"] == ["study_visit", "exchange", "rally", "training"]


def test_host_without_organisation_is_not_offered_new_activity_and_is_told_why(
    client, auth, make_person
):
    login(auth, make_person(role="host", member_id=None, preferred_language="en"))
    page = read_page(client.get("/events/").get_data(as_text=True))
    html = client.get("/events/").get_data(as_text=True)
    assert 'href="/events/new"' not in html
    assert "not linked to an organisation" in page.text_by_id["why-no-new-activity"]
    response = client.get("/events/new")
    assert response.status_code == 403
    assert "not linked to an organisation" in response.get_data(as_text=True)


def test_member_is_not_offered_new_activity(client, auth, make_person, make_member):
    login(auth, make_person(role="member", member=make_member(), preferred_language="en"))
    html = client.get("/events/").get_data(as_text=True)
    assert 'href="/events/new"' not in html
    response = client.get("/events/new")
    assert response.status_code == 403
    assert "Only hosts of an organisation" in response.get_data(as_text=True)


def test_host_with_organisation_is_offered_new_activity(client, host):
    assert 'href="/events/new"' in client.get("/events/").get_data(as_text=True)
