"""Deliver due outbox rows over SMTP: claim safely, one connection per batch, retry with
back-off, give up after a limit.

Delivery is at-least-once: a worker that dies after claiming leaves rows in ``sending``;
after ``MAIL_CLAIM_TIMEOUT_MINUTES`` the next run reclaims them. The Message-ID is fixed
when a row is first claimed, so a repeat is recognisably the same message.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.errors import MessageError
from typing import Any

import sqlalchemy as sa
from flask import current_app

from scheduler_app.core.backoff import is_exhausted, retry_delay
from scheduler_app.extensions import db
from scheduler_app.mail.message import (
    MailContent,
    as_bytes,
    build_message,
    envelope_sender,
    new_message_id,
)
from scheduler_app.mail.models import OutboxMessage, OutboxStatus

DEFAULT_MAX_ATTEMPTS = 8
DEFAULT_CLAIM_TIMEOUT_MINUTES = 10
DEFAULT_TIMEOUT_SECONDS = 30
ERROR_MAX = 1000


@dataclass
class Summary:
    """What one run did; ``configured`` is False when MAIL_SERVER is unset."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0
    configured: bool = True
    connection_failed: bool = False

    def add(self, other: Summary) -> None:
        self.sent += other.sent
        self.retried += other.retried
        self.failed += other.failed
        self.skipped += other.skipped

    def __str__(self) -> str:
        if not self.configured:
            return (
                f"MAIL_SERVER is not set: {self.skipped} due message(s) left in the outbox "
                "(read them at /dev/outbox)"
            )
        return (
            f"sent {self.sent}, retried {self.retried}, failed {self.failed}, "
            f"skipped {self.skipped}"
        )


class ConnectionLost(Exception):
    """The SMTP session broke; the rest of the batch waits for the next run."""


def _due_condition(now: datetime, stale_after: timedelta) -> sa.ColumnElement[bool]:
    return sa.or_(
        sa.and_(
            OutboxMessage.status == OutboxStatus.PENDING.value, OutboxMessage.send_after <= now
        ),
        sa.and_(
            OutboxMessage.status == OutboxStatus.SENDING.value,
            OutboxMessage.claimed_at < now - stale_after,
        ),
    )


def claim_due(now: datetime, batch_size: int, stale_after: timedelta) -> list[int]:
    """Mark up to ``batch_size`` due rows as ``sending`` for this process and commit.

    PostgreSQL skips rows another worker has locked; every backend re-checks the due
    condition in the UPDATE, so two workers never claim the same row.
    """
    due = _due_condition(now, stale_after)
    query = (
        sa.select(OutboxMessage.id)
        .where(due)
        .order_by(OutboxMessage.send_after, OutboxMessage.id)
        .limit(batch_size)
    )
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    base_url = current_app.config["BASE_URL"]
    claimed: list[int] = []
    for row_id in db.session.execute(query).scalars().all():
        result = db.session.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.id == row_id, due)
            .values(
                status=OutboxStatus.SENDING.value,
                claimed_at=now,
                message_id=sa.func.coalesce(OutboxMessage.message_id, new_message_id(base_url)),
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:  # type: ignore[attr-defined]
            claimed.append(row_id)
    db.session.commit()
    return claimed


def open_connection(config: Any) -> smtplib.SMTP:
    """One authenticated SMTP session from the MAIL_* settings."""
    host, port = config["MAIL_SERVER"], int(config.get("MAIL_PORT") or 25)
    timeout = float(config.get("MAIL_TIMEOUT", DEFAULT_TIMEOUT_SECONDS))
    conn: smtplib.SMTP
    if config.get("MAIL_USE_SSL"):
        conn = smtplib.SMTP_SSL(host, port, timeout=timeout)
    else:
        conn = smtplib.SMTP(host, port, timeout=timeout)
    try:
        conn.ehlo()
        if config.get("MAIL_USE_TLS") and not config.get("MAIL_USE_SSL"):
            conn.starttls()
            conn.ehlo()
        if config.get("MAIL_USERNAME"):
            conn.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
    except BaseException:
        conn.close()
        raise
    return conn


def content_of(row: OutboxMessage) -> MailContent:
    """The plain values a message is built from."""
    return MailContent(
        to_email=row.recipient,
        to_name=row.recipient_name,
        subject=row.subject,
        body_text=row.body_text,
        body_html=row.body_html,
        message_id=row.message_id or new_message_id(current_app.config["BASE_URL"]),
        ical=row.ical,
        ical_method=row.ical_method,
        list_unsubscribe_url=row.list_unsubscribe_url,
        language=row.language,
    )


def _mark_failed(row: OutboxMessage, error: str, summary: Summary) -> None:
    row.status = OutboxStatus.FAILED.value
    row.last_error = error[:ERROR_MAX]
    row.claimed_at = None
    summary.failed += 1


def _mark_retry(
    row: OutboxMessage, error: str, now: datetime, max_attempts: int, summary: Summary
) -> None:
    row.attempts += 1
    if is_exhausted(row.attempts, max_attempts):
        _mark_failed(row, error, summary)
        return
    row.status = OutboxStatus.PENDING.value
    row.last_error = error[:ERROR_MAX]
    row.send_after = now + retry_delay(row.attempts)
    row.claimed_at = None
    summary.retried += 1


def _smtp_error(code: int, response: bytes | str) -> str:
    text = response.decode("utf-8", "replace") if isinstance(response, bytes) else response
    return f"{code} {text}"


def _deliver_one(
    conn: smtplib.SMTP, row: OutboxMessage, now: datetime, max_attempts: int, summary: Summary
) -> None:
    """Send one row on an open session and record the outcome on the row."""
    try:
        data = as_bytes(build_message(content_of(row), sender=_sender(), now=now))
    except (ValueError, TypeError, MessageError) as exc:
        _mark_failed(row, f"cannot build message: {exc}", summary)
        return
    try:
        conn.sendmail(envelope_sender(_sender()), [row.recipient], data)
    except smtplib.SMTPRecipientsRefused as exc:
        code, response = next(iter(exc.recipients.values()), (550, b"refused"))
        _record_response(row, code, _smtp_error(code, response), now, max_attempts, summary)
    except smtplib.SMTPServerDisconnected as exc:
        _mark_retry(row, f"connection lost: {exc}", now, max_attempts, summary)
        raise ConnectionLost(str(exc)) from exc
    except smtplib.SMTPResponseException as exc:
        error = _smtp_error(exc.smtp_code, exc.smtp_error)
        _record_response(row, exc.smtp_code, error, now, max_attempts, summary)
    except (OSError, smtplib.SMTPException) as exc:
        _mark_retry(row, f"connection error: {exc!r}", now, max_attempts, summary)
        raise ConnectionLost(str(exc)) from exc
    else:
        row.status = OutboxStatus.SENT.value
        row.sent_at = now
        row.last_error = ""
        summary.sent += 1


def _record_response(
    row: OutboxMessage, code: int, error: str, now: datetime, max_attempts: int, summary: Summary
) -> None:
    if 500 <= code < 600:
        _mark_failed(row, error, summary)  # permanent: this address will not work
    else:
        _mark_retry(row, error, now, max_attempts, summary)


def _sender() -> str:
    return str(current_app.config["MAIL_DEFAULT_SENDER"])


def deliver(ids: list[int], now: datetime, max_attempts: int) -> Summary:
    """Send the claimed rows over ONE SMTP connection, committing after each message."""
    summary = Summary()
    rows = list(
        db.session.execute(
            sa.select(OutboxMessage).where(OutboxMessage.id.in_(ids)).order_by(OutboxMessage.id)
        ).scalars()
    )
    try:
        conn = open_connection(current_app.config)
    except (OSError, smtplib.SMTPException) as exc:
        for row in rows:
            _mark_retry(row, f"cannot connect: {exc!r}", now, max_attempts, summary)
        db.session.commit()
        summary.connection_failed = True
        return summary
    try:
        for index, row in enumerate(rows):
            try:
                _deliver_one(conn, row, now, max_attempts, summary)
            except ConnectionLost as exc:
                for waiting in rows[index + 1 :]:
                    _mark_retry(waiting, f"connection lost: {exc}", now, max_attempts, summary)
                summary.connection_failed = True
                break
            finally:
                db.session.commit()
    finally:
        _close(conn)
    db.session.commit()
    return summary


def _close(conn: smtplib.SMTP) -> None:
    try:
        conn.quit()
    except (OSError, smtplib.SMTPException):
        conn.close()


def count_due(now: datetime) -> int:
    """Pending rows whose time has come."""
    return int(
        db.session.execute(
            sa.select(sa.func.count())
            .select_from(OutboxMessage)
            .where(
                OutboxMessage.status == OutboxStatus.PENDING.value,
                OutboxMessage.send_after <= now,
            )
        ).scalar_one()
    )


def send_due(
    now: datetime,
    batch_size: int = 100,
    max_attempts: int | None = None,
    max_batches: int = 1000,
) -> Summary:
    """Send everything due at ``now`` once, batch by batch; each batch one SMTP session.

    Rows that fail for now go back to ``pending`` later than ``now``, so one run never
    retries the same row twice. With MAIL_SERVER unset nothing is sent.
    """
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        return Summary(skipped=count_due(now), configured=False)
    attempts_limit = max_attempts or int(config.get("MAIL_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS))
    stale_after = timedelta(
        minutes=int(config.get("MAIL_CLAIM_TIMEOUT_MINUTES", DEFAULT_CLAIM_TIMEOUT_MINUTES))
    )
    total = Summary()
    for _ in range(max_batches):
        ids = claim_due(now, batch_size, stale_after)
        if not ids:
            break
        batch = deliver(ids, now, attempts_limit)
        total.add(batch)
        if batch.connection_failed or len(ids) < batch_size:
            break  # a server that just failed gets its rest before the next run
    return total
