"""Member pages show only contact details people chose to publish: never an account's
login address by default."""

from __future__ import annotations

from icalendar import Calendar

from scheduler_app.accounts import notices
from scheduler_app.events.registration.operations import register_participant
from scheduler_app.extensions import db, utcnow
from tests.delivery import calendar_part


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


# --- feeds, invitations and introductions use the same rule ---------------------------


def _organizers(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.data)
    return [str(v.get("ORGANIZER", "")) for v in calendar.walk("VEVENT")]


def test_feed_organizer_never_publishes_a_login_address_nobody_chose_to_show(
    client, auth, make_member, make_person, make_event
):
    member = make_member(name_th="เทศบาลทดลอง", contact_email="Host.Login@example.org")
    host = make_person(role="host", member=member, email="host.login@example.org")
    office = make_member(name_th="อบต.สำนักงาน", contact_email="saraban@office.example")
    make_event(host_member=member)
    make_event(host_member=office, title_th="งานของสำนักงาน")
    for url in ("/feeds/all.ics", f"/feeds/member/{member.id}.ics"):
        organizers = _organizers(client, url)
        assert not any("host.login" in o.lower() for o in organizers), url
    assert "mailto:saraban@office.example" in _organizers(client, "/feeds/all.ics")

    # The host agrees to appear publicly: the cached feed moves at once.
    auth.login_as(host)
    client.post("/privacy/choices", data={"purposes": ["account", "public_chart"]})
    auth.logout()
    assert "mailto:Host.Login@example.org" in _organizers(client, "/feeds/all.ics")
    # ...and withdrawing takes it out of the cached feed again.
    auth.login_as(host)
    client.post("/privacy/choices", data={"purposes": ["account"]})
    auth.logout()
    for url in ("/feeds/all.ics", f"/feeds/member/{member.id}.ics"):
        assert not any("host.login" in o.lower() for o in _organizers(client, url)), url


def test_invitation_organizer_uses_the_published_address_or_the_sender(
    app, make_member, make_person, make_event, deliver_all
):
    member = make_member(contact_email="owner.login@example.org")
    make_person(role="host", member=member, email="owner.login@example.org")
    event = make_event(host_member=member)
    person = make_person(email="guest@example.org")
    register_participant(event, person, utcnow())
    db.session.commit()
    messages = [m for m in deliver_all() if m["To"].addresses[0].addr_spec == person.email]
    invitations = [calendar_part(m) for m in messages if calendar_part(m) is not None]
    assert invitations
    sender = app.config["MAIL_DEFAULT_SENDER"].split("<")[-1].rstrip(">")
    for _method, calendar in invitations:
        [vevent] = calendar.walk("VEVENT")
        assert str(vevent["ORGANIZER"]) == f"mailto:{sender}"
    assert not any("owner.login@example.org" in m.as_string() for m in messages)


def test_introduction_mail_shows_only_a_published_address(app, make_member, make_person):
    from scheduler_app.network.introductions import profile_values

    member = make_member(contact_email="intro.login@example.org")
    owner = make_person(role="host", member=member, email="intro.login@example.org")
    with app.test_request_context():
        assert profile_values(member)["contact_email"] == ""
    notices.record_consents(owner, ["account", "public_chart"], utcnow())
    db.session.commit()
    with app.test_request_context():
        assert profile_values(member)["contact_email"] == "intro.login@example.org"
