"""``/readyz``: 200 when the database, Redis, workers, beat and schema are all fine, 503
naming the part that is not; each failure made real with a wrong URL or an old revision.
Parts that need a live Redis skip without TEST_REDIS_URL."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from scheduler_app import create_app, health
from scheduler_app.extensions import db
from scheduler_app.tasks import HEARTBEAT_TASK, _worker_ready, _worker_shutdown, make_celery
from tests.conftest import TEST_REDIS_URL, base_test_config

needs_redis = pytest.mark.skipif(not TEST_REDIS_URL, reason="needs TEST_REDIS_URL")
PARTS = {"database", "migrations", "redis", "workers", "beat"}
ANSWERS = {health.OK, health.FAILED, health.NOT_CONFIGURED}
INITIAL_REVISION = "2b8d78198d7a"


def stamp(app: Flask, revision: str = "head") -> None:
    """What ``flask db upgrade`` leaves behind: the schema's Alembic revision."""
    result = app.test_cli_runner().invoke(args=["db", "stamp", revision])
    assert result.exit_code == 0, result.output


@pytest.fixture
def ready_app(make_app: Callable[..., Flask]) -> Iterator[Callable[..., Flask]]:
    """An app whose database is stamped at the head revision; the stamp is removed after."""
    built: list[Flask] = []

    def _make(**overrides: Any) -> Flask:
        application = make_app(**({"REDIS_URL": None} | overrides))
        stamp(application)
        built.append(application)
        return application

    yield _make
    for application in built:
        with application.app_context(), db.engine.begin() as conn:
            conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))


def readyz(app: Flask) -> tuple[int, dict[str, Any]]:
    response = app.test_client().get("/readyz")
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert set(body["checks"]) == PARTS
    assert set(body["checks"].values()) <= ANSWERS
    return response.status_code, body


def test_ready_without_redis_or_workers_configured(ready_app: Callable[..., Flask]) -> None:
    status, body = readyz(ready_app())
    assert status == 200
    assert body == {
        "status": "ready",
        "checks": {
            "database": "ok",
            "migrations": "ok",
            "redis": "not configured",
            "workers": "not configured",
            "beat": "not configured",
        },
    }


def test_unreachable_database_is_503_and_says_database(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "db.sqlite3"
    config = base_test_config(tmp_path) | {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{missing}"}
    app = create_app(config | {"REDIS_URL": None})
    status, body = readyz(app)
    assert status == 503
    assert body["status"] == "not ready"
    assert body["checks"]["database"] == "failed"
    assert body["checks"]["migrations"] == "failed"
    assert str(missing) not in str(body)


def test_schema_never_migrated_is_503(make_app: Callable[..., Flask]) -> None:
    status, body = readyz(make_app(REDIS_URL=None))
    assert status == 503
    assert body["checks"] | {"migrations": "?"} == {
        "database": "ok",
        "migrations": "?",
        "redis": "not configured",
        "workers": "not configured",
        "beat": "not configured",
    }
    assert body["checks"]["migrations"] == "failed"


def test_schema_behind_the_migrations_is_503(ready_app: Callable[..., Flask]) -> None:
    app = ready_app()
    stamp(app, INITIAL_REVISION)
    status, body = readyz(app)
    assert (status, body["checks"]["migrations"]) == (503, "failed")
    stamp(app)
    assert readyz(app)[0] == 200


def test_unreachable_redis_is_503_and_hides_its_url(ready_app: Callable[..., Flask]) -> None:
    url = "redis://:hunter2@127.0.0.1:1/0"
    status, body = readyz(ready_app(REDIS_URL=url))
    assert status == 503
    assert body["checks"]["redis"] == "failed"
    assert body["checks"]["database"] == "ok"
    assert "hunter2" not in str(body) and "127.0.0.1" not in str(body)


def test_unreachable_broker_fails_redis_workers_and_beat(ready_app: Callable[..., Flask]) -> None:
    status, body = readyz(ready_app(CELERY_BROKER_URL="redis://127.0.0.1:1/0"))
    assert status == 503
    assert {k: body["checks"][k] for k in ("redis", "workers", "beat")} == {
        "redis": "failed",
        "workers": "failed",
        "beat": "failed",
    }


def test_readyz_needs_no_login_and_sets_no_cookie(ready_app: Callable[..., Flask]) -> None:
    # (Its rate-limit exemption is not driven here: a default limit set through one test
    # app's config stays on the shared limiter for every later test.)
    client = ready_app().test_client()
    responses = [client.get("/readyz") for _ in range(5)]
    assert [r.status_code for r in responses] == [200] * 5
    assert not any(r.headers.get("Set-Cookie") for r in responses)


@pytest.fixture
def clean_heartbeats() -> Iterator[Any]:
    client = health.redis_client(str(TEST_REDIS_URL))

    def _clear() -> None:
        for key in client.scan_iter(match=health.HEARTBEAT_PREFIX + "*"):
            client.delete(key)

    _clear()
    yield client
    _clear()
    client.close()


@pytest.mark.redis
@needs_redis
def test_reachable_redis_is_ok(ready_app: Callable[..., Flask]) -> None:
    status, body = readyz(ready_app(REDIS_URL=TEST_REDIS_URL))
    assert (status, body["checks"]["redis"], body["checks"]["workers"]) == (
        200,
        "ok",
        "not configured",
    )


@pytest.mark.redis
@needs_redis
def test_workers_and_beat_count_only_while_their_heartbeats_are_fresh(
    ready_app: Callable[..., Flask], clean_heartbeats: Any
) -> None:
    app = ready_app(CELERY_BROKER_URL=TEST_REDIS_URL)
    status, body = readyz(app)
    assert (status, body["checks"]["redis"]) == (503, "ok")
    assert (body["checks"]["workers"], body["checks"]["beat"]) == ("failed", "failed")

    # A worker comes up: Celery sends worker_ready, our thread writes its key.
    celery = make_celery(app)
    _worker_ready(sender=SimpleNamespace(app=celery, hostname="celery@test-host"))
    try:
        key = health.worker_key("celery@test-host")
        for _ in range(50):
            if clean_heartbeats.exists(key):
                break
            time.sleep(0.05)
        assert 0 < clean_heartbeats.ttl(key) <= health.HEARTBEAT_TTL
        status, body = readyz(app)
        assert (status, body["checks"]["workers"], body["checks"]["beat"]) == (503, "ok", "failed")

        # Beat's scheduled heartbeat task runs on a worker.
        celery.tasks[HEARTBEAT_TASK]()
        assert 0 < clean_heartbeats.ttl(health.BEAT_KEY) <= health.HEARTBEAT_TTL
        status, body = readyz(app)
        assert (status, body["status"]) == (200, "ready")
    finally:
        _worker_shutdown()
    # A worker that shuts down cleanly takes its key with it.
    assert not clean_heartbeats.exists(key)
    assert readyz(app)[1]["checks"]["workers"] == "failed"


def test_container_check_needs_a_part_and_a_redis(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("REDIS_URL", "CELERY_BROKER_URL", "RATELIMIT_STORAGE_URI"):
        monkeypatch.delenv(name, raising=False)
    assert health.main(["worker"]) == 2
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    assert health.main(["nothing"]) == 2
    assert health.main(["worker"]) == 1  # unreachable Redis: unhealthy


@pytest.mark.redis
@needs_redis
def test_container_check_follows_the_heartbeat_keys(
    monkeypatch: pytest.MonkeyPatch, clean_heartbeats: Any
) -> None:
    monkeypatch.setenv("REDIS_URL", str(TEST_REDIS_URL))
    assert (health.main(["worker"]), health.main(["beat"])) == (1, 1)
    health.beat(clean_heartbeats, health.worker_key("celery@" + socket.gethostname()))
    assert (health.main(["worker"]), health.main(["beat"])) == (0, 1)
    health.beat(clean_heartbeats, health.BEAT_KEY)
    assert health.main(["beat"]) == 0
