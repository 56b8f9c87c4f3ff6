"""Shared fixtures: an app on a fresh database per test, a client, a CLI runner,
factories and a login helper.

``TEST_DATABASE_URL`` (PostgreSQL) runs every test against that database; unset, each
test gets its own SQLite file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from config import normalise_database_url
from scheduler_app import create_app
from scheduler_app.extensions import db
from tests import factories

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL")


def database_url(tmp_path: Path) -> str:
    if TEST_DATABASE_URL:
        return normalise_database_url(TEST_DATABASE_URL)
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


def base_test_config(tmp_path: Path) -> dict[str, Any]:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SQLALCHEMY_DATABASE_URI": database_url(tmp_path),
        "WTF_CSRF_ENABLED": False,
        "BASE_URL": "https://ruamjai.test",
        "SERVER_NAME": None,
        "MAIL_SERVER": None,
        "MAIL_DEFAULT_SENDER": "Ruamjai <no-reply@ruamjai.test>",
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "LOGIN_RATE_LIMIT": "1000 per minute",
        "RATELIMIT_STORAGE_URI": "memory://",
    }


def _reset_schema(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.create_all()


@pytest.fixture
def make_app(tmp_path: Path) -> Iterator[Callable[..., Flask]]:
    """Build an app with extra config on a fresh schema (``make_app(WTF_CSRF_ENABLED=True)``)."""
    built: list[Flask] = []

    def _make(**overrides: Any) -> Flask:
        config = base_test_config(tmp_path)
        config.update(overrides)
        application = create_app(config)
        if not built:
            _reset_schema(application)
        built.append(application)
        return application

    yield _make
    for application in built:
        with application.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Iterator[Flask]:
    application = make_app()
    with application.app_context():
        yield application
        db.session.remove()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def make_member(app: Flask) -> Callable[..., Any]:
    return factories.make_member


@pytest.fixture
def make_person(app: Flask) -> Callable[..., Any]:
    return factories.make_person


@pytest.fixture
def make_venue(app: Flask) -> Callable[..., Any]:
    return factories.make_venue


class AuthActions:
    """Sign a person in or out of the test client without going through the form."""

    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def login_as(self, person: Any) -> Any:
        with self._client.session_transaction() as sess:
            sess["_user_id"] = str(person.id)
            sess["_fresh"] = True
        return person

    def logout(self) -> None:
        with self._client.session_transaction() as sess:
            sess.clear()


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)
