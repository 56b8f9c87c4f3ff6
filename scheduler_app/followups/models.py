"""What members tell the network: feedback after events (with whom they met, the
network's confirmed ties), and hopes on joining."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler_app.extensions import UTCDateTime, db, utcnow

if TYPE_CHECKING:
    from scheduler_app.accounts.models import Person
    from scheduler_app.events.models import Event


class Feedback(db.Model):
    """One person's rating (1–5) and comment on one event; one per person and event."""

    __tablename__ = "feedback"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "person_id", name="uq_feedback_event_person"),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(
        sa.ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    rating: Mapped[int] = mapped_column()
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[Event] = relationship()
    person: Mapped[Person] = relationship()


class WelcomeAnswer(db.Model):
    """What a new member hopes to gain from the network (asked in the welcome mail)."""

    __tablename__ = "welcome_answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        sa.ForeignKey("person.id", ondelete="CASCADE"), unique=True
    )
    hopes: Mapped[str] = mapped_column(sa.String(200), default="")  # comma-separated kinds
    text: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    person: Mapped[Person] = relationship()


class ConfirmedTie(db.Model):
    """'Whom did you meet that you will contact again?' — one answer of one survey."""

    __tablename__ = "confirmed_tie"
    __table_args__ = (
        sa.UniqueConstraint(
            "event_id", "person_id", "to_member_id", name="uq_confirmed_tie_answer"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(
        sa.ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    from_member_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("member.id", ondelete="CASCADE"), index=True
    )
    to_member_id: Mapped[int] = mapped_column(
        sa.ForeignKey("member.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
