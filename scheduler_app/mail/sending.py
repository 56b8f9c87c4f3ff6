"""Deliver due outbox rows over SMTP: claim safely, one connection per batch, retry with
back-off, give up after a limit.

Delivery is at-least-once. Rows are claimed under a token (``claims.py``) and a heartbeat
renews the claim while the batch is sent; a killed worker's rows go stale after
``MAIL_CLAIM_TIMEOUT_MINUTES`` and the next run takes them back with the Message-ID fixed
at the first claim. Outcomes are committed every ``MAIL_COMMIT_EVERY`` messages (default
1: after a crash at most the one message in flight is sent again). On PostgreSQL those
commits do not wait for the WAL flush (``synchronous_commit off``): a killed worker loses
nothing it committed; only a crash of the database server itself could forget the last
fraction of a second of outcomes, and those messages would be sent again, never lost.
"""

from __future__ import annotations

import logging
import smtplib
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.errors import MessageError
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app
from sqlalchemy.engine import Connection

from scheduler_app.core.backoff import is_exhausted, retry_delay
from scheduler_app.extensions import db
from scheduler_app.mail import channels, claims, transport, wire
from scheduler_app.mail.claims import Claim, Outcome
from scheduler_app.mail.message import MailContent, envelope_sender, new_message_id
from scheduler_app.mail.models import EMAIL, OutboxMessage, OutboxStatus
from scheduler_app.mail.signals import refused_ids
from scheduler_app.web import base_url

log = logging.getLogger(__name__)
DEFAULT_MAX_ATTEMPTS = 8
DEFAULT_CLAIM_TIMEOUT_MINUTES = 1.0
REFUSED_ERROR = "withdrawn before sending: the recipient no longer wants this mail"


@dataclass
class Summary:
    """What one run did; ``configured`` is False when MAIL_SERVER is unset."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0
    withdrawn: int = 0
    configured: bool = True
    connection_failed: bool = False
    suppressed: bool = False
    other_channels: dict[str, Summary] = field(default_factory=dict)

    def add(self, other: Summary) -> None:
        self.sent += other.sent
        self.retried += other.retried
        self.failed += other.failed
        self.skipped += other.skipped
        self.withdrawn += other.withdrawn
        self.suppressed = self.suppressed or other.suppressed
        self.connection_failed = self.connection_failed or other.connection_failed

    def did_something(self) -> bool:
        """Whether any message, of any channel, was sent, retried or failed."""
        return bool(self.sent or self.retried or self.failed or self.withdrawn) or any(
            other.did_something() for other in self.other_channels.values()
        )

    def count(self, outcome: Outcome) -> None:
        if outcome.status == OutboxStatus.SENT.value:
            self.sent += 1
        elif outcome.status == OutboxStatus.PENDING.value:
            self.retried += 1
        elif outcome.status == OutboxStatus.WITHDRAWN.value:
            self.withdrawn += 1
        else:
            self.failed += 1

    def __str__(self) -> str:
        if not self.configured:
            text = (
                f"MAIL_SERVER is not set: {self.skipped} due message(s) left in the outbox "
                "(read them at /dev/outbox)"
            )
        else:
            text = (
                f"sent {self.sent}, retried {self.retried}, failed {self.failed}, "
                f"skipped {self.skipped}"
            ) + (f", withdrawn {self.withdrawn}" if self.withdrawn else "")
            text += " (MAIL_SUPPRESS_SEND: nothing left this process)" if self.suppressed else ""
        for name, other in sorted(self.other_channels.items()):
            text += f"; {name}: sent {other.sent}, retried {other.retried}, failed {other.failed}"
        return text


@dataclass(frozen=True)
class Settings:
    max_attempts: int
    stale_after: timedelta
    heartbeat_seconds: float
    commit_every: int
    sender: str
    base_url: str


class ConnectionLost(Exception):
    """The SMTP session broke; the rest of the batch waits for the next run."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.error)
        self.outcome = outcome


def settings_of(config: Any, max_attempts: int | None = None) -> Settings:
    """The sending settings from the app config."""
    minutes = float(config.get("MAIL_CLAIM_TIMEOUT_MINUTES") or DEFAULT_CLAIM_TIMEOUT_MINUTES)
    return Settings(
        max_attempts=max_attempts or int(config.get("MAIL_MAX_ATTEMPTS") or DEFAULT_MAX_ATTEMPTS),
        stale_after=timedelta(minutes=minutes),
        heartbeat_seconds=minutes * 60 / 4,
        commit_every=max(1, int(config.get("MAIL_COMMIT_EVERY") or 1)),
        sender=str(config["MAIL_DEFAULT_SENDER"]),
        base_url=base_url(),
    )


def content_of(row: Any) -> MailContent:
    """The plain values a message is built from (an ORM row or a claimed row)."""
    return MailContent(
        to_email=row.recipient,
        to_name=row.recipient_name,
        subject=row.subject,
        body_text=row.body_text,
        body_html=row.body_html,
        message_id=row.message_id or new_message_id(base_url()),
        ical=row.ical,
        ical_method=row.ical_method,
        list_unsubscribe_url=row.list_unsubscribe_url,
        language=row.language,
    )


def _retry(row: Any, error: str, now: datetime, settings: Settings) -> Outcome:
    attempts = row.attempts + 1
    if is_exhausted(attempts, settings.max_attempts):
        return Outcome(row.id, OutboxStatus.FAILED.value, attempts, error)
    return Outcome(row.id, OutboxStatus.PENDING.value, attempts, error, now + retry_delay(attempts))


def _by_code(row: Any, code: int, response: bytes | str, now: datetime, s: Settings) -> Outcome:
    text = response.decode("utf-8", "replace") if isinstance(response, bytes) else response
    error = f"{code} {text}"
    if 500 <= code < 600:  # permanent: this address will not work
        return Outcome(row.id, OutboxStatus.FAILED.value, row.attempts, error)
    return _retry(row, error, now, s)


def deliver_one(
    connection: transport.OutboxConnection, row: Any, now: datetime, s: Settings
) -> Outcome:
    """Send one claimed row on an open session; raises ConnectionLost if the session broke."""
    try:
        data = wire.message_bytes(content_of(row), sender=s.sender, now=now)
    except (ValueError, TypeError, MessageError) as exc:
        return Outcome(row.id, OutboxStatus.FAILED.value, row.attempts, f"cannot build: {exc}")
    try:
        connection.send_bytes(envelope_sender(s.sender), row.recipient, data)
    except smtplib.SMTPRecipientsRefused as exc:
        code, response = next(iter(exc.recipients.values()), (550, b"refused"))
        return _by_code(row, code, response, now, s)
    except smtplib.SMTPServerDisconnected as exc:
        raise ConnectionLost(_retry(row, f"connection lost: {exc}", now, s)) from exc
    except smtplib.SMTPResponseException as exc:
        return _by_code(row, exc.smtp_code, exc.smtp_error, now, s)
    except (OSError, smtplib.SMTPException) as exc:
        raise ConnectionLost(_retry(row, f"connection error: {exc!r}", now, s)) from exc
    return Outcome(row.id, OutboxStatus.SENT.value, row.attempts)


def deliver(app: Flask, conn: Connection, claim: Claim, now: datetime, s: Settings) -> Summary:
    """Send the claimed rows over ONE SMTP session, committing outcomes as configured."""
    summary = Summary()
    connection = transport.connect(app)
    summary.suppressed = connection.suppressed
    try:
        connection.__enter__()
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("cannot connect to the mail server: %r", exc)
        outcomes = [_retry(row, f"cannot connect: {exc!r}", now, s) for row in claim.rows]
        claims.record(conn, claim.token, outcomes, now)
        _count(summary, outcomes)
        summary.connection_failed = True
        return summary
    unrecorded: list[Outcome] = []
    # Consent withdrawn (or mail stopped) between queuing and now: withdraw, never send.
    refused = refused_ids(claim.rows, conn)
    try:
        for index, row in enumerate(claim.rows):
            if row.id in refused:
                unrecorded.append(Outcome(row.id, OutboxStatus.WITHDRAWN.value, row.attempts,
                                          REFUSED_ERROR))  # fmt: skip
                continue
            try:
                outcome = deliver_one(connection, row, now, s)
            except ConnectionLost as lost:
                log.warning("mail connection lost: %s", lost)
                reason = f"connection lost: {lost}"
                unrecorded.append(lost.outcome)
                unrecorded += [_retry(r, reason, now, s) for r in claim.rows[index + 1 :]]
                summary.connection_failed = True
                break
            unrecorded.append(outcome)
            if len(unrecorded) >= s.commit_every:
                claims.record(conn, claim.token, unrecorded, now)
                _count(summary, unrecorded)
                unrecorded = []
    finally:
        claims.record(conn, claim.token, unrecorded, now)
        _count(summary, unrecorded)
        connection.__exit__(None, None, None)
    return summary


def _count(summary: Summary, outcomes: list[Outcome]) -> None:
    for outcome in outcomes:
        summary.count(outcome)
        if outcome.status == OutboxStatus.FAILED.value:
            log.warning("outbox message %d failed: %s", outcome.row_id, outcome.error)


def count_due(now: datetime, channel: str = EMAIL) -> int:
    """Pending rows of ``channel`` whose time has come."""
    return int(
        db.session.execute(
            sa.select(sa.func.count())
            .select_from(OutboxMessage)
            .where(
                OutboxMessage.status == OutboxStatus.PENDING.value,
                OutboxMessage.send_after <= now,
                OutboxMessage.channel == channel,
            )
        ).scalar_one()
    )


def _sending_connection() -> Connection:
    """On PostgreSQL in autocommit: each claim and each outcome is one atomic statement
    and one round trip. SQLite keeps transactions, so a group of outcomes is one commit
    (one fsync) rather than one per statement."""
    conn = db.engine.connect()
    if conn.dialect.name == "postgresql":
        return conn.execution_options(isolation_level="AUTOCOMMIT")
    return conn


def _relax_durability(conn: Connection, relaxed: bool) -> None:
    if conn.dialect.name == "postgresql":
        statement = "SET synchronous_commit TO off" if relaxed else "RESET synchronous_commit"
        conn.exec_driver_sql(statement)
        conn.commit()


def send_due(
    now: datetime,
    batch_size: int = 100,
    max_attempts: int | None = None,
    max_batches: int = 1000,
) -> Summary:
    """Send everything due at ``now`` once, batch by batch: e-mail (each batch one SMTP
    session), then every registered channel (``mail/channels.py``).

    Rows that fail for now go back to ``pending`` later than ``now``, so one run never
    retries the same row twice. With MAIL_SERVER unset no e-mail is sent.
    """
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    s = settings_of(app.config, max_attempts)
    senders = channels.senders(app)
    if app.config.get("MAIL_SERVER"):
        total = Summary()
    else:
        total = Summary(skipped=count_due(now), configured=False)
        if not senders:
            return total
    with _sending_connection() as conn:
        _relax_durability(conn, relaxed=True)
        try:
            if total.configured:
                _send_email(app, conn, now, s, batch_size, max_batches, total)
            for sender in senders:
                total.other_channels[sender.name] = _send_channel(
                    app, conn, sender, now, s, max_batches
                )
        finally:
            _relax_durability(conn, relaxed=False)
    return total


def _send_email(
    app: Flask,
    conn: Connection,
    now: datetime,
    s: Settings,
    batch_size: int,
    max_batches: int,
    total: Summary,
) -> None:
    run_started = time.perf_counter()
    for _ in range(max_batches):
        started = time.perf_counter()
        # A long run's later claims carry the time they are made, not the run's
        # start; stamped with ``now`` they would look stale to other workers.
        clock = now + timedelta(seconds=started - run_started)
        claim = claims.claim(conn, now, batch_size, s.stale_after, s.base_url, clock)
        if not claim.rows:
            break
        with claims.Heartbeat(db.engine, claim.token, s.heartbeat_seconds):
            batch = deliver(app, conn, claim, now, s)
        _log_batch(batch, len(claim.rows), time.perf_counter() - started)
        total.add(batch)
        if batch.connection_failed or len(claim.rows) < batch_size:
            break  # a server that just failed gets its rest before the next run


def _send_channel(
    app: Flask,
    conn: Connection,
    sender: channels.ChannelSender,
    now: datetime,
    s: Settings,
    max_batches: int,
) -> Summary:
    """Claim and deliver ``sender``'s rows batch by batch, like e-mail."""
    total = Summary()
    run_started = time.perf_counter()
    for _ in range(max_batches):
        started = time.perf_counter()
        clock = now + timedelta(seconds=started - run_started)
        claim = claims.claim(
            conn, now, sender.batch_size, s.stale_after, s.base_url, clock, channel=sender.name
        )
        if not claim.rows:
            break
        with claims.Heartbeat(db.engine, claim.token, s.heartbeat_seconds):
            try:
                deliveries = sender.deliver(app, claim.rows, now)
            except Exception as exc:  # a sender's bug must not lose or hold the rows
                log.exception("%s sender failed", sender.name)
                deliveries = [channels.Delivery(r.id, False, f"sender error: {exc!r}")
                              for r in claim.rows]  # fmt: skip
        outcomes = _channel_outcomes(claim.rows, deliveries, now, s)
        claims.record(conn, claim.token, outcomes, now)
        batch = Summary()
        _count(batch, outcomes)
        _log_batch(batch, len(claim.rows), time.perf_counter() - started, sender.name)
        total.add(batch)
        if batch.retried == len(claim.rows) or len(claim.rows) < sender.batch_size:
            break  # the far side is down, or nothing more is due
    return total


def _channel_outcomes(
    rows: list[Any], deliveries: list[channels.Delivery], now: datetime, s: Settings
) -> list[Outcome]:
    by_id = {d.row_id: d for d in deliveries}
    outcomes = []
    for row in rows:
        found = by_id.get(row.id)
        if found is None:
            outcomes.append(_retry(row, "no answer from the sender", now, s))
        elif found.sent:
            outcomes.append(Outcome(row.id, OutboxStatus.SENT.value, row.attempts))
        elif found.permanent:
            outcomes.append(Outcome(row.id, OutboxStatus.FAILED.value, row.attempts + 1,
                                    found.error))  # fmt: skip
        else:
            outcome = _retry(row, found.error, now, s)
            if outcome.send_after is not None and found.retry_after is not None:
                outcome.send_after = max(outcome.send_after, now + found.retry_after)
            outcomes.append(outcome)
    return outcomes


def _log_batch(batch: Summary, size: int, seconds: float, channel: str = EMAIL) -> None:
    log.info(
        "%s batch of %d: sent %d, retried %d, failed %d in %.2fs%s",
        "mail" if channel == EMAIL else channel,
        size,
        batch.sent,
        batch.retried,
        batch.failed,
        seconds,
        " (suppressed)" if batch.suppressed else "",
        extra={
            "job": "mail.send_due",
            "channel": channel,
            "batch": size,
            "sent": batch.sent,
            "retried": batch.retried,
            "failed": batch.failed,
            "seconds": round(seconds, 3),
            "suppressed": batch.suppressed,
        },
    )
