"""The outbox: every e-mail is a row here before any SMTP traffic."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from scheduler_app.extensions import UTCDateTime, db, utcnow


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    WITHDRAWN = "withdrawn"


EMAIL = "email"


class OutboxMessage(db.Model):
    """One rendered message; ``dedupe_key`` (per ``channel``) makes re-runs and retries
    harmless. ``channel`` is ``email`` or a channel registered in ``mail/channels.py``
    (``line``: ``recipient`` is the LINE user id, ``subject`` the alt text and
    ``body_text`` the JSON of the messages)."""

    __tablename__ = "outbox_message"
    __table_args__ = (
        sa.UniqueConstraint("dedupe_key", "channel", name="uq_outbox_message_dedupe_key"),
        sa.Index(
            "ix_outbox_message_due",
            "send_after",
            postgresql_where=sa.text("status = 'pending'"),
            sqlite_where=sa.text("status = 'pending'"),
        ),
        # The retention purge reads finished rows by age (privacy/retention.py).
        sa.Index("ix_outbox_message_created_at", "created_at"),
        # Finds claims whose worker stopped renewing them (see mail/claims.py).
        sa.Index(
            "ix_outbox_message_claimed",
            "claimed_at",
            postgresql_where=sa.text("status = 'sending'"),
            sqlite_where=sa.text("status = 'sending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(sa.String(255))
    channel: Mapped[str] = mapped_column(sa.String(16), default=EMAIL, server_default=EMAIL)
    recipient: Mapped[str] = mapped_column(sa.String(254))
    recipient_name: Mapped[str] = mapped_column(sa.String(200), default="")
    person_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(40))
    language: Mapped[str] = mapped_column(sa.String(2), default="th")
    subject: Mapped[str] = mapped_column(sa.String(500))
    body_text: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    ical: Mapped[str | None] = mapped_column(sa.Text)
    ical_method: Mapped[str | None] = mapped_column(sa.String(16))
    list_unsubscribe_url: Mapped[str | None] = mapped_column(sa.String(500))
    send_after: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(sa.String(16), default=OutboxStatus.PENDING.value)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
    message_id: Mapped[str | None] = mapped_column(sa.String(255))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claim_token: Mapped[str | None] = mapped_column(sa.String(32))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
