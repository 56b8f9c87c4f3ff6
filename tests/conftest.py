"""Shared fixtures: an app on a fresh database per test, a client, a CLI runner,
factories and a login helper.

``TEST_DATABASE_URL`` (PostgreSQL) runs every test against that database; unset, each
test gets its own SQLite file. Under pytest-xdist (``make test`` runs in parallel) each
worker gets its own PostgreSQL database, ``<name>_<worker>``, created on first use.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask, g
from flask.testing import FlaskClient, FlaskCliRunner
from hypothesis import HealthCheck, settings
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from config import normalise_database_url
from scheduler_app import create_app
from scheduler_app.extensions import db
from tests import factories

# Property tests check answers, not speed: on a loaded machine (CI runs two suites and
# the browser) generating examples can be slow, which must not fail a test.
settings.register_profile("ruamjai", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ruamjai")


def _per_worker_database(url: str | None) -> str | None:
    """This xdist worker's own database next to ``url`` (tests empty tables per test)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    base = sa.engine.make_url(normalise_database_url(url))
    name = f"{base.database}_{worker}"
    engine = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            found = conn.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ).first()
            if found is None:
                conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


TEST_DATABASE_URL = _per_worker_database(os.environ.get("TEST_DATABASE_URL"))
if TEST_DATABASE_URL:
    os.environ["TEST_DATABASE_URL"] = TEST_DATABASE_URL
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
        # Fast hashing in tests only; production uses scrypt.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    }


class _SharedBytecodeCache(BytecodeCache):
    """Compiled templates shared by every test app (each test builds a new app)."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._store:
            bucket.bytecode_from_string(self._store[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


_BYTECODE_CACHE = _SharedBytecodeCache()


@pytest.fixture(scope="session")
def schema_template(tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    """Build the schema once per run: a SQLite file to copy, or the PostgreSQL tables."""
    folder = tmp_path_factory.mktemp("schema")
    application = create_app(base_test_config(folder))
    with application.app_context():
        db.drop_all()
        db.create_all()
        db.session.remove()
        db.engine.dispose()
    return None if TEST_DATABASE_URL else folder / "test.sqlite3"


def _empty_tables(app: Flask) -> None:
    """Empty every table on PostgreSQL (far faster than DDL per test)."""
    with app.app_context():
        db.session.remove()
        existing = set(sa.inspect(db.engine).get_table_names())
        if not set(db.metadata.tables) <= existing:
            db.drop_all()
            db.create_all()
            return
        names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        with db.engine.begin() as conn:
            conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


def _fresh_globals() -> None:
    # The test's app context is reused by every request in a test; without this,
    # Flask-Login's cached user and Babel's cached locale would leak between requests.
    g.__dict__.clear()


@pytest.fixture
def make_app(tmp_path: Path, schema_template: Path | None) -> Iterator[Callable[..., Flask]]:
    """Build an app with extra config on a fresh schema (``make_app(WTF_CSRF_ENABLED=True)``)."""
    built: list[Flask] = []

    def _make(**overrides: Any) -> Flask:
        config = base_test_config(tmp_path)
        config.update(overrides)
        if not built and schema_template is not None:
            shutil.copyfile(schema_template, tmp_path / "test.sqlite3")
        application = create_app(config)
        application.jinja_env.bytecode_cache = _BYTECODE_CACHE
        application.before_request_funcs.setdefault(None, []).insert(0, _fresh_globals)
        if not built and schema_template is None:
            _empty_tables(application)
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
