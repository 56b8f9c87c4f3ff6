"""A real SMTP server (aiosmtpd) on a free local port, and helpers to queue mail."""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask

from scheduler_app.extensions import db
from scheduler_app.mail.models import OutboxMessage
from scheduler_app.mail.services import queue_mail


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes
    peer: Any

    @property
    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.raw, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class RecordingHandler:
    """Stores every accepted message; can refuse recipients or hang up after N messages."""

    received: list[Received] = field(default_factory=list)
    rcpt_responses: dict[str, str] = field(default_factory=dict)
    hang_up_after: int | None = None
    delay: float = 0.0  # seconds before accepting each message (a slow server)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.rcpt_responses:
            return self.rcpt_responses[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            if self.hang_up_after is not None and len(self.received) >= self.hang_up_after:
                server.transport.abort()  # the server "dies" mid-batch, storing nothing
                return "421 going away"
            raw = envelope.original_content or envelope.content
            self.received.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), raw, session.peer)
            )
        return "250 Message accepted for delivery"

    @property
    def connections(self) -> int:
        """Distinct client connections that delivered at least one message."""
        return len({r.peer for r in self.received})

    def message_ids(self) -> list[str]:
        return [str(r.message["Message-ID"]) for r in self.received]


class SmtpServer:
    def __init__(self, handler: RecordingHandler, port: int) -> None:
        self.handler = handler
        self.port = port
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer(RecordingHandler(), free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mail_app(app: Flask, smtp: SmtpServer) -> Flask:
    """The test app pointed at the local SMTP server, really sending (TESTING would
    otherwise suppress it, as Flask-Mail does)."""
    app.config.update(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_TIMEOUT=5, MAIL_SUPPRESS_SEND=False
    )
    return app


@pytest.fixture
def queue_notice(app: Flask) -> Callable[..., OutboxMessage]:
    """Queue and commit a generic notice; keyword arguments override the defaults."""
    counter = iter(range(1, 10_000))

    def _queue(**kw: Any) -> OutboxMessage:
        n = next(counter)
        values: dict[str, Any] = {
            "to_email": f"member{n}@example.org",
            "to_name": f"นางสาวสมหญิง ทดสอบ{n}",
            "language": "th",
            "context": {"heading": "ประกาศ", "body": f"ข้อความทดสอบ {n}"},
            "dedupe_key": f"test:notice:{n}",
        }
        values.update(kw)
        row = queue_mail("generic_notice", **values)
        db.session.commit()
        return row

    return _queue
