"""The Celery task and its beat schedule (a real Redis broker only with TEST_REDIS_URL)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask import Flask

from scheduler_app.extensions import db
from scheduler_app.mail.models import OutboxMessage
from scheduler_app.tasks import SEND_DUE_TASK, make_celery
from tests.conftest import TEST_REDIS_URL
from tests.mail.conftest import SmtpServer

Queue = Callable[..., OutboxMessage]


def sent_count() -> int:
    db.session.expire_all()
    query = sa.select(sa.func.count()).where(OutboxMessage.status == "sent")
    return int(db.session.execute(query).scalar_one())


def test_beat_runs_send_due_every_minute(app: Flask) -> None:
    celery = make_celery(app)
    entry = celery.conf.beat_schedule["mail-send-due-every-minute"]
    assert entry == {"task": SEND_DUE_TASK, "schedule": 60.0}
    assert SEND_DUE_TASK in celery.tasks


def test_task_runs_inline_without_broker(
    mail_app: Flask, smtp: SmtpServer, queue_notice: Queue
) -> None:
    queue_notice()
    celery = make_celery(mail_app)
    result = celery.tasks[SEND_DUE_TASK].delay()
    assert result.get() == {"sent": 1, "retried": 0, "failed": 0, "skipped": 0}
    assert len(smtp.handler.received) == 1


@pytest.mark.redis
@pytest.mark.skipif(not TEST_REDIS_URL, reason="needs TEST_REDIS_URL")
def test_task_through_a_redis_worker(
    mail_app: Flask, smtp: SmtpServer, queue_notice: Queue
) -> None:
    from celery.contrib.testing.worker import start_worker

    queue_notice()
    queue_notice()
    mail_app.config.update(CELERY_BROKER_URL=TEST_REDIS_URL)  # no result backend: poll the DB
    celery = make_celery(mail_app)
    with start_worker(celery, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        celery.tasks[SEND_DUE_TASK].delay()
        deadline = time.monotonic() + 20
        while len(smtp.handler.received) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
    assert len(smtp.handler.received) == 2
    assert sent_count() == 2
