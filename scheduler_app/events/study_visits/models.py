"""Study-visit requests and what a scheduled visit gathers: its programme and the
visitors' learning reports."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler_app.extensions import UTCDateTime, db, utcnow

if TYPE_CHECKING:
    from scheduler_app.accounts.models import Person
    from scheduler_app.directory.models import Member
    from scheduler_app.events.models import Event


class VisitStatus(StrEnum):
    REQUESTED = "requested"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    COUNTER_PROPOSED = "counter_proposed"
    SCHEDULED = "scheduled"
    COMPLETED = "completed"


class LinkKind(StrEnum):
    """What a visiting member hopes to link with (from the source article)."""

    KNOWLEDGE = "knowledge"
    CULTURE = "culture"
    LIVELIHOOD = "livelihood"
    MANAGEMENT = "management"
    WAY_OF_LIFE = "way_of_life"
    MODEL_PROJECT = "model_project"


class StudyVisitRequest(db.Model):
    """A visiting member's request to visit a host member, and the host's answer."""

    __tablename__ = "study_visit_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    visiting_member_id: Mapped[int] = mapped_column(
        sa.ForeignKey("member.id", ondelete="CASCADE"), index=True
    )
    host_member_id: Mapped[int] = mapped_column(
        sa.ForeignKey("member.id", ondelete="CASCADE"), index=True
    )
    requested_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL")
    )
    proposed_start: Mapped[date] = mapped_column(sa.Date)
    proposed_end: Mapped[date] = mapped_column(sa.Date)  # inclusive
    # The day's times a host proposed with other dates (None until a host proposes).
    proposed_start_time: Mapped[time | None] = mapped_column(sa.Time)
    proposed_end_time: Mapped[time | None] = mapped_column(sa.Time)
    delegation_size: Mapped[int] = mapped_column()
    purpose: Mapped[str] = mapped_column(sa.Text)
    link_kinds: Mapped[str] = mapped_column(sa.String(200), default="")  # comma-separated
    status: Mapped[str] = mapped_column(
        sa.String(20), default=VisitStatus.REQUESTED.value, index=True
    )
    decline_reason: Mapped[str] = mapped_column(sa.Text, default="")
    host_note: Mapped[str] = mapped_column(sa.Text, default="")
    event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("event.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    visiting_member: Mapped[Member] = relationship(foreign_keys=[visiting_member_id])
    host_member: Mapped[Member] = relationship(foreign_keys=[host_member_id])
    requested_by: Mapped[Person | None] = relationship()
    event: Mapped[Event | None] = relationship()

    @property
    def link_kind_list(self) -> list[str]:
        return [k for k in self.link_kinds.split(",") if k]


class ProgrammeItem(db.Model):
    """One item of a study visit's programme (agenda)."""

    __tablename__ = "programme_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    title: Mapped[str] = mapped_column(sa.String(300))

    event: Mapped[Event] = relationship(back_populates="programme")


class LearningReport(db.Model):
    """What the visitors learned, filed after a study visit."""

    __tablename__ = "learning_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id", ondelete="SET NULL"))
    member_id: Mapped[int | None] = mapped_column(sa.ForeignKey("member.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[Event] = relationship(back_populates="reports")
    author: Mapped[Person | None] = relationship()
    member: Mapped[Member | None] = relationship()
