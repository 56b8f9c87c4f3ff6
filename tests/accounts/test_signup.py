"""Signing up: the same answer for known and unknown addresses, the address proven by a
mailed link, errors beside fields, nothing half-saved."""

from __future__ import annotations

import re
from email import message_from_string

import pytest
from flask.testing import FlaskClient

from scheduler_app.accounts import services
from scheduler_app.accounts.models import Person, Role
from scheduler_app.extensions import db
from scheduler_app.mail.models import OutboxMessage
from tests.accounts.helpers import GOOD_PASSWORD, field_error, person_count, signup_data


def outbox() -> list[OutboxMessage]:
    return list(db.session.execute(db.select(OutboxMessage).order_by(OutboxMessage.id)).scalars())


def link_in(message: OutboxMessage) -> str:
    match = re.search(r"https://ruamjai\.test(/\S+)", message.body_text)
    assert match, message.body_text
    return match.group(1)


def test_signup_makes_an_unconfirmed_member_and_mails_a_link(client: FlaskClient) -> None:
    response = client.post("/signup", data=signup_data(), headers={"Accept-Language": "en"})
    assert response.status_code == 302 and response.location.endswith("/login")
    person = db.session.execute(db.select(Person)).scalar_one()
    assert person.email == "somsri@example.org"
    assert person.role == Role.MEMBER
    assert person.preferred_language == "th"
    assert person.honorific == "นางสาว"
    assert not person.is_email_confirmed and person.last_login_at is None
    assert person.check_password(GOOD_PASSWORD)
    # Not signed in yet, and the password alone does not sign in before confirming.
    assert client.get("/profile").status_code == 302
    login = client.post("/login", data={"email": person.email, "password": GOOD_PASSWORD})
    assert login.status_code == 400
    (message,) = outbox()
    assert message.kind == "signup_confirm" and message.recipient == "somsri@example.org"


def test_the_link_confirms_signs_in_and_welcomes_once(client: FlaskClient) -> None:
    client.post("/signup", data=signup_data(preferred_language="en"))
    (confirm,) = outbox()
    link = link_in(confirm)
    response = client.get(link)
    assert response.status_code == 302 and response.location.endswith("/profile")
    person = db.session.execute(db.select(Person)).scalar_one()
    assert person.is_email_confirmed and person.last_login_at is not None
    assert client.get("/profile").status_code == 200
    welcome = outbox()[-1]
    assert welcome.dedupe_key == f"welcome:person:{person.id}"
    assert (welcome.recipient, welcome.language) == ("somsri@example.org", "en")
    assert "https://ruamjai.test/profile" in welcome.body_text
    # A used link cannot sign anyone in again.
    client.post("/logout")
    assert client.get(link).status_code == 400
    assert client.get("/profile").status_code == 302


def test_a_tampered_link_is_refused(client: FlaskClient) -> None:
    client.post("/signup", data=signup_data())
    link = link_in(outbox()[0])
    assert client.get(link[:-3] + "xyz").status_code == 400
    assert not db.session.execute(db.select(Person)).scalar_one().is_email_confirmed


def _page_for(client: FlaskClient, email: str) -> tuple[int, str]:
    response = client.post(
        "/signup",
        data=signup_data(email=email),
        headers={"Accept-Language": "en"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    # Only the echoed address may differ between the two answers (and the CSRF token of
    # the language form, which is time-stamped to the second, whoever asks).
    page = re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token" value="TOKEN"', page)
    return response.status_code, page.replace(email.strip().lower(), "ADDRESS")


def test_known_and_unknown_addresses_get_the_same_answer(client: FlaskClient, make_person):
    known = make_person(email="somsri@example.org", preferred_language="en")
    known_answer = _page_for(client, "  SOMSRI@example.org ")
    unknown_answer = _page_for(client, "somchai@example.org")
    assert known_answer == unknown_answer
    assert known_answer[0] == 200
    # The registered person is told by mail, with a way back in; no second account.
    assert person_count() == 2
    attempt = next(m for m in outbox() if m.recipient == known.email)
    assert attempt.kind == "signup_attempt"
    assert "/reset-password/" in attempt.body_text
    parsed = message_from_string(f"Subject: {attempt.subject}\n\n{attempt.body_text}")
    assert "tried to sign up" in parsed["Subject"]
    # The reset link in it works.
    reset = client.get(link_in(attempt))
    assert reset.status_code == 200


def test_repeated_attempts_mail_the_owner_once_a_day(client: FlaskClient, make_person):
    make_person(email="somsri@example.org")
    for _ in range(3):
        client.post("/signup", data=signup_data())
    assert [m.kind for m in outbox()] == ["signup_attempt"]


def test_a_lost_race_answers_the_same(
    client: FlaskClient, make_person, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_person(email="somsri@example.org")
    # The other sign-up commits between our check and our insert.
    monkeypatch.setattr(services, "find_person_by_email", lambda email: None)
    response = client.post("/signup", data=signup_data(), headers={"Accept-Language": "en"})
    assert response.status_code == 302 and response.location.endswith("/login")
    assert person_count() == 1
    assert outbox() == []


@pytest.mark.parametrize(
    ("overrides", "field_id", "expected"),
    [
        ({"password": "short", "confirm": "short"}, "password", "between 10 and 200"),
        ({"confirm": "something else entirely"}, "confirm", "do not match"),
        ({"given_name": "ก" * 101}, "given_name", "at most 100"),
        ({"family_name": "x" * 101}, "family_name", "at most 100"),
        ({"honorific": "x" * 41}, "honorific", "at most 40"),
        ({"email": "not-an-email"}, "email", "valid e-mail"),
        ({"email": ""}, "email", "required"),
        ({"preferred_language": "fr"}, "preferred_language", "Not a valid choice"),
        ({"email": "ผู้ใช้@ตัวอย่าง.ไทย"}, "email", "Latin letters"),
        ({"email": "user@ตัวอย่าง.ไทย"}, "email", "Latin letters"),
        ({"email": "ผู้ใช้@example.org"}, "email", "Latin letters"),
    ],
)
def test_bad_input_is_400_with_error_beside_field(
    client: FlaskClient, overrides: dict[str, str], field_id: str, expected: str
) -> None:
    response = client.post(
        "/signup", data=signup_data(**overrides), headers={"Accept-Language": "en"}
    )
    assert response.status_code == 400
    assert expected in field_error(response.get_data(as_text=True), field_id)
    assert person_count() == 0
    assert outbox() == []


def test_undeliverable_address_message_is_thai(client: FlaskClient) -> None:
    response = client.post(
        "/signup",
        data=signup_data(email="ผู้ใช้@ตัวอย่าง.ไทย"),
        headers={"Accept-Language": "th"},
    )
    assert response.status_code == 400
    assert "อักษรละติน" in field_error(response.get_data(as_text=True), "email")


def test_signed_in_person_is_sent_home(client: FlaskClient, auth, make_person) -> None:
    auth.login_as(make_person())
    response = client.get("/signup")
    assert response.status_code == 302
