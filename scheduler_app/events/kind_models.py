"""The parts that only some kinds of event have: rally stops, training sessions and
attendance, study-visit requests, programme items and learning reports."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler_app.extensions import UTCDateTime, db, utcnow

if TYPE_CHECKING:
    from scheduler_app.accounts.models import Person
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


class TrainingSession(db.Model):
    """One session of a training class."""

    __tablename__ = "training_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship(back_populates="sessions")


class Attendance(db.Model):
    """Whether a person was present at a session (the roll-call)."""

    __tablename__ = "attendance"
    __table_args__ = (
        sa.UniqueConstraint("session_id", "person_id", name="uq_attendance_session_person"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("training_session.id", ondelete="CASCADE")
    )
    person_id: Mapped[int] = mapped_column(
        sa.ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    is_present: Mapped[bool] = mapped_column(default=False)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


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
