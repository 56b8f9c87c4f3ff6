"""``flask mail send-due`` and ``flask mail worker``; two real processes on PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskCliRunner

from scheduler_app.extensions import db
from scheduler_app.mail.models import OutboxMessage
from tests.conftest import TEST_DATABASE_URL
from tests.mail.conftest import SmtpServer

Queue = Callable[..., OutboxMessage]
ROOT = Path(__file__).resolve().parents[2]


def statuses() -> list[str]:
    db.session.expire_all()
    return list(db.session.execute(sa.select(OutboxMessage.status)).scalars())


def test_send_due_prints_a_summary(
    mail_app: Flask, runner: FlaskCliRunner, smtp: SmtpServer, queue_notice: Queue
) -> None:
    queue_notice()
    queue_notice()
    result = runner.invoke(args=["mail", "send-due"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "sent 2, retried 0, failed 0, skipped 0"
    assert len(smtp.handler.received) == 2
    again = runner.invoke(args=["mail", "send-due"])
    assert again.stdout.strip() == "sent 0, retried 0, failed 0, skipped 0"
    assert len(smtp.handler.received) == 2


def test_send_due_without_mail_server(runner: FlaskCliRunner, queue_notice: Queue) -> None:
    queue_notice()
    result = runner.invoke(args=["mail", "send-due"])
    assert result.exit_code == 0
    assert "MAIL_SERVER is not set: 1 due message(s) left in the outbox" in result.output
    assert statuses() == ["pending"]


def test_worker_runs_bounded_loops(
    mail_app: Flask, runner: FlaskCliRunner, smtp: SmtpServer, queue_notice: Queue
) -> None:
    queue_notice()
    result = runner.invoke(args=["mail", "worker", "--interval", "0", "--max-loops", "3"])
    assert result.exit_code == 0, result.output
    assert "sent 1" in result.output
    assert "stopped after 3 pass(es)" in result.output
    assert statuses() == ["sent"]


@pytest.mark.parametrize(
    "args", [["--interval", "-1"], ["--max-loops", "0"], ["--batch-size", "x"]]
)
def test_worker_rejects_bad_options(runner: FlaskCliRunner, args: list[str]) -> None:
    result = runner.invoke(args=["mail", "worker", *args])
    assert result.exit_code == 2


@pytest.mark.postgres
@pytest.mark.skipif(
    not (TEST_DATABASE_URL or "").startswith("postgres"), reason="needs TEST_DATABASE_URL"
)
def test_parallel_send_due_never_sends_twice(
    mail_app: Flask, smtp: SmtpServer, queue_notice: Queue
) -> None:
    total = 40
    for _ in range(total):
        queue_notice()
    env = {
        **os.environ,
        "DATABASE_URL": TEST_DATABASE_URL or "",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp.port),
        "SECRET_KEY": "test-secret",
        "BASE_URL": "https://ruamjai.test",
        "MAIL_DEFAULT_SENDER": "Ruamjai <no-reply@ruamjai.test>",
    }
    flask = [sys.executable, "-m", "flask", "--app", "scheduler_app", "mail", "send-due"]
    processes = [
        subprocess.Popen(
            [*flask, "--batch-size", "3"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outputs = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0], outputs
    sent_counts = [int(out.split()[1].rstrip(",")) for out, _err in outputs]
    assert sum(sent_counts) == total
    ids = smtp.handler.message_ids()
    assert len(ids) == total
    assert max(Counter(ids).values()) == 1
    assert statuses() == ["sent"] * total
