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


class StoredVevent(db.Model):
    """A serialised VEVENT shared by every worker (``feeds.shared_vevents``).

    ``key`` is ``core.ical.vevent_key``: a digest of everything the bytes show, so a row
    is never updated, only added, and an old one is merely unused. ``event_id``,
    ``sequence`` and ``modified_at`` (the VEVENT's event, for stops and sessions their
    parent) let ``flask feeds prune-vevents`` drop rows of events (or their host or
    venue) that moved on or went.
    No foreign key: a render may store bytes of an event deleted meanwhile.
    """

    __tablename__ = "feed_vevent"

    key: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.Integer, index=True)
    sequence: Mapped[int] = mapped_column(sa.Integer)
    modified_at: Mapped[datetime] = mapped_column(UTCDateTime)
    body: Mapped[bytes] = mapped_column(sa.LargeBinary)
