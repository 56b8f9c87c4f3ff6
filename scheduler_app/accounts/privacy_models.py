"""Privacy notices, consent records and the audit log of changes about people."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from scheduler_app.extensions import UTCDateTime, db, utcnow


class Purpose(StrEnum):
    """What personal data is used for; consent is given or withdrawn per purpose."""

    ACCOUNT = "account"
    MAIL = "mail"
    LINE = "line"
    PUBLIC_CHART = "public_chart"
    PHOTOS = "photos"


class PrivacyNotice(db.Model):
    """One published version of the privacy notice, in Thai and English; never edited
    after publishing (a change is a new version, so consent names what was read)."""

    __tablename__ = "privacy_notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(unique=True)
    body_th: Mapped[str] = mapped_column(sa.Text)
    body_en: Mapped[str] = mapped_column(sa.Text)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL")
    )


class ConsentRecord(db.Model):
    """One giving or withdrawing of consent for one purpose; the latest row per purpose
    is the person's current answer, the earlier ones its history."""

    __tablename__ = "consent_record"
    __table_args__ = (sa.Index("ix_consent_record_person_purpose", "person_id", "purpose"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(sa.String(24))
    is_given: Mapped[bool] = mapped_column()
    notice_version: Mapped[int] = mapped_column()
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuditAction(StrEnum):
    ROLE_CHANGED = "role_changed"
    ORGANISATION_CHANGED = "organisation_changed"
    DEACTIVATED = "deactivated"
    REACTIVATED = "reactivated"
    ERASED = "erased"
    EXPORTED = "exported"
    NOTICE_PUBLISHED = "notice_published"
    CONTACT_ADDED = "contact_added"


class AuditEntry(db.Model):
    """Who changed what about whom, and when. Names are not copied here (ids only), so
    erasing a person leaves no name behind in the log."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id", ondelete="SET NULL"))
    subject_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(sa.String(32))
    detail: Mapped[str] = mapped_column(sa.String(500), default="")
