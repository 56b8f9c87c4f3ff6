"""Logging in and out: generic errors, inactive accounts, safe next, rate limit, cookies."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from scheduler_app.accounts.models import Person
from scheduler_app.extensions import db
from tests.factories import DEFAULT_PASSWORD, make_person

EN = {"Accept-Language": "en"}


def login(client: FlaskClient, email: str, password: str = DEFAULT_PASSWORD, **kw: object):
    data = {"email": email, "password": password, **kw}
    return client.post("/login", data=data, headers=EN)


def test_good_login_signs_in_and_records_time(client: FlaskClient, make_person) -> None:
    person = make_person(email="host@example.org")
    assert person.last_login_at is None
    response = login(client, "HOST@example.org")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    db.session.expire_all()
    assert db.session.get(Person, person.id).last_login_at is not None
    assert client.get("/profile").status_code == 200


@pytest.mark.parametrize(
    ("email", "password"),
    [("host@example.org", "wrong password!"), ("nobody@example.org", DEFAULT_PASSWORD)],
)
def test_bad_login_rerenders_with_generic_error(
    client: FlaskClient, make_person, email: str, password: str
) -> None:
    make_person(email="host@example.org")
    response = login(client, email, password)
    assert response.status_code == 400
    assert "The e-mail address or password is incorrect." in response.get_data(as_text=True)
    assert client.get("/profile").status_code == 302


def test_bad_login_message_is_translated(client: FlaskClient, make_person) -> None:
    make_person(email="host@example.org")
    response = client.post(
        "/login",
        data={"email": "host@example.org", "password": "nope nope nope"},
        headers={"Accept-Language": "th"},
    )
    assert response.status_code == 400
    assert "The e-mail address or password is incorrect." not in response.get_data(as_text=True)


def test_inactive_account_cannot_log_in(client: FlaskClient, make_person) -> None:
    make_person(email="gone@example.org", is_active_account=False)
    response = login(client, "gone@example.org")
    assert response.status_code == 400
    assert "deactivated" in response.get_data(as_text=True)
    assert client.get("/profile").status_code == 302


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [("/profile", "/profile"), ("https://evil.example/", "/"), ("//evil.example/x", "/")],
)
def test_next_is_followed_only_on_site(
    client: FlaskClient, make_person, next_url: str, expected: str
) -> None:
    make_person(email="host@example.org")
    response = client.post(
        "/login",
        query_string={"next": next_url},
        data={"email": "host@example.org", "password": DEFAULT_PASSWORD},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_logout_requires_post(client: FlaskClient, auth, make_person) -> None:
    auth.login_as(make_person())
    assert client.get("/logout").status_code == 405
    assert client.get("/profile").status_code == 200
    assert client.post("/logout").status_code == 302
    assert client.get("/profile").status_code == 302


def test_login_is_rate_limited(make_app: Callable[..., Flask]) -> None:
    app = make_app(LOGIN_RATE_LIMIT="3 per minute")
    with app.app_context():
        make_person(email="host@example.org")
        client = app.test_client()
        codes = [login(client, "host@example.org", "wrong password!").status_code for _ in range(4)]
        assert codes == [400, 400, 400, 429]
        assert "Too many attempts" in login(client, "host@example.org").get_data(as_text=True)
        # Reading the form is never limited.
        assert client.get("/login").status_code == 200


def test_csrf_is_enforced_on_login(make_app: Callable[..., Flask]) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        make_person(email="host@example.org")
        client = app.test_client()
        response = login(client, "host@example.org")
        assert response.status_code == 400
        assert client.get("/profile").status_code == 302
        # With the token from the rendered form, the same login succeeds.
        form_html = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form_html)
        assert token, form_html
        assert login(client, "host@example.org", csrf_token=token.group(1)).status_code == 302


def test_session_cookie_flags(client: FlaskClient, make_person) -> None:
    make_person(email="host@example.org")
    response = login(client, "host@example.org", remember="y")
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies
    flags = {part.strip().lower() for part in cookies[0].split(";")[1:]}
    assert {"httponly", "secure", "samesite=lax"} <= flags
    remember = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_")]
    assert remember and "HttpOnly" in remember[0] and "Secure" in remember[0]


def test_production_without_secret_key_refuses_to_start(
    make_app: Callable[..., Flask],
) -> None:
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        make_app(ENV_NAME="production", SECRET_KEY=None)
