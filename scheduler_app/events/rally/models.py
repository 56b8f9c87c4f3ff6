"""Rally stops (in route order) and riders seen at each stop."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler_app.extensions import UTCDateTime, db, utcnow

if TYPE_CHECKING:
    from scheduler_app.directory.models import Member
    from scheduler_app.events.models import Event
    from scheduler_app.venues.models import Venue


class RallyStop(db.Model):
    """One stop of a cycling rally, in route order."""

    __tablename__ = "rally_stop"
    __table_args__ = (sa.UniqueConstraint("event_id", "position", name="uq_rally_stop_position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column()
    name: Mapped[str] = mapped_column(sa.String(200))
    host_member_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("member.id", ondelete="SET NULL"), index=True
    )
    venue_id: Mapped[int | None] = mapped_column(sa.ForeignKey("venue.id", ondelete="SET NULL"))
    latitude: Mapped[float | None] = mapped_column(sa.Float)
    longitude: Mapped[float | None] = mapped_column(sa.Float)
    arrive_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    depart_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship(back_populates="stops")
    host_member: Mapped[Member | None] = relationship()
    venue: Mapped[Venue | None] = relationship()

    @property
    def lat(self) -> float | None:
        if self.latitude is not None:
            return self.latitude
        return self.venue.latitude if self.venue else None

    @property
    def lon(self) -> float | None:
        if self.longitude is not None:
            return self.longitude
        return self.venue.longitude if self.venue else None


class RallyCheckIn(db.Model):
    """A rider seen at a stop on the day."""

    __tablename__ = "rally_check_in"
    __table_args__ = (
        sa.UniqueConstraint("registration_id", "stop_id", name="uq_rally_check_in_stop"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registration.id", ondelete="CASCADE")
    )
    stop_id: Mapped[int] = mapped_column(
        sa.ForeignKey("rally_stop.id", ondelete="CASCADE"), index=True
    )
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
