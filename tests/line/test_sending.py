"""The LINE outbox channel against the fake Messaging API: push, multicast in batches of
500, 429/5xx retried honouring Retry-After, a bad recipient isolated, nothing lost."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from scheduler_app.accounts import channels
from scheduler_app.accounts.models import ChannelChoice, Person
from scheduler_app.core.line_flex import Card, flex_message, payload
from scheduler_app.extensions import db, utcnow
from scheduler_app.followups.digest import queue_digests
from scheduler_app.mail.models import OutboxMessage, OutboxStatus
from scheduler_app.mail.sending import send_due
from scheduler_app.mail.services import queue_channel_message
from tests.line.conftest import line_user_id

PUSH, MULTICAST = "/v2/bot/message/push", "/v2/bot/message/multicast"
SAME = payload(
    [
        flex_message(
            Card(
                "พรุ่งนี้: งานแลกเปลี่ยน",
                "เตือนความจำ",
                "งานแลกเปลี่ยน",
                buttons=[("ดูกิจกรรม", "https://ruamjai.test/events/1")],
            )
        )
    ]
)


def begin_writing() -> None:
    """Open the write transaction now. Python's sqlite3 starts one only at the first
    INSERT/UPDATE, so each row's SAVEPOINT would otherwise commit (an fsync) on its own."""
    db.session.execute(sa.update(OutboxMessage).where(sa.false()).values(attempts=0))


def _queue(n: int, body: str = SAME, start: int = 1, key: str = "test") -> list[OutboxMessage]:
    begin_writing()
    rows = [
        queue_channel_message(
            "line",
            "reminder",
            recipient=line_user_id(i),
            recipient_name=f"คน {i}",
            language="th",
            summary="พรุ่งนี้",
            payload=body,
            dedupe_key=f"{key}:{i}",
        )
        for i in range(start, start + n)
    ]
    db.session.commit()
    return rows


def _statuses() -> dict[str, int]:
    rows = db.session.execute(
        sa.select(OutboxMessage.status, sa.func.count()).group_by(OutboxMessage.status)
    ).all()
    return dict(rows)


def test_one_message_goes_by_push_with_the_token_and_a_retry_key(app, fake_line):
    [row] = _queue(1)
    summary = send_due(utcnow())
    assert summary.other_channels["line"].sent == 1
    [request] = fake_line.requests
    assert request.path == PUSH
    assert request.headers["authorization"] == "Bearer test-channel-access-token"
    assert request.headers["x-line-retry-key"]
    assert request.body["to"] == line_user_id(1)
    assert request.body["messages"][0]["altText"] == "พรุ่งนี้: งานแลกเปลี่ยน"
    db.session.refresh(row)
    assert row.status == OutboxStatus.SENT.value
    assert fake_line.problems == []


def test_the_same_message_to_many_goes_by_multicast_in_batches_of_500(app, fake_line):
    _queue(1200)
    other = payload([{"type": "text", "text": "อีกข้อความหนึ่ง"}])
    _queue(2, body=other, start=5000, key="other")
    summary = send_due(utcnow())
    assert summary.other_channels["line"].sent == 1202
    sizes = sorted(len(r.body["to"]) for r in fake_line.accepted(MULTICAST))
    assert sizes == [2, 200, 500, 500]
    assert sorted(fake_line.delivered_to()) == sorted(
        [line_user_id(i) for i in range(1, 1201)] + [line_user_id(5000), line_user_id(5001)]
    )
    assert fake_line.problems == []


@pytest.mark.parametrize("status", [429, 500, 503])
def test_busy_or_down_is_retried_later_honouring_retry_after(app, fake_line, status):
    rows = _queue(3)
    fake_line.fail_next(status, retry_after=600)
    now = utcnow()
    summary = send_due(now)
    assert summary.other_channels["line"].retried == 3
    for row in rows:
        db.session.refresh(row)
        assert row.status == OutboxStatus.PENDING.value
        assert row.attempts == 1
        assert row.send_after >= now + timedelta(seconds=600)
    assert send_due(now).other_channels["line"].sent == 0  # not before Retry-After
    later = send_due(now + timedelta(seconds=601))
    assert later.other_channels["line"].sent == 3
    assert sorted(fake_line.delivered_to()) == [line_user_id(i) for i in (1, 2, 3)]


def test_a_bad_recipient_fails_alone_and_the_others_are_sent(app, fake_line):
    rows = _queue(4)
    fake_line.bad_ids.add(line_user_id(3))
    summary = send_due(utcnow())
    line = summary.other_channels["line"]
    assert (line.sent, line.failed, line.retried) == (3, 1, 0)
    assert sorted(fake_line.delivered_to()) == [line_user_id(i) for i in (1, 2, 4)]
    statuses = {}
    for row in rows:
        db.session.refresh(row)
        statuses[row.recipient] = row.status
    assert statuses[line_user_id(3)] == OutboxStatus.FAILED.value
    assert [s for s in statuses.values()].count(OutboxStatus.SENT.value) == 3


def test_a_repeated_request_is_accepted_once(app, fake_line):
    """A worker that died after LINE accepted a multicast repeats it with the same retry
    key; LINE answers 409 and the rows count as sent, with no second delivery."""
    rows = _queue(3)
    send_due(utcnow())
    db.session.execute(
        sa.update(OutboxMessage).values(status=OutboxStatus.PENDING.value, attempts=0)
    )
    db.session.commit()
    again = send_due(utcnow())
    assert again.other_channels["line"].sent == 3
    assert len(fake_line.delivered_to()) == 3
    assert [r.headers["x-answer"] for r in fake_line.requests] == ["200", "409"]
    assert {r.id for r in rows}


def test_line_down_loses_nothing(make_app, fake_line):
    from tests.line.conftest import LINE_CONFIG

    app = make_app(**LINE_CONFIG, LINE_API_BASE="http://127.0.0.1:9")  # nothing listens
    with app.app_context():
        rows = _queue(2)
        summary = send_due(utcnow())
        assert summary.other_channels["line"].retried == 2
        for row in rows:
            db.session.refresh(row)
            assert (row.status, row.attempts) == (OutboxStatus.PENDING.value, 1)
            assert "connection" in row.last_error


def test_email_without_a_mail_server_still_waits_while_line_goes(app, fake_line):
    from scheduler_app.mail.services import queue_mail

    queue_mail(
        "generic_notice",
        to_email="a@example.org",
        to_name="A",
        language="th",
        context={"subject": "s", "body": "b"},
        dedupe_key="mail:1",
    )
    _queue(1)
    summary = send_due(utcnow())
    assert not summary.configured and summary.skipped == 1
    assert summary.other_channels["line"].sent == 1
    assert "line: sent 1" in str(summary)


def _digest_people(n: int, now) -> None:
    people = [
        Person(
            email=f"d{i}@example.org",
            given_name=f"ผู้รับ {i}",
            line_user_id=line_user_id(i),
            digest_frequency="monthly",
            preferred_language="th",
        )
        for i in range(1, n + 1)
    ]
    db.session.add_all(people)
    db.session.flush()
    for person in people:
        db.session.add(
            ChannelChoice(
                person_id=person.id, topic="digest", channel="line", wanted=True, chosen_at=now
            )
        )
        db.session.add(
            ChannelChoice(
                person_id=person.id, topic="digest", channel="email", wanted=False, chosen_at=now
            )
        )
    db.session.commit()


def test_a_digest_to_1200_linked_people_goes_as_3_multicasts(app, fake_line, make_event):
    now = utcnow()
    make_event(start_at=now + timedelta(days=3), title_th="ประชุมเครือข่ายประจำเดือน")
    _digest_people(1200, now)
    begin_writing()
    assert queue_digests(now) == 1200
    db.session.commit()
    assert (
        db.session.execute(
            sa.select(sa.func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.channel == "email")
        ).scalar()
        == 0
    )  # they chose LINE only
    send_due(now + timedelta(seconds=1))
    multicasts = fake_line.accepted(MULTICAST)
    assert sorted(len(r.body["to"]) for r in multicasts) == [200, 500, 500]
    assert fake_line.accepted(PUSH) == []
    bubble = multicasts[0].body["messages"][0]
    assert "ประชุมเครือข่ายประจำเดือน" in str(bubble["contents"])
    assert str(now.year + 543) in str(bubble["contents"])  # Buddhist Era
    assert fake_line.problems == []


def test_when_the_quota_would_run_out_the_rest_go_by_email(make_app, fake_line, make_event):
    from tests.line.conftest import LINE_CONFIG

    app = make_app(**{**LINE_CONFIG, "LINE_MONTHLY_QUOTA": 3}, LINE_API_BASE=fake_line.url)
    with app.app_context():
        now = utcnow()
        make_event(start_at=now + timedelta(days=3))
        _digest_people(5, now)
        client = app.test_client()
        from tests.factories import make_person

        coordinator = make_person(role="coordinator", digest_frequency="never")
        with client.session_transaction() as sess:
            sess["_user_id"] = str(coordinator.id)
        page = client.get("/line/quota").get_data(as_text=True)
        assert "5" in page and "อีก 2 คนจะได้รับทางอีเมลแทน" in page
        queue_digests(now)
        db.session.commit()
        by_channel = dict(
            db.session.execute(
                sa.select(OutboxMessage.channel, sa.func.count()).group_by(OutboxMessage.channel)
            ).all()
        )
        assert by_channel == {"line": 3, "email": 2}
        send_due(now + timedelta(seconds=1))
        assert len(fake_line.delivered_to()) == 3
        admin = make_person(role="admin")
        with client.session_transaction() as sess:
            sess["_user_id"] = str(admin.id)
        outbox_page = client.get("/admin/outbox").get_data(as_text=True)
        assert "ข้อความ LINE ที่ส่งแต่ละเดือน" in outbox_page
        assert str(now.year + 543) in outbox_page.split("channel-line-months", 1)[1]


def test_a_person_who_unlinks_gets_nothing_more(app, fake_line):
    person = Person(email="u@example.org", given_name="ยกเลิก", line_user_id=line_user_id(9))
    db.session.add(person)
    db.session.commit()
    channels.set_choice(person, channels.Topic.REMINDERS, "line", True, utcnow())
    _queue(1, start=9)
    db.session.execute(sa.update(OutboxMessage).values(person_id=person.id))
    db.session.commit()
    from scheduler_app.line.linking import unlink

    unlink(person, utcnow())
    db.session.commit()
    send_due(utcnow())
    assert fake_line.requests == []
    assert _statuses() == {"withdrawn": 1}


def test_the_quota_page_plans_the_we_miss_you_campaign_too(make_app, fake_line):
    from tests.factories import make_person
    from tests.line.conftest import LINE_CONFIG

    app = make_app(**{**LINE_CONFIG, "LINE_MONTHLY_QUOTA": 2}, LINE_API_BASE=fake_line.url)
    with app.app_context():
        now = utcnow()
        long_ago = now - timedelta(days=400)
        quiet = [
            Person(email=f"q{i}@example.org", given_name=f"เงียบ {i}", created_at=long_ago,
                   line_user_id=line_user_id(50 + i), preferred_language="th")
            for i in range(3)
        ]  # fmt: skip
        active = Person(email="a@example.org", given_name="ขยัน", created_at=long_ago,
                        last_login_at=now, line_user_id=line_user_id(60))  # fmt: skip
        db.session.add_all([*quiet, active])
        db.session.flush()
        for person in [*quiet, active]:
            db.session.add(ChannelChoice(person_id=person.id, topic="followups", channel="line",
                                         wanted=True, chosen_at=now))  # fmt: skip
        db.session.commit()
        client = app.test_client()
        coordinator = make_person(role="coordinator", last_login_at=now)
        with client.session_transaction() as sess:
            sess["_user_id"] = str(coordinator.id)
        page = client.get("/line/quota", headers={"Accept-Language": "en"})
        text = " ".join(page.get_data(as_text=True).split())
        # three quiet people chose LINE (the active one is not invited back); two fit
        assert "invitations: the next round would use at most 3 LINE messages of the 2 left" in text
        assert "1 people would get it by e-mail instead" in text
