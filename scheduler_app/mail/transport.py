"""The SMTP session of a batch: Flask-Mail's ``Connection`` with its configuration and its
testing switch, carrying messages the ``email`` package built (see ``message.py``).

Flask-Mail reads MAIL_SERVER, MAIL_PORT, MAIL_USE_TLS/SSL, MAIL_USERNAME/PASSWORD and
MAIL_SUPPRESS_SEND (default: TESTING). When sending is suppressed no socket is opened and
nothing leaves the process, yet every message is still announced on Flask-Mail's
``email_dispatched`` signal, so ``mail.record_messages()`` shows what would have been sent
(as ``EmailMessage`` objects parsed from the exact bytes). Flask-Mail 0.10 opens smtplib
without a timeout; a server that accepts and then stays silent would hang a worker and,
through the claim heartbeat, hold its rows for ever, so ``configure_host`` adds
MAIL_TIMEOUT and otherwise does what Flask-Mail does.
"""

from __future__ import annotations

import email
import smtplib
from email.message import EmailMessage
from email.policy import default as default_policy
from types import TracebackType
from typing import Any

from flask import Flask
from flask_mail import Connection, email_dispatched

from scheduler_app.extensions import mail

DEFAULT_TIMEOUT_SECONDS = 30.0


class OutboxConnection(Connection):
    """One SMTP session (or, suppressed, none) for a batch of prebuilt messages."""

    def __init__(self, app: Flask) -> None:
        # Flask-Mail's own reading of the config, taken when the batch starts, so a
        # changed config (tests, a reloaded worker) applies to the next batch.
        super().__init__(mail.init_mail(app.config, app.debug, app.testing))  # type: ignore[arg-type]
        self.app = app
        self.timeout = float(app.config.get("MAIL_TIMEOUT") or DEFAULT_TIMEOUT_SECONDS)
        self.observed = bool(email_dispatched.receivers)

    @property
    def suppressed(self) -> bool:
        return bool(self.mail.suppress)

    def configure_host(self) -> smtplib.SMTP:
        state = self.mail
        port = int(state.port or 25)
        host: smtplib.SMTP
        if state.use_ssl:
            host = smtplib.SMTP_SSL(state.server, port, timeout=self.timeout)
        else:
            host = smtplib.SMTP(state.server, port, timeout=self.timeout)
        try:
            host.set_debuglevel(int(state.debug))
            if state.use_tls and not state.use_ssl:
                host.starttls()
            if state.username:
                host.login(state.username, state.password or "")
        except BaseException:
            host.close()
            raise
        return host

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.host is None:
            return
        try:
            self.host.quit()
        except (OSError, smtplib.SMTPException):
            self.host.close()  # the session already broke; the outcome is recorded
        self.host = None

    def send_bytes(self, envelope_from: str, recipient: str, data: bytes) -> None:
        """Hand one message to the server; smtplib's exceptions say what went wrong."""
        if self.host is not None:
            self.host.sendmail(envelope_from, [recipient], data)
        if self.observed:
            parsed = email.message_from_bytes(data, policy=default_policy)
            email_dispatched.send(self.app, message=_as_email_message(parsed))
        self.num_emails += 1


def _as_email_message(parsed: Any) -> EmailMessage:
    assert isinstance(parsed, EmailMessage)
    return parsed


def connect(app: Flask) -> OutboxConnection:
    """``mail.connect()`` for the outbox: use as ``with connect(app) as conn: ...``."""
    return OutboxConnection(app)
