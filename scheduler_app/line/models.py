"""LINE linking codes and the webhook events already handled."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from scheduler_app.extensions import UTCDateTime, db, utcnow


class LineLinkCode(db.Model):
    """A one-time code a person sends to the Official Account to link their LINE account;
    valid for 15 minutes, used once."""

    __tablename__ = "line_link_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(16), unique=True)
    person_id: Mapped[int] = mapped_column(
        sa.ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LineWebhookEvent(db.Model):
    """A webhook event handled once: a second delivery with the same ``webhookEventId``
    is a replay and is ignored."""

    __tablename__ = "line_webhook_event"

    event_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    event_type: Mapped[str] = mapped_column(sa.String(32))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
