"""Venues, including the network's knowledge-exchange centres."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler_app.extensions import UTCDateTime, db, utcnow

if TYPE_CHECKING:
    from scheduler_app.directory.models import Member


class Venue(db.Model):
    """A place where activities happen; owned by a member whose hosts may edit it."""

    __tablename__ = "venue"

    id: Mapped[int] = mapped_column(primary_key=True)
    name_th: Mapped[str] = mapped_column(sa.String(200))
    name_en: Mapped[str] = mapped_column(sa.String(200), default="")
    owner_member_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("member.id", ondelete="SET NULL"), index=True
    )
    address: Mapped[str] = mapped_column(sa.Text, default="")
    district_code: Mapped[str | None] = mapped_column(sa.String(4), index=True)
    subdistrict_code: Mapped[str | None] = mapped_column(sa.String(6))
    latitude: Mapped[float | None] = mapped_column(sa.Float)
    longitude: Mapped[float | None] = mapped_column(sa.Float)
    capacity: Mapped[int | None] = mapped_column()
    facilities: Mapped[str] = mapped_column(sa.Text, default="")
    is_exchange_centre: Mapped[bool] = mapped_column(default=False, index=True)
    # Stable key for records loaded by tools (e.g. "demo:venue:chiang-khan").
    external_ref: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    is_sample: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    owner: Mapped[Member | None] = relationship()

    def display_name(self, locale: str) -> str:
        if locale == "en" and self.name_en:
            return self.name_en
        return self.name_th
