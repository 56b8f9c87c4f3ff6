"""Member pages show only contact details people chose to publish: never an account's
login address by default."""

from __future__ import annotations

from scheduler_app.accounts import notices
from scheduler_app.extensions import db, utcnow


def test_an_organisation_address_is_public(client, make_member):
    member = make_member(contact_email="office@tessaban.example")
    assert "office@tessaban.example" in client.get(f"/members/{member.id}").get_data(as_text=True)


def test_a_login_address_as_contact_is_hidden_until_its_owner_publishes_it(
    client, make_member, make_person
):
    member = make_member(contact_email="Somchai.Host@example.org")
    host = make_person(role="host", member=member, email="somchai.host@example.org")
    page = client.get(f"/members/{member.id}").get_data(as_text=True)
    assert "somchai.host@example.org" not in page.lower()
    notices.record_consents(host, ["account", "public_chart"], utcnow())
    db.session.commit()
    page = client.get(f"/members/{member.id}").get_data(as_text=True)
    assert "Somchai.Host@example.org" in page
    # Withdrawing hides it again at once.
    notices.record_consents(host, ["account"], utcnow())
    db.session.commit()
    page = client.get(f"/members/{member.id}").get_data(as_text=True)
    assert "somchai.host@example.org" not in page.lower()


def test_a_chart_entry_without_an_account_is_a_contact_recording_who_added_it(
    client, auth, make_member, make_person
):
    from sqlalchemy import select

    from scheduler_app.accounts.models import Person

    member = make_member()
    host = make_person(role="host", member=member, given_name="ผู้เพิ่ม", preferred_language="en")
    auth.login_as(host)
    data = {"email": "village.staff@example.org", "given_name": "ลุงคำ", "chart_order": "1"}
    assert client.post(f"/members/{member.id}/people", data=data).status_code == 302
    contact = db.session.execute(
        select(Person).where(Person.email == "village.staff@example.org")
    ).scalar_one()
    assert contact.password_hash is None and contact.is_contact
    assert contact.added_by_id == host.id and contact.created_at is not None
    page = client.get(f"/members/{member.id}/people").get_data(as_text=True)
    assert "Contact without a login, added by" in page and "ผู้เพิ่ม" in page
    # No login exists for a contact.
    login = client.post("/login", data={"email": contact.email, "password": "anything at all"})
    assert login.status_code in (302, 400)
    auth.logout()
    again = client.post("/login", data={"email": contact.email, "password": "anything at all"})
    assert again.status_code == 400
