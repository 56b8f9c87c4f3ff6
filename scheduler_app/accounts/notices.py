"""The privacy notice (versioned; admins publish new versions) and consent per purpose.
Services: change state through ``db.session``, never commit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa

from scheduler_app.accounts.audit import record
from scheduler_app.accounts.models import Person
from scheduler_app.accounts.privacy_models import AuditAction, ConsentRecord, PrivacyNotice, Purpose
from scheduler_app.extensions import db

REQUIRED_PURPOSES = frozenset({Purpose.ACCOUNT.value})


def current_notice() -> PrivacyNotice | None:
    """The latest published notice, or None before an admin publishes the first."""
    return db.session.execute(
        sa.select(PrivacyNotice).order_by(PrivacyNotice.version.desc()).limit(1)
    ).scalar_one_or_none()


def current_version() -> int:
    notice = current_notice()
    return notice.version if notice else 0


def publish_notice(body_th: str, body_en: str, actor: Person, now: datetime) -> PrivacyNotice:
    """A new version of the notice; everyone is asked to read it on their next visit."""
    notice = PrivacyNotice(
        version=current_version() + 1,
        body_th=body_th.strip(),
        body_en=body_en.strip(),
        published_at=now,
        published_by_id=actor.id,
    )
    db.session.add(notice)
    db.session.flush()
    record(actor, AuditAction.NOTICE_PUBLISHED, None, f"version {notice.version}", now)
    return notice


def consent_history(person_id: int) -> list[ConsentRecord]:
    """Every consent record of a person, oldest first."""
    return list(
        db.session.execute(
            sa.select(ConsentRecord)
            .where(ConsentRecord.person_id == person_id)
            .order_by(ConsentRecord.recorded_at, ConsentRecord.id)
        ).scalars()
    )


def current_consents(person_id: int) -> dict[str, ConsentRecord]:
    """Purpose → the person's latest answer for it (missing: never asked)."""
    latest: dict[str, ConsentRecord] = {}
    for row in consent_history(person_id):
        latest[row.purpose] = row
    return latest


def has_consent(person_id: int, purpose: Purpose | str) -> bool:
    row = current_consents(person_id).get(str(purpose))
    return bool(row and row.is_given)


def record_consents(person: Person, given: Iterable[str], now: datetime) -> list[str]:
    """Record the person's answer for every purpose (given for those in ``given``,
    withdrawn for the others) under the current notice; returns the purposes whose
    answer changed. Withdrawing is as easy as giving: the same form, one click."""
    wanted = {str(p) for p in given}
    version = current_version()
    latest = current_consents(person.id)
    changed = []
    for purpose in Purpose:
        is_given = purpose.value in wanted
        previous = latest.get(purpose.value)
        if previous and previous.is_given == is_given and previous.notice_version == version:
            continue
        db.session.add(
            ConsentRecord(
                person_id=person.id,
                purpose=purpose.value,
                is_given=is_given,
                notice_version=version,
                recorded_at=now,
            )
        )
        if previous is None or previous.is_given != is_given:
            changed.append(purpose.value)
    return changed


def needs_to_read_notice(person_id: int) -> bool:
    """Whether a newer notice was published since the person last answered."""
    version = current_version()
    if version == 0:
        return False
    account = current_consents(person_id).get(Purpose.ACCOUNT.value)
    return account is None or account.notice_version < version
