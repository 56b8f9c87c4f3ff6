"""The stored computation (measures, suggestions, snapshots) and introductions with
both answers (confirmed ties are survey answers: ``followups.models.ConfirmedTie``).

Pages read these rows; they never compute the graph. ``NetworkState.version`` moves in
the same transaction as any change to the activities the graph is built from, and
``network recompute`` (or the page, inline, on a small network) brings the stored
computation up to that version.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler_app.extensions import UTCDateTime, db, utcnow

if TYPE_CHECKING:
    from scheduler_app.accounts.models import Person
    from scheduler_app.directory.models import Member


class NetworkState(db.Model):
    """One row: the activities' version and the version the stored computation is of."""

    __tablename__ = "network_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=1)
    computed_version: Mapped[int] = mapped_column(default=0)
    computed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    seconds: Mapped[float] = mapped_column(sa.Float, default=0.0)
    summary: Mapped[str] = mapped_column(sa.Text, default="{}")  # JSON NetworkSummary


class NetworkTie(db.Model):
    """One living tie at the last computation (a < b), for lists, filters and exports."""

    __tablename__ = "network_tie"
    __table_args__ = (sa.Index("ix_network_tie_b", "b_member_id"),)

    a_member_id: Mapped[int] = mapped_column(
        sa.ForeignKey("member.id", ondelete="CASCADE"), primary_key=True
    )
    b_member_id: Mapped[int] = mapped_column(
        sa.ForeignKey("member.id", ondelete="CASCADE"), primary_key=True
    )
    weight: Mapped[float] = mapped_column(sa.Float)
    count: Mapped[int] = mapped_column()
    evidence: Mapped[str] = mapped_column(sa.String(80))  # visit,cohost,shared,confirmed
    event_kinds: Mapped[str] = mapped_column(sa.String(80))  # study_visit,exchange,…
    last_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    is_confirmed: Mapped[bool] = mapped_column(default=False)
    is_observed: Mapped[bool] = mapped_column(default=True)


class MemberMeasure(db.Model):
    """One member's measures and participation at the last computation."""

    __tablename__ = "member_measure"
    __table_args__ = (
        sa.Index("ix_member_measure_role", "role", "strength"),
        sa.Index("ix_member_measure_picture", "in_picture"),
    )

    member_id: Mapped[int] = mapped_column(
        sa.ForeignKey("member.id", ondelete="CASCADE"), primary_key=True
    )
    degree: Mapped[int] = mapped_column(default=0)
    strength: Mapped[float] = mapped_column(sa.Float, default=0.0)
    betweenness: Mapped[float] = mapped_column(sa.Float, default=0.0)
    core: Mapped[int] = mapped_column(default=0)
    community: Mapped[int] = mapped_column(default=-1)
    visits_made: Mapped[int] = mapped_column(default=0)
    visits_received: Mapped[int] = mapped_column(default=0)
    reciprocal_partners: Mapped[int] = mapped_column(default=0)
    role: Mapped[str] = mapped_column(sa.String(16), default="isolated")
    events_hosted: Mapped[int] = mapped_column(default=0)
    events_attended: Mapped[int] = mapped_column(default=0)
    participation_mix: Mapped[str] = mapped_column(sa.String(200), default="")  # level:n,…
    rating_average: Mapped[float | None] = mapped_column(sa.Float)
    last_activity_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    in_picture: Mapped[bool] = mapped_column(default=False)
    x: Mapped[float | None] = mapped_column(sa.Float)
    y: Mapped[float | None] = mapped_column(sa.Float)

    member: Mapped[Member] = relationship()


class NetworkSnapshot(db.Model):
    """The network's numbers at one moment: the end of an exchange, or a recompute."""

    __tablename__ = "network_snapshot"

    id: Mapped[int] = mapped_column(primary_key=True)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    exchange_event_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("event.id", ondelete="SET NULL"), unique=True
    )
    label: Mapped[str] = mapped_column(sa.String(200), default="")
    summary: Mapped[str] = mapped_column(sa.Text, default="{}")
    ties: Mapped[str] = mapped_column(sa.Text, default="[]")  # JSON [[a, b], …]
    introductions_sent: Mapped[int] = mapped_column(default=0)
    introductions_accepted: Mapped[int] = mapped_column(default=0)
    introductions_visited: Mapped[int] = mapped_column(default=0)


class NetworkSuggestion(db.Model):
    """A suggested introduction from the last computation, with its reasons (JSON)."""

    __tablename__ = "network_suggestion"

    id: Mapped[int] = mapped_column(primary_key=True)
    a_member_id: Mapped[int] = mapped_column(
        sa.ForeignKey("member.id", ondelete="CASCADE"), index=True
    )
    b_member_id: Mapped[int] = mapped_column(
        sa.ForeignKey("member.id", ondelete="CASCADE"), index=True
    )
    middle_member_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("member.id", ondelete="SET NULL")
    )
    kind: Mapped[str] = mapped_column(sa.String(16))
    score: Mapped[float] = mapped_column(sa.Float, index=True)
    reasons: Mapped[str] = mapped_column(sa.Text, default="[]")

    a_member: Mapped[Member] = relationship(foreign_keys=[a_member_id])
    b_member: Mapped[Member] = relationship(foreign_keys=[b_member_id])
    middle_member: Mapped[Member | None] = relationship(foreign_keys=[middle_member_id])


class Answer(StrEnum):
    PENDING = "pending"
    YES = "yes"
    NOT_NOW = "not_now"


class Introduction(db.Model):
    """An introduction a person chose to send, and what each side answered."""

    __tablename__ = "introduction"
    __table_args__ = (sa.Index("ix_introduction_pair", "a_member_id", "b_member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    a_member_id: Mapped[int] = mapped_column(sa.ForeignKey("member.id", ondelete="CASCADE"))
    b_member_id: Mapped[int] = mapped_column(
        sa.ForeignKey("member.id", ondelete="CASCADE"), index=True
    )
    middle_member_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("member.id", ondelete="SET NULL")
    )
    sent_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    reasons: Mapped[str] = mapped_column(sa.Text, default="[]")
    a_answer: Mapped[str] = mapped_column(sa.String(16), default=Answer.PENDING.value)
    b_answer: Mapped[str] = mapped_column(sa.String(16), default=Answer.PENDING.value)
    a_answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    b_answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    visit_request_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("study_visit_request.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    a_member: Mapped[Member] = relationship(foreign_keys=[a_member_id])
    b_member: Mapped[Member] = relationship(foreign_keys=[b_member_id])
    middle_member: Mapped[Member | None] = relationship(foreign_keys=[middle_member_id])
    sent_by: Mapped[Person | None] = relationship()

    @property
    def is_accepted(self) -> bool:
        return self.a_answer == Answer.YES and self.b_answer == Answer.YES

    def answer_of(self, member_id: int) -> str:
        return self.a_answer if member_id == self.a_member_id else self.b_answer
