"""What a member is about, offers and seeks: topics, offers (teach, lend, staff skills)
and needs. Topics come from one shared, editable Thai/English list."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler_app.extensions import UTCDateTime, db, utcnow


class TopicRole(StrEnum):
    INTEREST = "interest"  # wants to learn about it
    EXPERTISE = "expertise"  # knows it well and can share


class OfferKind(StrEnum):
    TEACH = "teach"  # a knowledge-exchange centre, a course, a model to visit
    LEND = "lend"  # equipment: a bus, tents, a sound system
    SKILL = "skill"  # staff with a skill others can call on


class Topic(db.Model):
    """A kind of network or subject members share (ideas, culture, homestays, waste…)."""

    __tablename__ = "topic"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name_th: Mapped[str] = mapped_column(sa.String(120))
    name_en: Mapped[str] = mapped_column(sa.String(120), default="")
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def display_name(self, locale: str) -> str:
        if locale == "en" and self.name_en:
            return self.name_en
        return self.name_th


class MemberTopic(db.Model):
    """A member's interest in, or expertise on, a topic."""

    __tablename__ = "member_topic"
    __table_args__ = (
        sa.UniqueConstraint("member_id", "topic_id", "role", name="uq_member_topic_role"),
        sa.Index("ix_member_topic_topic_member", "topic_id", "member_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("member.id", ondelete="CASCADE"))
    topic_id: Mapped[int] = mapped_column(sa.ForeignKey("topic.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(sa.String(16))

    topic: Mapped[Topic] = relationship()


class MemberOffer(db.Model):
    """Something a member can teach, lend (with how many) or call on its staff for."""

    __tablename__ = "member_offer"
    __table_args__ = (
        sa.CheckConstraint("quantity IS NULL OR quantity >= 1", name="quantity_positive"),
        sa.Index("ix_member_offer_topic_member", "topic_id", "member_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(
        sa.ForeignKey("member.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(16))
    topic_id: Mapped[int | None] = mapped_column(sa.ForeignKey("topic.id", ondelete="SET NULL"))
    description: Mapped[str] = mapped_column(sa.String(300))
    quantity: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    topic: Mapped[Topic | None] = relationship()


class MemberNeed(db.Model):
    """Something a member wants to learn or get help with."""

    __tablename__ = "member_need"
    __table_args__ = (sa.Index("ix_member_need_topic_member", "topic_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(
        sa.ForeignKey("member.id", ondelete="CASCADE"), index=True
    )
    topic_id: Mapped[int | None] = mapped_column(sa.ForeignKey("topic.id", ondelete="SET NULL"))
    description: Mapped[str] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    topic: Mapped[Topic | None] = relationship()
