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
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path
from typing import IO

import pytest
import sqlalchemy as sa
from flask import Flask

from scheduler_app.extensions import db, utcnow
from scheduler_app.mail.models import OutboxMessage
from scheduler_app.mail.sending import send_due
from tests.mail.conftest import SmtpServer

Queue = Callable[..., OutboxMessage]
ROOT = Path(__file__).resolve().parents[2]
# 6 s here (renewed every 1.5 s); 1 minute by default. A lease shorter than the worst
# stall of a loaded machine lets a live worker's rows be taken back (and sent twice).
CLAIM_TIMEOUT_MINUTES = 0.1


def worker(
    app: Flask,
    smtp: SmtpServer,
    *args: str,
    log_to: IO[str] | None = None,
    claim_minutes: float | None = None,
) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp.port),
        "SECRET_KEY": "test-secret",
        "BASE_URL": "https://ruamjai.test",
        "MAIL_DEFAULT_SENDER": "Ruamjai <no-reply@ruamjai.test>",
        "LOG_LEVEL": "INFO" if log_to else "WARNING",
    }
    if claim_minutes is not None:
        env["MAIL_CLAIM_TIMEOUT_MINUTES"] = str(claim_minutes)
    command = [sys.executable, "-m", "flask", "--app", "scheduler_app", "mail", "worker", *args]
    stderr = log_to or subprocess.PIPE
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=stderr, text=True
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
    smtp.handler.delay = 0.2  # the batch of 30 takes ~6 s
    process = worker(
        mail_app,
        smtp,
        *("--interval", "0.2", "--batch-size", str(total)),
        claim_minutes=CLAIM_TIMEOUT_MINUTES,
    )
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
    mail_app: Flask, smtp: SmtpServer, queue_notice: Queue, workers: int, tmp_path: Path
) -> None:
    total = 80
    for _ in range(total):
        queue_notice(send_after=utcnow() + timedelta(days=1))
    smtp.handler.delay = 0.02
    logs = [tmp_path / f"worker{n}.log" for n in range(workers)]
    files = ExitStack()
    processes = [
        worker(mail_app, smtp, "--interval", "0.2", "--batch-size", "5",
               log_to=files.enter_context(log.open("w")))
        for log in logs
    ]  # fmt: skip
    try:
        # Only when every worker is polling do the messages fall due, all at once.
        wait_for(lambda: all("mail worker started" in log.read_text() for log in logs), 120)
        db.session.execute(sa.update(OutboxMessage).values(send_after=utcnow()))
        db.session.commit()
        wait_for(lambda: len(smtp.handler.received) >= total, 120)
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)  # stops after the current pass
        outputs = [p.communicate(timeout=60) for p in processes]
        files.close()
    assert [p.returncode for p in processes] == [0] * workers, [log.read_text() for log in logs]
    sent_by = [sum(int(n) for n in re.findall(r"^sent (\d+)", out, re.M)) for out, _ in outputs]
    assert sum(sent_by) == total
    if workers > 1:
        assert sum(1 for n in sent_by if n) >= 2, sent_by  # the work was really shared
    ids = Counter(smtp.handler.message_ids())
    assert len(ids) == total and max(ids.values()) == 1
    assert statuses() == Counter(sent=total)
