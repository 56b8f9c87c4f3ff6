"""A host acts for an organisation: the people form refuses an active host without one
(the reason beside the organisation field, the form as typed), so nobody ends up seeing
host pages that all refuse them."""

from __future__ import annotations

from scheduler_app.accounts.models import Person
from scheduler_app.extensions import db
from tests.events.parts_helpers import login
from tests.html_forms import read_page


def _reload(person: Person) -> Person:
    db.session.expire_all()
    return db.session.get(Person, person.id)


def test_host_without_organisation_is_refused_beside_the_field(client, auth, make_person):
    login(auth, make_person(role="admin", preferred_language="en"))
    person = make_person(role="member", member_id=None)
    url = f"/admin/people/{person.id}"
    form = read_page(client.get(url).get_data(as_text=True)).form_with("role")
    response = client.post(url, data=form.values | {"role": "host", "member_id": ""})
    assert response.status_code == 422
    page = read_page(response.get_data(as_text=True))
    assert "organisation" in page.errors["member_id"]
    assert page.form_with("role").values["role"] == "host"  # what was chosen is kept
    assert _reload(person).role == "member"


def test_host_with_organisation_is_saved(client, auth, make_person, make_member):
    login(auth, make_person(role="coordinator", preferred_language="en"))
    member = make_member()
    person = make_person(role="member", member_id=None)
    url = f"/admin/people/{person.id}"
    form = read_page(client.get(url).get_data(as_text=True)).form_with("role")
    chosen = {"member_id": str(member.id), "member_id-text": member.name_th}
    response = client.post(url, data=form.values | {"role": "host"} | chosen)
    assert response.status_code == 302
    saved = _reload(person)
    assert (saved.role, saved.member_id) == ("host", member.id)


def test_an_old_host_without_organisation_can_still_be_deactivated(client, auth, make_person):
    login(auth, make_person(role="admin", preferred_language="en"))
    person = make_person(role="host", member_id=None)
    response = client.post(f"/admin/people/{person.id}", data={"role": "host", "member_id": ""})
    assert response.status_code == 302
    assert _reload(person).is_active_account is False
