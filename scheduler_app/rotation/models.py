"""Rotation series: who is in the pool, when terms fall, who hosts each term and why."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler_app.extensions import UTCDateTime, db, utcnow

if TYPE_CHECKING:
    from scheduler_app.accounts.models import Person
    from scheduler_app.directory.models import Member


class AssignmentStatus(StrEnum):
    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    SWAPPED = "swapped"


class RotationSeries(db.Model):
    """A rotation: its pool, terms per year with preferred months, and planning horizon.

    The pool is the explicit ``entries`` plus, when ``network_id`` is set, every member
    below that network.
    """

    __tablename__ = "rotation_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    name_th: Mapped[str] = mapped_column(sa.String(200))
    name_en: Mapped[str] = mapped_column(sa.String(200), default="")
    network_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("member.id", ondelete="SET NULL"), index=True
    )
    terms_per_year: Mapped[int] = mapped_column(default=2)
    preferred_months: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    horizon_terms: Mapped[int] = mapped_column(default=8)
    lead_weeks: Mapped[int] = mapped_column(default=8, server_default="8")
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    network: Mapped[Member | None] = relationship()
    created_by: Mapped[Person | None] = relationship()
    entries: Mapped[list[RotationPoolEntry]] = relationship(
        back_populates="series", cascade="all, delete-orphan"
    )
    blackouts: Mapped[list[RotationBlackout]] = relationship(
        back_populates="series",
        order_by="RotationBlackout.start_date",
        cascade="all, delete-orphan",
    )

    __table_args__ = (
        sa.CheckConstraint("terms_per_year BETWEEN 1 AND 12", name="terms_per_year_range"),
        sa.CheckConstraint("horizon_terms BETWEEN 1 AND 48", name="horizon_range"),
        sa.CheckConstraint("lead_weeks BETWEEN 0 AND 104", name="lead_weeks_range"),
    )

    def display_name(self, locale: str) -> str:
        if locale == "en" and self.name_en:
            return self.name_en
        return self.name_th

    @property
    def lottery_seed(self) -> str:
        """The published seed of the tie-break lottery (see ``core.rotation``)."""
        return f"ruamjai-rotation-{self.id}"

    def month_of_term(self, term: int) -> int:
        """Preferred month of term ``term`` (spread evenly when none is set)."""
        months = list(self.preferred_months or [])
        if 1 <= term <= len(months):
            return int(months[term - 1])
        return 1 + (term - 1) * 12 // max(self.terms_per_year, 1)


class RotationPoolEntry(db.Model):
    """A member named in a series' pool, with its weight and whether it can host now."""

    __tablename__ = "rotation_pool_entry"
    __table_args__ = (
        sa.UniqueConstraint("series_id", "member_id", name="uq_rotation_pool_entry_member"),
        sa.CheckConstraint("weight BETWEEN 1 AND 10", name="weight_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(
        sa.ForeignKey("rotation_series.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("member.id", ondelete="CASCADE"))
    weight: Mapped[int] = mapped_column(default=1)
    is_unable_to_host: Mapped[bool] = mapped_column(default=False)
    is_room_waived: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    not_before_year: Mapped[int | None] = mapped_column()
    not_before_term: Mapped[int | None] = mapped_column()
    not_before_reason: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    series: Mapped[RotationSeries] = relationship(back_populates="entries")
    member: Mapped[Member] = relationship()


class RotationBlackout(db.Model):
    """Days no term of the series may fall on (inclusive)."""

    __tablename__ = "rotation_blackout"
    __table_args__ = (sa.CheckConstraint("end_date >= start_date", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(
        sa.ForeignKey("rotation_series.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(120))
    start_date: Mapped[date] = mapped_column(sa.Date)
    end_date: Mapped[date] = mapped_column(sa.Date)

    series: Mapped[RotationSeries] = relationship(back_populates="blackouts")


class RotationAssignment(db.Model):
    """Who hosts (or was asked to host) one term, the engine's reason, and the answer.

    One live row (proposed or confirmed) per term; declined and swapped rows stay as
    history and feed the ledger.
    """

    __tablename__ = "rotation_assignment"
    __table_args__ = (sa.Index("ix_rotation_assignment_term", "series_id", "year", "term"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(
        sa.ForeignKey("rotation_series.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column()
    term: Mapped[int] = mapped_column()
    member_id: Mapped[int] = mapped_column(
        sa.ForeignKey("member.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(sa.String(16), default=AssignmentStatus.PROPOSED.value)
    reason_code: Mapped[str] = mapped_column(sa.String(32), default="")
    reason_params: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    planned_date: Mapped[date | None] = mapped_column(sa.Date)
    event_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("event.id", ondelete="SET NULL"), index=True
    )
    swap_with_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("rotation_assignment.id", ondelete="SET NULL")
    )
    swap_requested_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("member.id", ondelete="SET NULL")
    )
    needs_reassignment: Mapped[bool] = mapped_column(default=False)
    # Whose turn this hosting uses (a swap keeps each term's owner); None: the host's own.
    turn_of_member_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("member.id", ondelete="SET NULL")
    )
    # An override records whose turn it took; that member keeps its place.
    displaced_member_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("member.id", ondelete="SET NULL")
    )
    decline_reason: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    asked_recipients: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    chased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    series: Mapped[RotationSeries] = relationship()
    member: Mapped[Member] = relationship(foreign_keys=[member_id])
    swap_with: Mapped[RotationAssignment | None] = relationship(remote_side=[id])

    @property
    def is_live(self) -> bool:
        return self.status in (AssignmentStatus.PROPOSED, AssignmentStatus.CONFIRMED)

    @property
    def turn_owner_id(self) -> int:
        return self.turn_of_member_id or self.member_id


class RotationLogEntry(db.Model):
    """One change to a series' plan: who, when, what (``action`` + term/member), why."""

    __tablename__ = "rotation_log_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(
        sa.ForeignKey("rotation_series.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(sa.String(32))
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    year: Mapped[int | None] = mapped_column()
    term: Mapped[int | None] = mapped_column()
    member_id: Mapped[int | None] = mapped_column(sa.ForeignKey("member.id", ondelete="SET NULL"))
    other_member_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("member.id", ondelete="SET NULL")
    )
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped[Person | None] = relationship()
    member: Mapped[Member | None] = relationship(foreign_keys=[member_id])
    other_member: Mapped[Member | None] = relationship(foreign_keys=[other_member_id])


class RotationPastHost(db.Model):
    """A host the network had before the series was kept here, entered by a coordinator."""

    __tablename__ = "rotation_past_host"
    __table_args__ = (
        sa.UniqueConstraint("series_id", "year", "term", name="uq_rotation_past_host_term"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(
        sa.ForeignKey("rotation_series.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column()
    term: Mapped[int] = mapped_column()
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("member.id", ondelete="CASCADE"))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    entered_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    member: Mapped[Member] = relationship()


class PublicHoliday(db.Model):
    """An admin's change to the shipped holiday list: a day added, or a shipped day hidden."""

    __tablename__ = "public_holiday"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(sa.Date, unique=True)
    name_th: Mapped[str] = mapped_column(sa.String(120), default="")
    name_en: Mapped[str] = mapped_column(sa.String(120), default="")
    is_hidden: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
