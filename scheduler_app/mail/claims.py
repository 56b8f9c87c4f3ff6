"""Claiming due outbox rows, renewing the claim while a batch is sent, recording outcomes.

A claim is one ``UPDATE … WHERE id IN (SELECT … LIMIT n) RETURNING`` that marks rows
``sending`` under a fresh ``claim_token`` and hands back everything a message is built
from, so no row is read twice. PostgreSQL skips rows another worker is claiming
(``FOR UPDATE SKIP LOCKED``); SQLite takes its write lock when the statement starts, so
two workers never claim one row on either. The due query runs on the partial index
``ix_outbox_message_due`` (pending rows by ``send_after``); stale claims are found through
``ix_outbox_message_claimed`` (sending rows by ``claimed_at``).

While a batch is in flight a heartbeat thread renews ``claimed_at`` of the batch's token
every quarter of the claim timeout, so only a dead (or cut-off) worker's rows go stale and
are taken back. Outcomes are written only while the row still carries this worker's
token: a worker that lost its claim cannot undo what the new owner recorded.
"""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from scheduler_app.extensions import utcnow
from scheduler_app.mail.message import site_domain
from scheduler_app.mail.models import EMAIL, OutboxMessage, OutboxStatus

log = logging.getLogger(__name__)
ERROR_MAX = 1000
_T = OutboxMessage.__table__
_CLAIMED_COLUMNS = (
    _T.c.id, _T.c.recipient, _T.c.recipient_name, _T.c.subject, _T.c.body_text,
    _T.c.body_html, _T.c.ical, _T.c.ical_method, _T.c.list_unsubscribe_url, _T.c.language,
    _T.c.message_id, _T.c.attempts, _T.c.person_id, _T.c.kind,
)  # fmt: skip


@dataclass
class Claim:
    """Rows this worker holds under ``token``, in sending order."""

    token: str
    rows: list[Any]


def _message_id_expression(domain: str) -> sa.ColumnElement[str]:
    # Fixed at the first claim: ``<random.rowid@site>`` is unique without a round trip.
    prefix = sa.literal(f"<{uuid.uuid4().hex}.", sa.String)
    suffix = sa.literal(f"@{domain}>", sa.String)
    fresh = prefix + sa.cast(_T.c.id, sa.String) + suffix
    return sa.func.coalesce(_T.c.message_id, fresh)


def candidates(
    dialect: str,
    now: datetime,
    stale_after: timedelta,
    limit: int,
    clock: datetime | None = None,
    channel: str = EMAIL,
) -> list[tuple[sa.ColumnElement[bool], sa.Select[Any]]]:
    """The two claim queries of ``channel``'s rows, stale claims first, each with the
    condition it re-checks: due means ``send_after <= now``, stale means unrenewed since
    ``clock - stale_after``."""
    clock = clock or now
    stale = sa.and_(
        _T.c.status == OutboxStatus.SENDING.value,
        _T.c.claimed_at < clock - stale_after,
        _T.c.channel == channel,
    )
    due = sa.and_(
        _T.c.status == OutboxStatus.PENDING.value, _T.c.send_after <= now, _T.c.channel == channel
    )
    found = []
    for condition, order in ((stale, (_T.c.claimed_at,)), (due, (_T.c.send_after, _T.c.id))):
        query = sa.select(_T.c.id).where(condition).order_by(*order).limit(limit)
        if dialect == "postgresql":
            query = query.with_for_update(skip_locked=True)
        found.append((condition, query))
    return found


def claim(
    conn: Connection,
    now: datetime,
    limit: int,
    stale_after: timedelta,
    base_url: str,
    clock: datetime | None = None,
    channel: str = EMAIL,
) -> Claim:
    """Claim up to ``limit`` rows: stale claims first, then pending rows due at ``now``,
    stamped with ``clock`` (the time the claim is really made; default ``now``).

    Commits, so other workers see the claim at once.
    """
    token = uuid.uuid4().hex
    clock = clock or now
    rows: list[Any] = []
    for condition, query in candidates(conn.dialect.name, now, stale_after, limit, clock, channel):
        wanted = limit - len(rows)
        if wanted <= 0:
            break
        # Materialised, so PostgreSQL runs the locking SELECT once (as a plain IN
        # sub-query it may re-run it per row and claim more than ``limit``).
        chosen = query.limit(wanted).cte("chosen").prefix_with("MATERIALIZED")
        statement = (
            sa.update(_T)
            .where(_T.c.id.in_(sa.select(chosen.c.id)), condition)
            .values(
                status=OutboxStatus.SENDING.value,
                claimed_at=clock,
                claim_token=token,
                message_id=_message_id_expression(site_domain(base_url)),
            )
            .returning(*_CLAIMED_COLUMNS)
        )
        rows += conn.execute(statement).all()
    conn.commit()
    rows.sort(key=lambda row: row.id)
    return Claim(token, rows)


def renew(engine: Engine, token: str, now: datetime) -> int:
    """Move the claim of ``token``'s unfinished rows to ``now``; returns how many."""
    with engine.begin() as conn:
        result = conn.execute(
            sa.update(_T)
            .where(_T.c.claim_token == token, _T.c.status == OutboxStatus.SENDING.value)
            .values(claimed_at=now)
        )
    return int(result.rowcount)


class Heartbeat:
    """Renews a claim every ``interval`` seconds on its own connection until stopped."""

    def __init__(self, engine: Engine, token: str, interval: float) -> None:
        self._engine, self._token, self._interval = engine, token, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="mail-heartbeat", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                renew(self._engine, self._token, utcnow())
            except sa.exc.SQLAlchemyError:
                log.warning("could not renew mail claim %s", self._token, exc_info=True)


@dataclass
class Outcome:
    """What happened to one claimed row (``status`` is the row's new status)."""

    row_id: int
    status: str
    attempts: int
    error: str = ""
    send_after: datetime | None = None


_SENT = (
    sa.update(_T)
    .where(_T.c.id == sa.bindparam("b_id"), _T.c.claim_token == sa.bindparam("b_token"))
    .values(
        status=OutboxStatus.SENT.value,
        sent_at=sa.bindparam("b_now", type_=OutboxMessage.sent_at.type),
        last_error="",
        claimed_at=None,
        claim_token=None,
    )
)
_NOT_SENT = (
    sa.update(_T)
    .where(_T.c.id == sa.bindparam("b_id"), _T.c.claim_token == sa.bindparam("b_token"))
    .values(
        status=sa.bindparam("b_status"),
        attempts=sa.bindparam("b_attempts"),
        last_error=sa.bindparam("b_error"),
        send_after=sa.func.coalesce(
            sa.bindparam("b_send_after", type_=OutboxMessage.send_after.type), _T.c.send_after
        ),
        claimed_at=None,
        claim_token=None,
    )
)


def record(conn: Connection, token: str, outcomes: list[Outcome], now: datetime) -> int:
    """Write ``outcomes`` of rows still held under ``token`` and commit; returns how many
    were written (fewer when another worker took rows back from a stalled claim)."""
    if not outcomes:
        return 0
    sent = [
        {"b_id": o.row_id, "b_token": token, "b_now": now}
        for o in outcomes
        if o.status == OutboxStatus.SENT.value
    ]
    others = [
        {
            "b_id": o.row_id,
            "b_token": token,
            "b_status": o.status,
            "b_attempts": o.attempts,
            "b_error": o.error[:ERROR_MAX],
            "b_send_after": o.send_after,
        }
        for o in outcomes
        if o.status != OutboxStatus.SENT.value
    ]
    written = 0
    if sent:
        written += conn.execute(_SENT, sent).rowcount
    if others:
        written += conn.execute(_NOT_SENT, others).rowcount
    conn.commit()
    if written < len(outcomes):
        log.warning("mail claim %s was taken back: %d outcome(s) not written", token,
                    len(outcomes) - written)  # fmt: skip
    return written
