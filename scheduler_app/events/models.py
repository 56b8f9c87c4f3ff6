"""Event and Registration: the heart of the product.

Times: ``start_at``/``end_at`` are UTC for every event. All-day events also keep
``start_date`` and an *exclusive* ``end_date`` (the day after the last day, as iCalendar's
DTEND); forms show the inclusive last day (see ``core.events_time``).
"""

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
    from scheduler_app.events.rally.models import RallyStop
    from scheduler_app.events.study_visits.models import LearningReport, ProgrammeItem
    from scheduler_app.events.training.models import TrainingSession
    from scheduler_app.venues.models import Venue


class EventKind(StrEnum):
    STUDY_VISIT = "study_visit"
    EXCHANGE = "exchange"
    RALLY = "rally"
    TRAINING = "training"


class EventStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class ParticipationLevel(StrEnum):
    """The IAP2 spectrum of public participation."""

    INFORM = "inform"
    CONSULT = "consult"
    INVOLVE = "involve"
    COLLABORATE = "collaborate"
    EMPOWER = "empower"


class RegistrationStatus(StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class Event(db.Model):
    """One activity; ``sequence`` moves on every change a calendar shows."""

    __tablename__ = "event"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(16), index=True)
    title_th: Mapped[str] = mapped_column(sa.String(200))
    title_en: Mapped[str] = mapped_column(sa.String(200), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    start_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    timezone: Mapped[str] = mapped_column(sa.String(64), default="Asia/Bangkok")
    is_all_day: Mapped[bool] = mapped_column(default=False)
    start_date: Mapped[date | None] = mapped_column(sa.Date)
    end_date: Mapped[date | None] = mapped_column(sa.Date)  # exclusive
    venue_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("venue.id", ondelete="SET NULL"), index=True
    )
    host_member_id: Mapped[int] = mapped_column(
        sa.ForeignKey("member.id", ondelete="RESTRICT"), index=True
    )
    visiting_member_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("member.id", ondelete="SET NULL"), index=True
    )
    organiser_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    capacity: Mapped[int | None] = mapped_column()  # None: no limit
    confirmed_count: Mapped[int] = mapped_column(default=0)
    waitlist_counter: Mapped[int] = mapped_column(default=0)
    per_member_quota: Mapped[int | None] = mapped_column()
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(sa.String(16), default=EventStatus.DRAFT.value, index=True)
    cancel_reason: Mapped[str] = mapped_column(sa.Text, default="")
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sequence: Mapped[int] = mapped_column(default=0)
    participation_level: Mapped[str] = mapped_column(
        sa.String(16), default=ParticipationLevel.INFORM.value
    )
    attendance_threshold: Mapped[int] = mapped_column(default=80)  # percent, training
    rotation_series_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("rotation_series.id", ondelete="SET NULL"), index=True
    )
    term_label: Mapped[str] = mapped_column(sa.String(40), default="")
    # Reminder offsets before the start, e.g. "7d,1d" (core/reminders.py reads them).
    reminder_offsets: Mapped[str] = mapped_column(
        sa.String(40), default="7d,1d", server_default="7d,1d"
    )
    is_sample: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    host_member: Mapped[Member] = relationship(foreign_keys=[host_member_id])
    visiting_member: Mapped[Member | None] = relationship(foreign_keys=[visiting_member_id])
    venue: Mapped[Venue | None] = relationship()
    organiser: Mapped[Person | None] = relationship()
    stops: Mapped[list[RallyStop]] = relationship(
        back_populates="event", order_by="RallyStop.position", cascade="all, delete-orphan"
    )
    sessions: Mapped[list[TrainingSession]] = relationship(
        back_populates="event",
        order_by="TrainingSession.start_at",
        cascade="all, delete-orphan",
    )
    programme: Mapped[list[ProgrammeItem]] = relationship(
        back_populates="event", order_by="ProgrammeItem.position", cascade="all, delete-orphan"
    )
    reports: Mapped[list[LearningReport]] = relationship(
        back_populates="event", order_by="LearningReport.created_at", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.CheckConstraint("capacity IS NULL OR capacity >= 1", name="capacity_positive"),
        sa.CheckConstraint("end_at >= start_at", name="ends_after_start"),
        # "What is coming up": published events from now on, in start order, read from
        # the index instead of walking every past event.
        sa.Index("ix_event_status_start_at", "status", "start_at"),
        # "What is under way at t" (start_at <= t <= end_at): the agenda's events under
        # way and the month grid's events begun before the month, found without walking
        # the past in the start-time index (queries.under_way, queries._overlapping). On
        # PostgreSQL a GiST index of the event's time span, whose statistics give the
        # planner a true estimate of how few events are under way; elsewhere a B-tree
        # on (end_at, start_at).
        sa.Index(
            "ix_event_during",
            sa.func.tsrange(sa.column("start_at"), sa.column("end_at"), sa.literal_column("'[]'")),
            postgresql_using="gist",
            info={"only_dialect": "postgresql"},
        ).ddl_if(dialect="postgresql"),
        sa.Index(
            "ix_event_end_at_start_at", "end_at", "start_at", info={"only_dialect": "sqlite"}
        ).ddl_if(dialect="sqlite"),
    )

    def display_title(self, locale: str) -> str:
        if locale == "en" and self.title_en:
            return self.title_en
        return self.title_th

    @property
    def title(self) -> str:
        """The title in the current request's language (Thai outside a request)."""
        from flask import has_request_context

        if has_request_context():
            from scheduler_app.i18n import current_locale

            return self.display_title(current_locale())
        return self.title_th

    @property
    def is_draft(self) -> bool:
        return self.status == EventStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == EventStatus.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def seats_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed_count, 0)

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.kind} {self.title_th}>"


class Registration(db.Model):
    """One person's place at one event (one row per person and event, ever)."""

    __tablename__ = "registration"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "person_id", name="uq_registration_event_person"),
        sa.UniqueConstraint("event_id", "waitlist_position", name="uq_registration_event_wait"),
        sa.Index("ix_registration_event_status", "event_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(
        sa.ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(sa.String(16), default=RegistrationStatus.WAITLISTED.value)
    waitlist_position: Mapped[int | None] = mapped_column()
    from_stop_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("rally_stop.id", ondelete="SET NULL")
    )
    to_stop_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("rally_stop.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    promoted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()
    person: Mapped[Person] = relationship()
    from_stop: Mapped[RallyStop | None] = relationship(foreign_keys=[from_stop_id])
    to_stop: Mapped[RallyStop | None] = relationship(foreign_keys=[to_stop_id])

    @property
    def is_active(self) -> bool:
        return self.status != RegistrationStatus.CANCELLED
