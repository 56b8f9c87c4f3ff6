"""Flask-Mail's connection and testing switch; the batch log line."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask

from scheduler_app.extensions import db, mail, utcnow
from scheduler_app.mail.models import OutboxMessage
from scheduler_app.mail.sending import send_due
from tests.mail.conftest import SmtpServer

Queue = Callable[..., OutboxMessage]


def statuses() -> list[str]:
    db.session.expire_all()
    return list(db.session.execute(sa.select(OutboxMessage.status)).scalars())


def test_testing_suppresses_sending_but_records_messages(
    app: Flask, smtp: SmtpServer, queue_notice: Queue
) -> None:
    # TESTING without MAIL_SUPPRESS_SEND: Flask-Mail's default is to send nothing.
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
    queue_notice(to_email="somchai@example.org", to_name="นายสมชาย ใจดี")
    queue_notice(to_email="somsri@example.org")
    with mail.record_messages() as outbox:
        summary = send_due(utcnow() + timedelta(seconds=1))
    assert smtp.handler.received == []  # nothing left the process
    assert (summary.sent, summary.suppressed) == (2, True)
    assert "MAIL_SUPPRESS_SEND" in str(summary)
    assert [m["To"].addresses[0].addr_spec for m in outbox] == [
        "somchai@example.org",
        "somsri@example.org",
    ]
    assert outbox[0]["To"].addresses[0].display_name == "นายสมชาย ใจดี"
    assert outbox[0].get_content_type() == "multipart/alternative"
    assert statuses() == ["sent", "sent"]


def test_record_messages_sees_what_the_server_received(
    mail_app: Flask, smtp: SmtpServer, queue_notice: Queue
) -> None:
    queue_notice()
    with mail.record_messages() as outbox:
        send_due(utcnow() + timedelta(seconds=1))
    [received] = smtp.handler.received
    [recorded] = outbox
    assert recorded["Message-ID"] == received.message["Message-ID"]
    assert recorded.as_bytes() == received.message.as_bytes()


def test_each_batch_is_logged(
    mail_app: Flask, smtp: SmtpServer, queue_notice: Queue, caplog: pytest.LogCaptureFixture
) -> None:
    smtp.handler.rcpt_responses = {"nobody@example.org": "550 no such user"}
    for address in ("a@example.org", "nobody@example.org", "b@example.org"):
        queue_notice(to_email=address)
    caplog.set_level(logging.INFO, logger="scheduler_app")
    send_due(utcnow() + timedelta(seconds=1), batch_size=2)
    batches = [r for r in caplog.records if getattr(r, "job", None) == "mail.send_due"]
    counts = [(r.batch, r.sent, r.retried, r.failed) for r in batches]  # type: ignore[attr-defined]
    assert counts == [(2, 1, 0, 1), (1, 1, 0, 0)]
    assert all(r.seconds >= 0 for r in batches)  # type: ignore[attr-defined]
    [failure] = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert "550" in failure.getMessage()
    assert "nobody@example.org" not in failure.getMessage()  # no addresses in logs


def test_unreachable_server_is_logged_as_a_warning(
    mail_app: Flask, smtp: SmtpServer, queue_notice: Queue, caplog: pytest.LogCaptureFixture
) -> None:
    queue_notice()
    smtp.stop()
    caplog.set_level(logging.INFO, logger="scheduler_app")
    summary = send_due(utcnow() + timedelta(seconds=1))
    assert (summary.retried, summary.connection_failed) == (1, True)
    assert any("cannot connect" in r.getMessage() for r in caplog.records if r.levelno == 30)
