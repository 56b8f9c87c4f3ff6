"""Consent to mail is enforced by the senders: nothing but account mail is queued for,
or sent to, a person who withdrew it; a withdrawal or opt-out between queuing and
sending still stops the mail; a person without an address gets nothing and breaks
nothing. Read through the real outbox, a real SMTP server and the email parser."""

from __future__ import annotations

import io
import json
import zipfile

import sqlalchemy as sa

from scheduler_app.accounts import notices
from scheduler_app.accounts.mail_preferences import Category, queue_for_person
from scheduler_app.accounts.models import Person
from scheduler_app.accounts.privacy_models import ConsentRecord
from scheduler_app.directory.contacts import responsible_recipients
from scheduler_app.events.registration.operations import register_participant
from scheduler_app.extensions import db, utcnow
from scheduler_app.mail.models import OutboxMessage
from scheduler_app.mail.sending import REFUSED_ERROR
from tests.delivery import outbox


def recipients(messages) -> list[str]:
    return [m["To"].addresses[0].addr_spec for m in messages]


def notice_for(app, person: Person, key: str, *, kind: str = "generic_notice",
               category: Category | None = None) -> None:  # fmt: skip
    with app.test_request_context():
        queue_for_person(kind, person, {"heading": "ข่าว", "body": "ข่าวสารเครือข่าย"}, key,
                         category=category)  # fmt: skip
    db.session.commit()


def test_withdrawing_mail_consent_stops_queued_and_new_mail_but_not_a_password_reset(
    app, client, auth, make_person, make_event, deliver_all
):
    person = make_person(email="withdraws@example.org", preferred_language="en")
    event = make_event()
    auth.login_as(person)
    client.post("/privacy/choices", data={"purposes": ["account", "mail"]})
    notice_for(app, person, "test:before-withdrawal")
    assert [r.status for r in outbox(person_id=person.id)] == ["pending"]

    # Withdrawing is one click on the same form; the queued notice is withdrawn with it.
    assert client.post("/privacy/choices", data={"purposes": ["account"]}).status_code == 302
    assert [r.status for r in outbox(person_id=person.id)] == ["withdrawn"]
    auth.logout()

    # New mail of any kind but account mail is not queued at all.
    notice_for(app, person, "test:after-withdrawal")
    register_participant(event, person, utcnow())
    db.session.commit()
    assert [r.kind for r in outbox(person_id=person.id)] == ["generic_notice"]

    # A password reset still reaches them: they must be able to get into their account.
    response = client.post("/reset-password", data={"email": person.email})
    assert response.status_code in (200, 302)
    sent = deliver_all()
    assert recipients(sent) == [person.email]
    assert outbox(person_id=person.id)[-1].kind == "password_reset"
    assert "reset-password/" in sent[0].get_body(("plain",)).get_content()


def test_a_withdrawal_between_queuing_and_sending_is_honoured_at_send_time(
    app, make_person, deliver_all
):
    stays = make_person(email="stays@example.org")
    leaves = make_person(email="leaves@example.org")
    for person in (stays, leaves):
        notices.record_consents(person, ["account", "mail"], utcnow())
    db.session.commit()
    notice_for(app, stays, "test:race:stays")
    notice_for(app, leaves, "test:race:leaves")
    with app.test_request_context():
        from scheduler_app.accounts.services import queue_welcome_mail

        queue_welcome_mail(leaves)
    # Another worker records the withdrawal after the mail was queued (no clean-up ran).
    db.session.add(ConsentRecord(person_id=leaves.id, purpose="mail", is_given=False,
                                 notice_version=0, recorded_at=utcnow()))  # fmt: skip
    db.session.commit()
    sent = deliver_all()
    assert sorted(recipients(sent)) == ["leaves@example.org", "stays@example.org"]
    assert {m["Subject"] for m in sent if recipients([m]) == [leaves.email]} == {
        outbox(person_id=leaves.id, kind="welcome")[0].subject
    }
    [refused] = outbox(person_id=leaves.id, kind="generic_notice")
    assert refused.status == "withdrawn" and refused.last_error == REFUSED_ERROR
    assert refused.sent_at is None


def test_an_opt_out_or_an_erasure_after_queuing_stops_the_mail_at_send_time(
    app, make_person, deliver_all
):
    opted = make_person(email="opted@example.org")
    erased = make_person(email="erased@example.org")
    notice_for(app, opted, "test:opt:reminder", kind="generic_notice",
               category=Category.REMINDERS)  # fmt: skip
    row = outbox(person_id=opted.id)[0]
    row.kind = "reminder"  # a reminder row, as the reminders job queues it
    notice_for(app, erased, "test:erased:notice")
    db.session.execute(sa.update(Person).where(Person.id == opted.id).values(wants_reminders=False))
    db.session.execute(sa.update(Person).where(Person.id == erased.id).values(erased_at=utcnow()))
    db.session.commit()
    assert deliver_all() == []
    assert {r.status for r in db.session.execute(sa.select(OutboxMessage)).scalars()} == {
        "withdrawn"
    }


def test_a_contact_without_an_address_gets_no_mail_and_breaks_nothing(
    app, client, auth, make_member, make_person, deliver_all
):
    member = make_member(name_th="อบต.ไม่มีอีเมล", contact_email="office@abt.example")
    admin = make_person(role="admin", preferred_language="en")
    auth.login_as(make_person(role="coordinator"))
    data = {"given_name": "สมปอง", "email": "", "chart_order": "0"}
    response = client.post(f"/members/{member.id}/people", data=data)
    assert response.status_code == 302
    contact = db.session.execute(sa.select(Person).where(Person.given_name == "สมปอง")).scalar_one()
    assert contact.email is None

    # Mail paths skip them: nothing queued, and "who answers" falls back to the office.
    notice_for(app, contact, "test:contact:notice")
    assert outbox(person_id=contact.id) == []
    [recipient] = responsible_recipients(member)
    assert recipient.email == "office@abt.example" and recipient.person is None
    assert deliver_all() == []

    # Nobody can log in as them, whatever is typed as the address.
    auth.logout()
    assert client.post("/login", data={"email": "", "password": "x" * 12}).status_code == 400
    assert client.post("/reset-password", data={"email": ""}).status_code == 400

    # Directory and admin pages show them without an address.
    auth.login_as(admin)
    page = client.get("/admin/people?q=สมปอง").get_data(as_text=True)
    assert "สมปอง" in page and "Contact without a login" in page
    assert client.get(f"/admin/people/{contact.id}").status_code == 200

    # Their data can be exported and erased on request.
    export = client.get(f"/admin/people/{contact.id}/export.zip")
    assert export.status_code == 200
    with zipfile.ZipFile(io.BytesIO(export.data)) as archive:
        names = archive.namelist()
        profile = json.loads(archive.read(next(n for n in names if n.endswith(".json"))))
    text = json.dumps(profile, ensure_ascii=False)
    assert "สมปอง" in text
    erase = client.post(f"/admin/people/{contact.id}/erase", data={"confirm": "y"})
    assert erase.status_code == 302
    db.session.expire_all()
    assert db.session.get(Person, contact.id).erased_at is not None
    assert "สมปอง" not in client.get(f"/members/{member.id}/people").get_data(as_text=True)
