"""Sessions end when they should: a copied session (or remember-me) cookie opens nothing
after log-out, a password change, a reset, deactivation or "log out everywhere"."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from scheduler_app.accounts.models import Person
from scheduler_app.extensions import db
from scheduler_app.mail.models import OutboxMessage
from tests.factories import DEFAULT_PASSWORD

NEW_PASSWORD = "an entirely new secret"


def _log_in(client: FlaskClient, person: Person, remember: bool = False) -> None:
    data = {"email": person.email, "password": DEFAULT_PASSWORD}
    if remember:
        data["remember"] = "y"
    assert client.post("/login", data=data).status_code == 302


def _copy(app: Flask, source: FlaskClient, *names: str) -> FlaskClient:
    """Another browser holding copies of ``source``'s cookies."""
    thief = app.test_client()
    for name in names:
        cookie = source.get_cookie(name)
        if cookie is not None:
            thief.set_cookie(name, cookie.value)
    return thief


def _opens_profile(client: FlaskClient) -> bool:
    return client.get("/profile").status_code == 200


@pytest.fixture
def person(make_person) -> Person:
    return make_person(email="somsri@example.org", preferred_language="en")


def test_a_copied_cookie_dies_at_log_out(app, client, person):
    _log_in(client, person)
    thief = _copy(app, client, "session")
    assert _opens_profile(thief)
    client.post("/logout")
    assert not _opens_profile(thief)
    assert not _opens_profile(client)


def test_a_copied_remember_me_cookie_dies_at_log_out(app, client, person):
    _log_in(client, person, remember=True)
    thief = _copy(app, client, "remember_token")
    assert _opens_profile(thief)  # restored from the remember-me cookie alone
    client.post("/logout")
    assert not _opens_profile(_copy(app, thief, "remember_token"))


def test_a_password_change_ends_other_sessions_but_keeps_this_one(app, client, person):
    _log_in(client, person)
    other = app.test_client()
    _log_in(other, person)
    response = client.post(
        "/profile/password",
        data={
            "password-current_password": DEFAULT_PASSWORD,
            "password-password": NEW_PASSWORD,
            "password-confirm": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert _opens_profile(client)
    assert not _opens_profile(other)


def test_a_password_reset_ends_every_session(app, client, person):
    _log_in(client, person)
    stranger = app.test_client()
    stranger.post("/reset-password", data={"email": person.email})
    message = db.session.execute(db.select(OutboxMessage)).scalar_one()
    path = re.search(r"https://ruamjai\.test(/\S+)", message.body_text).group(1)
    response = stranger.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert not _opens_profile(client)


def test_deactivation_ends_every_session(app, client, person, make_person):
    _log_in(client, person)
    admin = make_person(role="admin")
    admin_browser = app.test_client()
    with admin_browser.session_transaction() as sess:
        sess["_user_id"] = str(admin.id)
    response = admin_browser.post(
        f"/admin/people/{person.id}", data={"role": "member", "member_id": ""}
    )
    assert response.status_code == 302
    db.session.refresh(person)
    assert not person.is_active_account
    assert not _opens_profile(client)


def test_log_out_everywhere_from_the_profile(app, client, person):
    _log_in(client, person, remember=True)
    phone = app.test_client()
    _log_in(phone, person, remember=True)
    copied = _copy(app, phone, "session", "remember_token")
    page = client.get("/profile").get_data(as_text=True)
    assert "/profile/sessions/end" in page
    response = client.post("/profile/sessions/end")
    assert response.status_code == 302
    for browser in (client, phone, copied):
        assert not _opens_profile(browser)
    # Logging in again works as usual.
    _log_in(phone, person)
    assert _opens_profile(phone)


@pytest.mark.parametrize("bad_id", ["1:x", "x", "1:", ":1", "99999999999999999999", "1:1:1", ""])
def test_a_forged_session_id_opens_nothing(client, person, bad_id):
    with client.session_transaction() as sess:
        sess["_user_id"] = bad_id.replace("1", str(person.id), 1) if bad_id else bad_id
    assert client.get("/profile").status_code == 302
