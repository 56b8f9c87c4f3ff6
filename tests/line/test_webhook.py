"""The webhook: signature before anything, linking codes, replays, follow/unfollow, stop."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
import sqlalchemy as sa

from scheduler_app.accounts import channels
from scheduler_app.accounts.privacy_models import ConsentRecord
from scheduler_app.extensions import db, utcnow
from scheduler_app.line import linking
from scheduler_app.line.models import LineLinkCode
from scheduler_app.mail.models import OutboxMessage, OutboxStatus
from scheduler_app.mail.services import queue_channel_message
from tests.line.conftest import (
    event_body,
    follow_event,
    line_user_id,
    message_event,
    post_webhook,
)

REPLY = "/v2/bot/message/reply"


def _code_for(person, minutes_ago: int = 0) -> str:
    code = linking.new_code(person, utcnow() - timedelta(minutes=minutes_ago))
    db.session.commit()
    return code.code


def _reply_texts(fake_line) -> list[str]:
    return [m["text"] for r in fake_line.accepted(REPLY) for m in r.body["messages"]]


def test_a_wrongly_signed_body_is_refused_before_it_is_read(client, make_person, fake_line, caplog):
    person = make_person()
    body = event_body(message_event(line_user_id(), _code_for(person)))
    with caplog.at_level(logging.WARNING, logger="scheduler_app.line"):
        forged = post_webhook(client, body, secret="not-the-channel-secret")
        unsigned = client.post("/line/webhook", data=body)
        tampered = client.post(
            "/line/webhook",
            data=body.replace(b"follow", b"fellow") + b" ",
            headers={"X-Line-Signature": "AAAA"},
        )
    assert (forged.status_code, unsigned.status_code, tampered.status_code) == (403, 403, 403)
    db.session.refresh(person)
    assert person.line_user_id is None
    assert "bad signature" in caplog.text
    assert fake_line.requests == []


def test_a_signed_code_links_the_person_once(client, make_person, fake_line):
    person = make_person(preferred_language="th")
    code = _code_for(person)
    user = line_user_id(7)
    answer = post_webhook(client, event_body(message_event(user, f" {code.lower()} ")))
    assert answer.status_code == 200
    db.session.refresh(person)
    assert person.line_user_id == user
    consent = db.session.execute(
        sa.select(ConsentRecord).where(ConsentRecord.person_id == person.id)
    ).scalar_one()
    assert (consent.purpose, consent.is_given) == ("line", True)
    [reply] = fake_line.accepted(REPLY)
    assert reply.headers["authorization"] == "Bearer test-channel-access-token"
    assert "เชื่อม" in reply.body["messages"][0]["text"]  # Thai: linked

    other = line_user_id(8)
    again = post_webhook(client, event_body(message_event(other, code)))
    assert again.status_code == 200
    db.session.refresh(person)
    assert person.line_user_id == user  # a used code links nobody else
    assert "ใช้ไปแล้ว" in _reply_texts(fake_line)[-1]
    assert fake_line.problems == []


def test_an_expired_code_links_nobody(client, make_person, fake_line):
    person = make_person()
    code = _code_for(person, minutes_ago=16)
    post_webhook(client, event_body(message_event(line_user_id(), code)))
    db.session.refresh(person)
    assert person.line_user_id is None
    assert "หมดอายุ" in _reply_texts(fake_line)[-1]
    fresh = _code_for(person, minutes_ago=14)
    post_webhook(client, event_body(message_event(line_user_id(), fresh)))
    db.session.refresh(person)
    assert person.line_user_id == line_user_id()


def test_a_replayed_event_is_refused_and_logged(client, make_person, fake_line, caplog):
    person = make_person()
    body = event_body(message_event(line_user_id(), _code_for(person)))
    assert post_webhook(client, body).status_code == 200
    with caplog.at_level(logging.WARNING, logger="scheduler_app.line"):
        replay = post_webhook(client, body)
    assert replay.status_code == 409
    assert "replay" in caplog.text
    assert len(fake_line.accepted(REPLY)) == 1  # the replay got no second answer


def test_unfollow_unlinks_and_withdraws_waiting_line_messages(client, make_person, fake_line):
    user = line_user_id(3)
    person = make_person(line_user_id=user)
    row = queue_channel_message(
        "line",
        "reminder",
        recipient=user,
        recipient_name="x",
        language="th",
        summary="พรุ่งนี้",
        payload='[{"type":"text","text":"x"}]',
        dedupe_key="k:1",
        person_id=person.id,
    )
    db.session.commit()
    assert post_webhook(client, event_body(follow_event(user, "unfollow"))).status_code == 200
    db.session.refresh(person)
    db.session.refresh(row)
    assert person.line_user_id is None
    assert row.status == OutboxStatus.WITHDRAWN.value


def test_stop_switches_every_line_topic_off(client, make_person, fake_line):
    user = line_user_id(4)
    person = make_person(line_user_id=user)
    now = utcnow()
    channels.set_choice(person, channels.Topic.REMINDERS, "line", True, now)
    channels.set_choice(person, channels.Topic.DIGEST, "line", True, now)
    db.session.commit()
    post_webhook(client, event_body(message_event(user, "หยุด")))
    db.session.expire_all()
    assert channels.choice(person, channels.Topic.REMINDERS, "line") is False
    assert channels.choice(person, channels.Topic.DIGEST, "line") is False
    purposes = db.session.execute(
        sa.select(ConsentRecord.purpose, ConsentRecord.is_given)
        .where(ConsentRecord.person_id == person.id)
        .order_by(ConsentRecord.id)
    ).all()
    assert ("line:reminders", False) in purposes and ("line:digest", False) in purposes
    assert "ไม่ส่ง" in _reply_texts(fake_line)[-1]


def test_anything_else_gets_a_short_thai_help_with_the_site_link(client, fake_line):
    post_webhook(client, event_body(message_event(line_user_id(), "สวัสดีครับ")))
    post_webhook(client, event_body(follow_event(line_user_id(2))))
    help_text, welcome = _reply_texts(fake_line)
    assert "https://ruamjai.test/" in help_text and "ร่วมใจ" in help_text
    assert "https://ruamjai.test/profile" in welcome
    assert fake_line.problems == []


def test_the_webhook_needs_no_csrf_token_but_the_rest_does(make_app, make_person, fake_line):
    from tests.line.conftest import LINE_CONFIG

    app = make_app(**LINE_CONFIG, LINE_API_BASE=fake_line.url, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    with app.app_context():
        person = make_person()
        code = _code_for(person)
        assert (
            post_webhook(client, event_body(message_event(line_user_id(), code))).status_code == 200
        )
        with client.session_transaction() as sess:
            sess["_user_id"] = str(person.id)
        assert client.post("/line/unlink").status_code == 400
        db.session.expire_all()
        assert db.session.get(type(person), person.id).line_user_id == line_user_id()


def test_line_off_means_no_webhook_and_no_pages(make_app, make_person):
    app = make_app()
    client = app.test_client()
    with app.app_context():
        person = make_person()
        assert client.post("/line/webhook", data=b"{}").status_code == 404
        with client.session_transaction() as sess:
            sess["_user_id"] = str(person.id)
        assert client.get("/line").status_code == 404
        assert "LINE" not in client.get("/profile").get_data(as_text=True).split("<main", 1)[1]
        assert (
            db.session.execute(sa.select(sa.func.count()).select_from(LineLinkCode)).scalar() == 0
        )
        assert (
            db.session.execute(sa.select(sa.func.count()).select_from(OutboxMessage)).scalar() == 0
        )


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[1, 2]", b'{"events": 5}', b'{"events": "follow"}', b'{"events": {"a": 1}}'],
)
def test_a_signed_body_that_is_not_a_list_of_events_is_a_400(client, fake_line, body):
    assert post_webhook(client, body).status_code == 400
    assert fake_line.requests == []


def test_signed_events_of_odd_shapes_are_skipped_not_a_500(client, fake_line):
    body = b'{"events": [5, "x", {"type": 7}, {"type": "message", "message": null}]}'
    assert post_webhook(client, body).status_code == 200
