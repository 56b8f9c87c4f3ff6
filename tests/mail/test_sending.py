"""Delivery through a real SMTP server: structure on the wire, retries, exactly-once."""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta

import icalendar
import pytest
import sqlalchemy as sa
from flask import Flask

from scheduler_app.extensions import db, utcnow
from scheduler_app.mail import claims, transport
from scheduler_app.mail.models import OutboxMessage, OutboxStatus
from scheduler_app.mail.sending import send_due
from tests.conftest import TEST_DATABASE_URL
from tests.mail.conftest import SmtpServer

Queue = Callable[..., OutboxMessage]
THAI_SUBJECT = "แจ้งกำหนดการศึกษาดูงาน ศูนย์แลกเปลี่ยนเรียนรู้เทศบาลตำบลนาอ้อ จังหวัดเลย"


def soon() -> datetime:
    return utcnow() + timedelta(seconds=1)


def rows() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.execute(sa.select(OutboxMessage).order_by(OutboxMessage.id)).scalars())


def statuses() -> list[str]:
    return [r.status for r in rows()]


def assert_each_delivered_once(smtp: SmtpServer, expected: int) -> None:
    ids = smtp.handler.message_ids()
    assert len(ids) == expected
    assert max(Counter(ids).values()) == 1
    assert {r.message_id for r in rows() if r.status == OutboxStatus.SENT} == set(ids)


def test_sent_message_is_well_formed(
    mail_app: Flask, smtp: SmtpServer, queue_notice: Queue
) -> None:
    ical = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Ruamjai//TH\r\nMETHOD:REQUEST\r\n"
        "BEGIN:VEVENT\r\nUID:e1@ruamjai.test\r\nDTSTAMP:20261123T000000Z\r\n"
        "DTSTART:20261201T020000Z\r\nSUMMARY:ศึกษาดูงาน\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    queue_notice(
        to_email="somchai@example.org",
        context={"subject": THAI_SUBJECT, "heading": THAI_SUBJECT, "body": "ยาวมาก " * 500},
        transactional=False,
        unsubscribe_url="https://ruamjai.test/unsubscribe/" + "t" * 60,
        ical=ical,
    )
    summary = send_due(soon())
    assert (summary.sent, summary.retried, summary.failed) == (1, 0, 0)
    [received] = smtp.handler.received
    assert received.rcpt_tos == ["somchai@example.org"]
    assert received.mail_from == "no-reply@ruamjai.test"
    raw, msg = received.raw, received.message
    assert max(len(line) for line in raw.splitlines()) <= 998
    assert msg.get_content_type() == "multipart/alternative"
    parts = list(msg.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html", "text/calendar"]
    assert all(p["Content-Transfer-Encoding"] in ("base64", "quoted-printable") for p in parts)
    assert msg["Subject"] == THAI_SUBJECT
    assert re.fullmatch(r"<[0-9a-f]{32}\.[0-9]+@ruamjai\.test>", msg["Message-ID"])
    assert msg["Auto-Submitted"] == "auto-generated"
    unsubscribe = "<https://ruamjai.test/unsubscribe/" + "t" * 60 + ">"
    assert f"\nList-Unsubscribe: {unsubscribe}\r\n".encode() in raw
    assert b"\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in raw
    calendar = icalendar.Calendar.from_ical(parts[2].get_content())
    assert parts[2].get_param("method") == str(calendar["METHOD"]) == "REQUEST"
    [row] = rows()
    assert (row.status, row.message_id) == ("sent", msg["Message-ID"])
    assert row.sent_at is not None


def test_send_due_twice_sends_once(mail_app: Flask, smtp: SmtpServer, queue_notice: Queue) -> None:
    for _ in range(3):
        queue_notice()
    now = soon()
    assert send_due(now).sent == 3
    assert send_due(now).sent == 0
    assert send_due(now + timedelta(days=1)).sent == 0
    assert_each_delivered_once(smtp, 3)


def test_not_due_yet_is_left_alone(mail_app: Flask, smtp: SmtpServer, queue_notice: Queue) -> None:
    queue_notice(send_after=utcnow() + timedelta(hours=1))
    assert send_due(soon()).sent == 0
    assert statuses() == ["pending"]


def test_one_connection_per_batch(mail_app: Flask, smtp: SmtpServer, queue_notice: Queue) -> None:
    for _ in range(5):
        queue_notice()
    assert send_due(soon(), batch_size=100).sent == 5
    assert smtp.handler.connections == 1
    for _ in range(5):
        queue_notice()
    assert send_due(soon(), batch_size=2).sent == 5  # 2 + 2 + 1
    assert smtp.handler.connections == 1 + 3


def test_server_down_retries_with_backoff_then_delivers_once(
    mail_app: Flask, smtp: SmtpServer, queue_notice: Queue
) -> None:
    queue_notice()
    queue_notice()
    smtp.stop()
    now = soon()
    first = send_due(now)
    assert (first.sent, first.retried) == (0, 2)
    assert [(r.status, r.attempts) for r in rows()] == [("pending", 1), ("pending", 1)]
    assert all(r.send_after == now + timedelta(minutes=1) for r in rows())
    assert "cannot connect" in rows()[0].last_error

    second_now = now + timedelta(minutes=1)
    assert send_due(second_now).retried == 2  # still down: 2 minutes next
    assert all(r.send_after == second_now + timedelta(minutes=2) for r in rows())

    smtp.start()
    assert send_due(second_now + timedelta(minutes=1)).sent == 0  # not due yet
    assert send_due(second_now + timedelta(minutes=2)).sent == 2
    assert statuses() == ["sent", "sent"]
    assert_each_delivered_once(smtp, 2)


def test_gives_up_after_max_attempts(
    mail_app: Flask, smtp: SmtpServer, queue_notice: Queue
) -> None:
    queue_notice()
    smtp.stop()
    now = soon()
    for _ in range(3):
        send_due(now, max_attempts=3)
        now += timedelta(hours=7)
    [row] = rows()
    assert (row.status, row.attempts) == ("failed", 3)
    assert row.last_error
    smtp.start()
    assert send_due(now + timedelta(days=1)).sent == 0  # failed rows stay failed


def test_server_stopping_mid_batch_loses_and_doubles_nothing(
    mail_app: Flask, smtp: SmtpServer, queue_notice: Queue
) -> None:
    for _ in range(6):
        queue_notice()
    smtp.handler.hang_up_after = 2
    now = soon()
    summary = send_due(now)
    assert (summary.sent, summary.retried) == (2, 4)
    assert statuses() == ["sent"] * 2 + ["pending"] * 4
    smtp.stop()
    smtp.handler.hang_up_after = None
    smtp.start()
    assert send_due(now + timedelta(minutes=1)).sent == 4
    assert_each_delivered_once(smtp, 6)


def test_permanent_refusal_does_not_hold_up_others(
    mail_app: Flask, smtp: SmtpServer, queue_notice: Queue
) -> None:
    smtp.handler.rcpt_responses = {
        "nobody@example.org": "550 no such user",
        "busy@example.org": "451 try later",
    }
    queue_notice(to_email="a@example.org")
    queue_notice(to_email="nobody@example.org")
    queue_notice(to_email="busy@example.org")
    queue_notice(to_email="b@example.org")
    now = soon()
    summary = send_due(now)
    assert (summary.sent, summary.retried, summary.failed) == (2, 1, 1)
    by_rcpt = {r.recipient: r for r in rows()}
    assert by_rcpt["nobody@example.org"].status == "failed"
    assert "550" in by_rcpt["nobody@example.org"].last_error
    assert by_rcpt["busy@example.org"].status == "pending"
    assert by_rcpt["busy@example.org"].attempts == 1
    assert "451" in by_rcpt["busy@example.org"].last_error
    assert smtp.handler.connections == 1
    assert sorted(r.rcpt_tos[0] for r in smtp.handler.received) == [
        "a@example.org",
        "b@example.org",
    ]
    smtp.handler.rcpt_responses = {}
    assert send_due(now + timedelta(minutes=1)).sent == 1
    assert_each_delivered_once(smtp, 3)


def test_crash_after_claim_is_reclaimed_later_and_sent_once(
    mail_app: Flask, smtp: SmtpServer, queue_notice: Queue, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(3):
        queue_notice()
    now = soon()

    def crash(self: object) -> None:
        raise RuntimeError("worker killed")

    monkeypatch.setattr(transport.OutboxConnection, "configure_host", crash)
    with pytest.raises(RuntimeError):
        send_due(now)
    monkeypatch.undo()
    claimed = rows()
    assert [r.status for r in claimed] == ["sending"] * 3
    message_ids = [r.message_id for r in claimed]
    assert all(message_ids)

    assert send_due(now + timedelta(seconds=50)).sent == 0  # the claim may still be alive
    assert send_due(now + timedelta(minutes=2)).sent == 3  # now it is stale: reclaimed
    assert [r.message_id for r in rows()] == message_ids  # same Message-ID as claimed
    assert_each_delivered_once(smtp, 3)


def test_claim_is_exclusive(mail_app: Flask, queue_notice: Queue) -> None:
    for _ in range(3):
        queue_notice()
    now = soon()
    with db.engine.connect() as conn:
        first = claims.claim(conn, now, 10, timedelta(minutes=1), "https://ruamjai.test")
        second = claims.claim(conn, now, 10, timedelta(minutes=1), "https://ruamjai.test")
    assert len(first.rows) == 3
    assert second.rows == []
    assert {r.claim_token for r in rows()} == {first.token}


def test_outcome_of_a_lost_claim_is_not_written(mail_app: Flask, queue_notice: Queue) -> None:
    queue_notice()
    now = soon()
    with db.engine.connect() as conn:
        old = claims.claim(conn, now, 10, timedelta(minutes=1), "https://ruamjai.test")
        later = now + timedelta(minutes=2)
        new = claims.claim(conn, later, 10, timedelta(minutes=1), "https://ruamjai.test")
        assert [r.id for r in new.rows] == [r.id for r in old.rows]
        assert new.rows[0].message_id == old.rows[0].message_id
        failed = claims.Outcome(old.rows[0].id, "failed", 1, "too late")
        assert claims.record(conn, old.token, [failed], later) == 0
        [row] = rows()
        assert (row.status, row.claim_token, row.last_error) == ("sending", new.token, "")
        sent = claims.Outcome(new.rows[0].id, "sent", 0)
        assert claims.record(conn, new.token, [sent, failed], later) == 1


def test_heartbeat_keeps_a_live_claim(mail_app: Flask, queue_notice: Queue) -> None:
    queue_notice(send_after=utcnow() - timedelta(minutes=5))
    claimed_at = utcnow() - timedelta(seconds=40)  # a batch that has been running 40 s
    with db.engine.connect() as conn:
        claim = claims.claim(conn, claimed_at, 10, timedelta(minutes=1), "https://ruamjai.test")
    with claims.Heartbeat(db.engine, claim.token, interval=0.05):
        deadline = time.monotonic() + 5
        while rows()[0].claimed_at == claimed_at and time.monotonic() < deadline:
            time.sleep(0.05)
        # 70 s after the claim: stale without the heartbeat, alive with it.
        assert send_due(claimed_at + timedelta(seconds=70)).sent == 0
    renewed = rows()[0].claimed_at
    assert renewed is not None and renewed > claimed_at + timedelta(seconds=30)
    assert rows()[0].status == "sending"


def test_without_mail_server_nothing_is_sent(app: Flask, queue_notice: Queue) -> None:
    queue_notice()
    queue_notice(send_after=utcnow() + timedelta(days=1))
    summary = send_due(soon())
    assert not summary.configured
    assert summary.skipped == 1
    assert "MAIL_SERVER is not set" in str(summary)
    assert statuses() == [OutboxStatus.PENDING, OutboxStatus.PENDING]


def test_unbuildable_row_fails_without_stopping_the_batch(
    mail_app: Flask, smtp: SmtpServer, queue_notice: Queue
) -> None:
    bad = queue_notice()
    bad.recipient = "not an address@@"
    db.session.commit()
    queue_notice()
    summary = send_due(soon())
    assert (summary.sent, summary.failed) == (1, 1)
    assert rows()[0].status == "failed"


@pytest.mark.postgres
@pytest.mark.skipif(
    not (TEST_DATABASE_URL or "").startswith("postgres"), reason="needs TEST_DATABASE_URL"
)
def test_claims_are_found_through_the_partial_indexes(mail_app: Flask) -> None:
    queries = claims.candidates("postgresql", utcnow(), timedelta(minutes=1), 100)
    plans = []
    with db.engine.connect() as conn:
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")  # a small table: force the choice
        for _condition, query in queries:
            compiled = query.compile(conn, compile_kwargs={"literal_binds": True})
            plans.append(" ".join(conn.exec_driver_sql(f"EXPLAIN {compiled}").scalars()))
    stale_plan, due_plan = plans
    assert "ix_outbox_message_claimed" in stale_plan
    assert "ix_outbox_message_due" in due_plan


def test_each_batch_is_claimed_at_the_time_it_starts(
    mail_app: Flask, smtp: SmtpServer, queue_notice: Queue, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(3):
        queue_notice()
    smtp.handler.delay = 0.3
    clocks: list[datetime] = []
    real_claim = claims.claim

    def recording_claim(*args: object, **kwargs: object) -> claims.Claim:
        clocks.append(args[5])  # type: ignore[arg-type]
        return real_claim(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(claims, "claim", recording_claim)
    now = soon()
    assert send_due(now, batch_size=1).sent == 3
    # Claimed later in a long run means not stale to other workers too early.
    assert now <= clocks[0] < now + timedelta(seconds=0.1)
    assert clocks[1] >= now + timedelta(seconds=0.3)
    assert clocks[2] >= clocks[1] + timedelta(seconds=0.3)
