"""The calendar version: one row whose counter moves with every change a feed shows."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from scheduler_app.extensions import UTCDateTime, db, utcnow


class CalendarVersion(db.Model):
    """A single row (``id`` 1); ``feeds.cache`` bumps it in the changing transaction."""

    __tablename__ = "calendar_version"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
