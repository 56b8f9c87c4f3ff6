"""Fixtures for tests that read real mail: the SMTP server from the mail tests, an event
factory that queues real outbox rows, and helpers to send the outbox and read what
arrived. Conftests import them (follow-ups, reminders, invitation mail)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from icalendar import Calendar

from scheduler_app.events.models import Event
from scheduler_app.extensions import db, utcnow
from scheduler_app.mail.models import OutboxMessage
from scheduler_app.mail.sending import send_due
from tests.events.conftest import build_event
from tests.mail.conftest import SmtpServer, mail_app, smtp  # noqa: F401

FAR_FUTURE = timedelta(days=400)


@pytest.fixture
def make_event(app: Flask) -> Callable[..., Event]:
    return build_event


def outbox(**filters: Any) -> list[OutboxMessage]:
    query = sa.select(OutboxMessage).order_by(OutboxMessage.id)
    for name, value in filters.items():
        query = query.where(getattr(OutboxMessage, name) == value)
    return list(db.session.execute(query).scalars())


@pytest.fixture
def deliver_all(smtp: SmtpServer, mail_app: Flask) -> Callable[..., list[EmailMessage]]:  # noqa: F811
    """Send everything due by ``now`` (default: far ahead) and return the new messages."""

    def _send(now: datetime | None = None) -> list[EmailMessage]:
        before = len(smtp.handler.received)
        db.session.commit()
        send_due(now or utcnow() + FAR_FUTURE)
        return [r.message for r in smtp.handler.received[before:]]

    return _send


def calendar_part(message: EmailMessage) -> tuple[str, Calendar] | None:
    """(method parameter, parsed calendar) of the text/calendar part, if any."""
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            body = part.get_content()
            return str(part.get_param("method")), Calendar.from_ical(body)
    return None


def vevent(cal: Calendar) -> Any:
    [event] = cal.walk("VEVENT")
    return event
