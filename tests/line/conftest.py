"""LINE tests run against the fake Messaging API (``fake_line.py``) over real HTTP."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from scheduler_app.extensions import db
from scheduler_app.line.webhook import signature_of
from tests.line.fake_line import FakeLine, FakeLineServer

SECRET = "test-channel-secret"
TOKEN = "test-channel-access-token"
LINE_CONFIG = {
    "LINE_CHANNEL_SECRET": SECRET,
    "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
    "LINE_MONTHLY_QUOTA": 5000,
    "LINE_BASIC_ID": "@ruamjai",
    "LINE_TIMEOUT": 5,
}


@pytest.fixture
def fake_line() -> Iterator[FakeLine]:
    server = FakeLineServer(TOKEN)
    fake = server.start()
    yield fake
    server.stop()


@pytest.fixture
def app(make_app: Any, fake_line: FakeLine) -> Iterator[Flask]:
    application = make_app(**LINE_CONFIG, LINE_API_BASE=fake_line.url)
    with application.app_context():
        yield application
        db.session.remove()


def line_user_id(n: int = 1) -> str:
    return "U" + f"{n:032x}"


def event_body(*events: dict[str, Any]) -> bytes:
    return json.dumps({"destination": "Uoa", "events": list(events)}).encode()


def message_event(user: str, text: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": "message",
        "webhookEventId": extra.pop("event_id", uuid.uuid4().hex.upper()),
        "timestamp": 1_790_000_000_000,
        "replyToken": uuid.uuid4().hex,
        "source": {"type": "user", "userId": user},
        "message": {"type": "text", "id": "1", "text": text},
        "deliveryContext": {"isRedelivery": False},
        **extra,
    }


def follow_event(user: str, kind: str = "follow") -> dict[str, Any]:
    event = {
        "type": kind,
        "webhookEventId": uuid.uuid4().hex.upper(),
        "timestamp": 1_790_000_000_000,
        "source": {"type": "user", "userId": user},
        "deliveryContext": {"isRedelivery": False},
    }
    if kind == "follow":
        event["replyToken"] = uuid.uuid4().hex
    return event


def post_webhook(client: FlaskClient, body: bytes, secret: str = SECRET) -> Any:
    """POST ``body`` to the webhook as LINE does: signed with the channel secret."""
    return client.post(
        "/line/webhook",
        data=body,
        headers={
            "X-Line-Signature": signature_of(secret, body),
            "Content-Type": "application/json",
        },
    )


@pytest.fixture
def make_event(app: Flask) -> Any:
    from tests.events.conftest import build_event

    return build_event
