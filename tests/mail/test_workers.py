"""Real ``mail worker`` processes: a killed worker's rows come back within the claim
timeout with nothing lost and at most the one in-flight message repeated; 1, 2 and 4
workers share the outbox without sending anything twice (SQLite, and PostgreSQL with
TEST_DATABASE_URL)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from scheduler_app.extensions import db, utcnow
from scheduler_app.mail.models import OutboxMessage
from scheduler_app.mail.sending import send_due
from tests.mail.conftest import SmtpServer

Queue = Callable[..., OutboxMessage]
ROOT = Path(__file__).resolve().parents[2]
CLAIM_TIMEOUT_MINUTES = 0.05  # 3 s here; 1 minute by default


def worker(app: Flask, smtp: SmtpServer, *args: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp.port),
        "MAIL_CLAIM_TIMEOUT_MINUTES": str(CLAIM_TIMEOUT_MINUTES),
        "SECRET_KEY": "test-secret",
        "BASE_URL": "https://ruamjai.test",
        "MAIL_DEFAULT_SENDER": "Ruamjai <no-reply@ruamjai.test>",
        "LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "flask", "--app", "scheduler_app", "mail", "worker", *args]
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def wait_for(condition: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def statuses() -> Counter[str]:
    db.session.expire_all()
    return Counter(db.session.execute(sa.select(OutboxMessage.status)).scalars())


def test_killed_worker_rows_come_back_once(
    mail_app: Flask, smtp: SmtpServer, queue_notice: Queue
) -> None:
    mail_app.config["MAIL_CLAIM_TIMEOUT_MINUTES"] = CLAIM_TIMEOUT_MINUTES
    total = 30
    for _ in range(total):
        queue_notice()
    smtp.handler.delay = 0.1  # the batch of 30 takes ~3 s
    process = worker(mail_app, smtp, "--interval", "0.2", "--batch-size", str(total))
    try:
        wait_for(lambda: len(smtp.handler.received) >= 5, 60)
    finally:
        process.send_signal(signal.SIGKILL)  # no clean-up of any kind
        process.communicate(timeout=30)
    killed_at = time.monotonic()
    smtp.handler.delay = 0.0
    before = len(smtp.handler.received)
    assert 5 <= before < total
    assert statuses()["sending"] > 0  # the dead worker's claim

    assert send_due(utcnow()).sent == 0  # still within the claim timeout
    time.sleep(max(0.0, killed_at + CLAIM_TIMEOUT_MINUTES * 60 + 0.5 - time.monotonic()))
    summary = send_due(utcnow())

    assert statuses() == Counter(sent=total)
    ids = Counter(smtp.handler.message_ids())
    assert len(ids) == total  # nothing lost
    repeated = [message_id for message_id, n in ids.items() if n > 1]
    assert len(repeated) <= 1 and max(ids.values()) <= 2  # at most the in-flight one
    assert summary.sent == total - before + len(repeated)


@pytest.mark.parametrize("workers", [1, 2, 4])
def test_workers_share_the_outbox_without_doubles(
    mail_app: Flask, smtp: SmtpServer, queue_notice: Queue, workers: int
) -> None:
    total = 80
    start = utcnow() + timedelta(seconds=4)  # every worker is up and polling by then
    for _ in range(total):
        queue_notice(send_after=start)
    smtp.handler.delay = 0.02
    processes = [
        worker(mail_app, smtp, "--interval", "0.2", "--max-loops", "60", "--batch-size", "5")
        for _ in range(workers)
    ]
    try:
        wait_for(lambda: len(smtp.handler.received) >= total, 120)
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)  # stops after the current pass
        outputs = [p.communicate(timeout=60) for p in processes]
    assert [p.returncode for p in processes] == [0] * workers, outputs
    sent_by = [sum(int(n) for n in re.findall(r"^sent (\d+)", out, re.M)) for out, _ in outputs]
    assert sum(sent_by) == total
    if workers > 1:
        assert sum(1 for n in sent_by if n) >= 2, sent_by  # the work was really shared
    ids = Counter(smtp.handler.message_ids())
    assert len(ids) == total and max(ids.values()) == 1
    assert statuses() == Counter(sent=total)
