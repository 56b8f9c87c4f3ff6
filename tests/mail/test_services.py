"""Queuing, de-duplication, withdrawing and re-timing outbox rows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from scheduler_app.extensions import db
from scheduler_app.mail import services
from scheduler_app.mail.models import OutboxMessage, OutboxStatus
from scheduler_app.mail.services import queue_mail, retime_mail, withdraw_mail

Queue = Callable[..., OutboxMessage]


def all_rows() -> list[OutboxMessage]:
    return list(db.session.execute(sa.select(OutboxMessage).order_by(OutboxMessage.id)).scalars())


@pytest.mark.parametrize(
    ("language", "greeting", "footer"),
    [
        ("th", "เรียน นางสาวสมหญิง", "ข้อความนี้ส่งโดยอัตโนมัติจากระบบร่วมใจ"),
        ("en", "Dear นางสาวสมหญิง", "This message was sent automatically by Ruamjai."),
    ],
)
def test_queue_renders_in_the_recipients_language(
    app: object, language: str, greeting: str, footer: str
) -> None:
    row = queue_mail(
        "generic_notice",
        to_email="somying@example.org",
        to_name="นางสาวสมหญิง",
        language=language,
        context={"heading": "ประชุม <เครือข่าย>", "body": "พบกันวันจันทร์"},
        dedupe_key="k1",
    )
    db.session.commit()
    assert row.subject == "ประชุม <เครือข่าย>"
    assert row.language == language
    assert greeting in row.body_text and footer in row.body_text
    assert greeting in row.body_html and footer in row.body_html
    assert "ประชุม &lt;เครือข่าย&gt;" in row.body_html  # HTML is escaped, text is not
    assert "ประชุม <เครือข่าย>" in row.body_text
    assert row.status == OutboxStatus.PENDING
    assert row.list_unsubscribe_url is None  # transactional by default


def test_unknown_language_falls_back_to_default(app: object, queue_notice: Queue) -> None:
    assert queue_notice(language="fr").language == "th"


def test_same_dedupe_key_twice_gives_one_row(app: object, queue_notice: Queue) -> None:
    first = queue_notice(dedupe_key="welcome:person:1")
    second = queue_notice(dedupe_key="welcome:person:1", to_email="other@example.org")
    assert first.id == second.id
    assert len(all_rows()) == 1
    assert all_rows()[0].recipient == first.recipient


def test_race_on_the_dedupe_key_keeps_the_outer_transaction(
    app: object, queue_notice: Queue, monkeypatch: pytest.MonkeyPatch
) -> None:
    existing = queue_notice(dedupe_key="race")
    notice = {"heading": "h", "body": "b"}
    queue_mail(  # uncommitted work of the same transaction must survive the race
        "generic_notice", to_email="o@example.org", to_name="", language="en",
        context=notice, dedupe_key="other",
    )  # fmt: skip
    # Another process inserted "race" after our check: the check sees nothing once.
    real_find = services.find_by_dedupe_key
    calls: list[str] = []

    def find_missing_once(key: str, channel: str = "email") -> OutboxMessage | None:
        calls.append(key)
        return None if len(calls) == 1 else real_find(key, channel)

    monkeypatch.setattr(services, "find_by_dedupe_key", find_missing_once)
    row = queue_mail(
        "generic_notice", to_email="x@example.org", to_name="", language="en",
        context=notice, dedupe_key="race",
    )  # fmt: skip
    db.session.commit()
    assert len(calls) == 2  # the insert failed on the unique key and we looked again
    assert row.id == existing.id
    assert sorted(r.dedupe_key for r in all_rows()) == ["other", "race"]


def test_non_transactional_mail_needs_https_unsubscribe(app: object, queue_notice: Queue) -> None:
    with pytest.raises(ValueError):
        queue_notice(transactional=False)
    with pytest.raises(ValueError):
        queue_notice(transactional=False, unsubscribe_url="http://ruamjai.test/unsubscribe/t")
    row = queue_notice(transactional=False, unsubscribe_url="https://ruamjai.test/unsubscribe/t")
    assert row.list_unsubscribe_url == "https://ruamjai.test/unsubscribe/t"
    assert "https://ruamjai.test/unsubscribe/t" in row.body_text
    assert 'href="https://ruamjai.test/unsubscribe/t"' in row.body_html


def test_ical_method_must_match(app: object, queue_notice: Queue) -> None:
    ical = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"
    with pytest.raises(ValueError):
        queue_notice(ical=ical, ical_method="CANCEL")
    assert queue_notice(ical=ical).ical_method == "REQUEST"


def test_withdraw_only_pending_rows_with_the_prefix(app: object, queue_notice: Queue) -> None:
    queue_notice(dedupe_key="reminder:event:7:person:1")
    sent = queue_notice(dedupe_key="reminder:event:7:person:2")
    sent.status = OutboxStatus.SENT.value
    queue_notice(dedupe_key="reminder:event:70:person:1")
    queue_notice(dedupe_key="reminder_event_7_x")  # LIKE wildcards in the prefix are literal
    db.session.commit()
    assert withdraw_mail("reminder:event:7:") == 1
    db.session.commit()
    statuses = {r.dedupe_key: r.status for r in all_rows()}
    assert statuses == {
        "reminder:event:7:person:1": "withdrawn",
        "reminder:event:7:person:2": "sent",
        "reminder:event:70:person:1": "pending",
        "reminder_event_7_x": "pending",
    }
    with pytest.raises(ValueError):
        withdraw_mail("")


def test_retime_moves_pending_rows(app: object, queue_notice: Queue) -> None:
    start = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
    a = queue_notice(dedupe_key="reminder:event:7:a", send_after=start)
    b = queue_notice(dedupe_key="reminder:event:7:b", send_after=start)
    b.status = OutboxStatus.SENT.value
    db.session.commit()
    assert retime_mail("reminder:event:7:", shift=timedelta(hours=3)) == 1
    db.session.commit()
    assert db.session.get(OutboxMessage, a.id).send_after == start + timedelta(hours=3)
    assert db.session.get(OutboxMessage, b.id).send_after == start
    later = datetime(2026, 12, 5, tzinfo=UTC)
    assert retime_mail("reminder:event:7:", send_after=later) == 1
    assert db.session.get(OutboxMessage, a.id).send_after == later
    with pytest.raises(ValueError):
        retime_mail("reminder:event:7:")


def test_resend_only_failed(app: object, queue_notice: Queue) -> None:
    row = queue_notice()
    now = datetime(2026, 12, 1, tzinfo=UTC)
    assert services.resend_mail(row, now) is False
    row.status, row.attempts = OutboxStatus.FAILED.value, 8
    assert services.resend_mail(row, now) is True
    assert (row.status, row.attempts, row.send_after) == ("pending", 0, now)
