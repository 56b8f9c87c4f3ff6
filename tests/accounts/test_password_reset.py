"""Password reset: no enumeration, an e-mailed single-use expiring link."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from urllib.parse import urlsplit

import itsdangerous.timed
import pytest
from flask import Flask
from flask.testing import FlaskClient

from scheduler_app.accounts.models import Person
from scheduler_app.accounts.services import make_reset_token
from scheduler_app.extensions import db
from scheduler_app.mail.models import OutboxMessage
from tests.factories import make_person

NEW_PASSWORD = "brand new password 2569"
EN = {"Accept-Language": "en"}


def outbox() -> list[OutboxMessage]:
    return list(db.session.execute(db.select(OutboxMessage)).scalars())


def reset_link(message: OutboxMessage) -> str:
    match = re.search(r"https://ruamjai\.test(/reset-password/\S+)", message.body_text)
    assert match, message.body_text
    return match.group(1)


def request_reset(client: FlaskClient, email: str):
    return client.post("/reset-password", data={"email": email}, headers=EN)


def test_request_for_unknown_address_looks_the_same(client: FlaskClient, make_person) -> None:
    make_person(email="known@example.org")
    known = request_reset(client, "known@example.org")
    unknown = request_reset(client, "unknown@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    page = client.get(unknown.headers["Location"], headers=EN).get_data(as_text=True)
    assert "If that address is registered" in page
    assert [m.recipient for m in outbox()] == ["known@example.org"]


def test_full_reset_flow(client: FlaskClient, make_person) -> None:
    person = make_person(email="somsak@example.org", preferred_language="en")
    old_hash = person.password_hash
    assert request_reset(client, "Somsak@Example.org").status_code == 302
    (message,) = outbox()
    assert message.kind == "password_reset"
    assert message.person_id == person.id
    assert message.language == "en"
    assert message.dedupe_key.startswith(f"password-reset:{person.id}:")
    link = reset_link(message)
    assert link in message.body_html.replace("&amp;", "&")

    assert client.get(link).status_code == 200
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    db.session.expire_all()
    person = db.session.get(Person, person.id)
    assert person.password_hash != old_hash
    assert person.password_hash != NEW_PASSWORD

    logged_in = client.post(
        "/login", data={"email": "somsak@example.org", "password": NEW_PASSWORD}
    )
    assert logged_in.status_code == 302
    client.post("/logout")

    # The link is single-use: the password changed, so it no longer works.
    again = client.get(link, headers=EN)
    assert again.status_code == 400
    assert "not valid or has already been used" in again.get_data(as_text=True)
    reuse = client.post(
        link, data={"password": "yet another password", "confirm": "yet another password"}
    )
    assert reuse.status_code == 400
    db.session.expire_all()
    assert db.session.get(Person, person.id).check_password(NEW_PASSWORD)


def test_reset_form_validates_new_password(client: FlaskClient, make_person) -> None:
    make_person(email="somsak@example.org")
    request_reset(client, "somsak@example.org")
    link = reset_link(outbox()[0])
    response = client.post(link, data={"password": "short", "confirm": "short"}, headers=EN)
    assert response.status_code == 400
    assert "between 10 and 200" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "This reset link has expired. Please ask for a new one."),
        ("th", "ลิงก์ตั้งรหัสผ่านใหม่นี้หมดอายุแล้ว กรุณาขอลิงก์ใหม่"),
    ],
)
def test_expired_link_is_refused_with_translated_message(
    make_app: Callable[..., Flask], language: str, expected: str
) -> None:
    app = make_app(PASSWORD_RESET_MAX_AGE=-1)
    with app.app_context():
        make_person(email="late@example.org")
        client = app.test_client()
        request_reset(client, "late@example.org")
        link = reset_link(outbox()[0])
    # A fresh app context per request, so the locale is chosen anew.
    with app.app_context():
        response = client.get(link, headers={"Accept-Language": language})
    assert response.status_code == 400
    assert expected in response.get_data(as_text=True)


def test_link_signed_long_ago_is_expired(
    client: FlaskClient, make_person, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = make_person()
    two_hours_ago = time.time() - 2 * 3600
    with monkeypatch.context() as m:
        m.setattr(itsdangerous.timed.time, "time", lambda: two_hours_ago)
        token = make_reset_token(person)
    response = client.get(f"/reset-password/{token}", headers=EN)
    assert response.status_code == 400
    assert "This reset link has expired" in response.get_data(as_text=True)


@pytest.mark.parametrize("token", ["garbage", "eyJpZCI6MX0.abc.def"])
def test_tampered_link_is_refused(client: FlaskClient, token: str) -> None:
    response = client.get(f"/reset-password/{token}", headers=EN)
    assert response.status_code == 400
    assert urlsplit(response.request.url).path.startswith("/reset-password/")


def test_reset_request_validates_address(client: FlaskClient) -> None:
    response = request_reset(client, "not an address")
    assert response.status_code == 400
    assert outbox() == []
