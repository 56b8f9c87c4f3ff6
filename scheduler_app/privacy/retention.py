"""Personal data with no use after a time is purged: cancelled registrations, the bodies
of mail already sent (and, later, the rows themselves), sign-ups never confirmed, old
audit entries. Periods come from
config (``RETENTION_*_DAYS``); ``flask privacy purge`` or Celery beat runs it daily."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from scheduler_app.accounts.audit import purge_older_than
from scheduler_app.accounts.models import Person
from scheduler_app.events.models import Registration, RegistrationStatus
from scheduler_app.extensions import db
from scheduler_app.mail.models import OutboxMessage, OutboxStatus

FINISHED_MAIL = (
    OutboxStatus.SENT.value,
    OutboxStatus.FAILED.value,
    OutboxStatus.WITHDRAWN.value,
)


@dataclass(frozen=True)
class PurgeSummary:
    cancelled_registrations: int
    mail_bodies: int
    unconfirmed_signups: int
    mail_rows: int
    audit_entries: int


def _count(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def purge(now: datetime, config: dict[str, Any]) -> PurgeSummary:
    """Delete or blank what has outlived its period; never commits."""

    def before(key: str) -> datetime:
        return now - timedelta(days=int(config[key]))

    cancelled = db.session.execute(
        sa.delete(Registration).where(
            Registration.status == RegistrationStatus.CANCELLED.value,
            Registration.cancelled_at < before("RETENTION_CANCELLED_REGISTRATION_DAYS"),
        )
    )
    # The rows go too, later: the outbox would otherwise grow by every message ever sent
    # (a national digest is a million rows). Finished rows only; their dedupe keys
    # belong to events and periods long past, so nothing is sent again.
    rows = db.session.execute(
        sa.delete(OutboxMessage).where(
            OutboxMessage.status.in_(FINISHED_MAIL),
            OutboxMessage.created_at < before("RETENTION_OUTBOX_ROW_DAYS"),
        )
    )
    bodies = db.session.execute(
        sa.update(OutboxMessage)
        .where(
            OutboxMessage.status.in_(FINISHED_MAIL),
            OutboxMessage.created_at < before("RETENTION_OUTBOX_BODY_DAYS"),
            sa.or_(OutboxMessage.body_text != "", OutboxMessage.body_html != ""),
        )
        .values(body_text="", body_html="", ical=None)
    )
    unconfirmed = db.session.execute(
        sa.delete(Person).where(
            Person.is_email_confirmed.is_(False),
            Person.created_at < before("RETENTION_UNCONFIRMED_SIGNUP_DAYS"),
        )
    )
    audit = purge_older_than(now, int(config["RETENTION_AUDIT_LOG_DAYS"]))
    return PurgeSummary(_count(cancelled), _count(bodies), _count(unconfirmed), _count(rows), audit)
