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
# What staff may record for a chart contact who has no login to answer for themselves.
CONTACT_PURPOSES = (Purpose.PUBLIC_CHART.value, Purpose.PHOTOS.value)


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


def consents_of(person_ids: Iterable[int], purposes: Iterable[str]) -> dict[tuple[int, str], bool]:
    """(person id, purpose) → the latest answer, for many people in one query (a pair
    is missing when the person was never asked)."""
    ids = sorted(set(person_ids))
    wanted = sorted({str(p) for p in purposes})
    if not ids or not wanted:
        return {}
    rows = db.session.execute(
        sa.select(ConsentRecord.person_id, ConsentRecord.purpose, ConsentRecord.is_given)
        .where(ConsentRecord.person_id.in_(ids), ConsentRecord.purpose.in_(wanted))
        .order_by(ConsentRecord.recorded_at, ConsentRecord.id)
    )
    return {(person_id, purpose): bool(given) for person_id, purpose, given in rows}


def has_withdrawn(person_id: int, purpose: Purpose | str) -> bool:
    """Whether the person's latest answer for ``purpose`` is no (never asked is not no)."""
    row = current_consents(person_id).get(str(purpose))
    return row is not None and not row.is_given


def record_contact_consents(person: Person, given: Iterable[str], now: datetime) -> list[str]:
    """Record, for a chart contact without a login, what the staff member adding or
    editing the entry confirmed the person agreed to: appearing in the public chart and
    showing their photo (only those two purposes; a contact is never asked the others).
    Returns the purposes whose answer changed."""
    wanted = {str(p) for p in given}
    version = current_version()
    latest = current_consents(person.id)
    changed = []
    for purpose in CONTACT_PURPOSES:
        is_given = purpose in wanted
        previous = latest.get(purpose)
        if previous is None and not is_given:
            continue  # never agreed is already the default: nothing to record
        if previous is not None and previous.is_given == is_given:
            continue
        db.session.add(
            ConsentRecord(
                person_id=person.id,
                purpose=purpose,
                is_given=is_given,
                notice_version=version,
                recorded_at=now,
            )
        )
        changed.append(purpose)
    return changed


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
