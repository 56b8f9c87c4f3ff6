"""The network recompute in the background: a Celery task, queued by page views when a
broker is configured (never computed by them), inline without one."""

from __future__ import annotations

import time
from typing import Any

import pytest
import sqlalchemy as sa

from scheduler_app.extensions import db
from scheduler_app.network import background
from scheduler_app.network.models import MemberMeasure, NetworkState
from scheduler_app.tasks import BEAT_SCHEDULE, make_celery
from tests.conftest import TEST_REDIS_URL


def state() -> NetworkState | None:
    db.session.expire_all()
    return db.session.get(NetworkState, 1)


def measured() -> int:
    return int(db.session.execute(sa.select(sa.func.count(MemberMeasure.member_id))).scalar_one())


class Recorder:
    """Stands in for the broker connection: records what would be sent."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, Any]]] = []
        self.conf = type("Conf", (), {"broker_url": "memory://"})()

    def send_task(self, name: str, kwargs: dict[str, Any]) -> None:
        self.sent.append((name, kwargs))


def test_beat_runs_the_recompute_every_five_minutes(app):
    celery = make_celery(app)
    assert BEAT_SCHEDULE["network-recompute-when-stale"] == {
        "task": background.RECOMPUTE_TASK,
        "schedule": 300.0,
    }
    assert background.RECOMPUTE_TASK in celery.tasks


def test_task_runs_inline_without_broker(app, net):
    assert app.config.get("CELERY_BROKER_URL") is None
    celery = make_celery(app)
    assert celery.conf.task_always_eager
    result = celery.tasks[background.RECOMPUTE_TASK].delay().get()
    assert result["recomputed"] is True and result["snapshots"] == 1  # the ended exchange
    row = state()
    assert row is not None and row.computed_version == row.version
    assert measured() == len(net.members)
    # Nothing changed since: the next run (beat, every 5 minutes) does nothing.
    assert celery.tasks[background.RECOMPUTE_TASK].delay().get() == {"recomputed": False}
    assert celery.tasks[background.RECOMPUTE_TASK].delay(force=True).get()["recomputed"]


def test_page_view_computes_inline_without_broker(app, client, auth, net):
    auth.login_as(net.coordinator)
    assert client.get("/network/health").status_code == 200
    row = state()
    assert row is not None and row.computed_version == row.version
    assert measured() == len(net.members)


def test_with_a_broker_a_page_view_queues_once_and_never_computes(app, client, auth, net):
    app.config.update(CELERY_BROKER_URL="memory://", NETWORK_RECOMPUTE_INLINE=True)
    recorder = Recorder()
    app.extensions["network_celery_sender"] = recorder
    auth.login_as(net.coordinator)
    for _ in range(3):
        page = client.get("/network/health")
        assert page.status_code == 200
    assert recorder.sent == [(background.RECOMPUTE_TASK, {"force": False})]
    row = state()
    assert row is None or row.computed_version < row.version
    assert measured() == 0
    # The coordinator's "Recompute now" button queues a forced run and says so.
    done = client.post("/network/recompute", headers={"Accept-Language": "en"},
                       follow_redirects=True)  # fmt: skip
    assert done.status_code == 200
    assert "recomputed in the background" in done.get_data(as_text=True)
    assert recorder.sent[-1] == (background.RECOMPUTE_TASK, {"force": True})
    assert measured() == 0


def test_without_broker_or_inline_pages_leave_it_to_cron(app, client, auth, net):
    app.config.update(NETWORK_RECOMPUTE_INLINE=False)
    auth.login_as(net.coordinator)
    assert client.get("/network/health").status_code == 200
    assert measured() == 0


@pytest.mark.redis
@pytest.mark.skipif(not TEST_REDIS_URL, reason="needs TEST_REDIS_URL")
def test_a_page_view_queues_on_redis_and_a_worker_recomputes(app, client, auth, net):
    from celery.contrib.testing.worker import start_worker

    app.config.update(CELERY_BROKER_URL=TEST_REDIS_URL)
    celery = make_celery(app)
    auth.login_as(net.coordinator)
    with start_worker(celery, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        assert client.get("/network/health").status_code == 200
        deadline = time.monotonic() + 30
        while measured() < len(net.members) and time.monotonic() < deadline:
            db.session.rollback()
            time.sleep(0.2)
    assert measured() == len(net.members)


def test_a_network_too_large_for_a_request_is_left_to_the_scheduled_job(app, client, auth, net):
    app.config.update(NETWORK_RECOMPUTE_INLINE=True, NETWORK_RECOMPUTE_INLINE_MAX_MEMBERS=1)
    auth.login_as(net.coordinator)
    assert client.get("/network/health").status_code == 200
    assert client.get("/network").status_code == 200
    assert measured() == 0
    done = client.post("/network/recompute", headers={"Accept-Language": "en"},
                       follow_redirects=True)  # fmt: skip
    assert done.status_code == 200
    assert "too large to recompute while you wait" in done.get_data(as_text=True)
    assert measured() == 0
    # At the limit it is a province again: the first view computes inline.
    app.config.update(NETWORK_RECOMPUTE_INLINE_MAX_MEMBERS=len(net.members) + 10)
    assert client.get("/network/health").status_code == 200
    assert measured() == len(net.members)
