"""Signing up: a member account, normalised e-mail, errors beside fields, nothing half-saved."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from scheduler_app.accounts import services
from scheduler_app.accounts.models import Person, Role
from scheduler_app.extensions import db
from scheduler_app.mail.models import OutboxMessage
from tests.accounts.helpers import GOOD_PASSWORD, field_error, person_count, signup_data


def test_signup_creates_member_and_logs_in(client: FlaskClient) -> None:
    response = client.post("/signup", data=signup_data())
    assert response.status_code == 302
    person = db.session.execute(db.select(Person)).scalar_one()
    assert person.email == "somsri@example.org"
    assert person.role == Role.MEMBER
    assert person.preferred_language == "th"
    assert person.honorific == "นางสาว"
    assert person.last_login_at is not None
    assert person.password_hash != GOOD_PASSWORD
    assert person.check_password(GOOD_PASSWORD)
    # Signed in: the profile page opens instead of redirecting to the login page.
    assert client.get("/profile").status_code == 200


def test_signup_queues_one_welcome_mail_in_their_language(client: FlaskClient) -> None:
    client.post("/signup", data=signup_data(preferred_language="en"))
    person = db.session.execute(db.select(Person)).scalar_one()
    (message,) = db.session.execute(db.select(OutboxMessage)).scalars()
    assert message.dedupe_key == f"welcome:person:{person.id}"
    assert (message.recipient, message.language) == ("somsri@example.org", "en")
    assert "https://ruamjai.test/profile" in message.body_text


def test_duplicate_email_any_case_is_a_field_error(client: FlaskClient, make_person) -> None:
    make_person(email="somsri@example.org")
    response = client.post(
        "/signup",
        data=signup_data(email="  SOMSRI@example.org "),
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert field_error(html, "email") == "This e-mail address is already registered."
    assert person_count() == 1


def test_duplicate_email_lost_race_shows_same_error(
    client: FlaskClient, make_person, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_person(email="somsri@example.org")
    # The other sign-up commits between our check and our insert.
    monkeypatch.setattr(services, "find_person_by_email", lambda email: None)
    response = client.post("/signup", data=signup_data(), headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "already registered" in field_error(response.get_data(as_text=True), "email")
    assert person_count() == 1
    assert db.session.execute(db.select(OutboxMessage)).first() is None


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


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "This e-mail address is already registered."), ("th", "อีเมลนี้ลงทะเบียนไว้แล้ว")],
)
def test_duplicate_error_is_translated(
    client: FlaskClient, make_person, language: str, expected: str
) -> None:
    make_person(email="somsri@example.org")
    response = client.post("/signup", data=signup_data(), headers={"Accept-Language": language})
    assert response.status_code == 400
    assert field_error(response.get_data(as_text=True), "email") == expected


def test_signed_in_person_is_sent_home(client: FlaskClient, auth, make_person) -> None:
    auth.login_as(make_person())
    response = client.get("/signup")
    assert response.status_code == 302
