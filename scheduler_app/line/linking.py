"""Linking a person to their LINE account with a one-time code, unlinking, opting out.

The profile page shows a code (``RJ`` and six letters or digits, no look-alikes); the
person sends it to the Official Account, whose webhook calls ``link``. A code is good
for 15 minutes and once. Linking is consent to LINE messages (purpose ``line``);
unlinking, here or by blocking the Official Account (``unfollow``), withdraws it and
every LINE message still waiting.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

import sqlalchemy as sa

from scheduler_app.accounts import channels
from scheduler_app.accounts.models import Person
from scheduler_app.accounts.notices import current_version
from scheduler_app.accounts.privacy_models import ConsentRecord, Purpose
from scheduler_app.extensions import db
from scheduler_app.line.models import LineLinkCode
from scheduler_app.line.settings import CHANNEL
from scheduler_app.mail.models import OutboxMessage, OutboxStatus

CODE_VALID = timedelta(minutes=15)
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
CODE_PREFIX = "RJ"
_CODE_RE = re.compile(r"^RJ[A-Z0-9]{6}$")
USER_ID_RE = re.compile(r"^U[0-9a-f]{32}$")


class LinkResult(StrEnum):
    LINKED = "linked"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"


def normalise_code(text: str) -> str | None:
    """The code in what someone typed (spaces, dashes and case forgiven), or None."""
    cleaned = re.sub(r"[\s\-]", "", text).upper()
    return cleaned if _CODE_RE.match(cleaned) else None


def current_code(person: Person, now: datetime) -> LineLinkCode | None:
    """The person's unused code that is still valid, if any."""
    return db.session.execute(
        sa.select(LineLinkCode)
        .where(
            LineLinkCode.person_id == person.id,
            LineLinkCode.used_at.is_(None),
            LineLinkCode.created_at > now - CODE_VALID,
        )
        .order_by(LineLinkCode.created_at.desc())
        .limit(1)
    ).scalar_one_or_none()


def new_code(person: Person, now: datetime) -> LineLinkCode:
    """A fresh code for ``person`` (their earlier unused codes stop working)."""
    db.session.execute(
        sa.delete(LineLinkCode).where(
            LineLinkCode.person_id == person.id, LineLinkCode.used_at.is_(None)
        )
    )
    code = LineLinkCode(
        code=CODE_PREFIX + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6)),
        person_id=person.id,
        created_at=now,
    )
    db.session.add(code)
    db.session.flush()
    return code


def expires_at(code: LineLinkCode) -> datetime:
    return code.created_at + CODE_VALID


def _consent(person: Person, given: bool, now: datetime) -> None:
    db.session.add(
        ConsentRecord(
            person_id=person.id,
            purpose=Purpose.LINE.value,
            is_given=given,
            notice_version=current_version(),
            recorded_at=now,
        )
    )


def link(text: str, line_user_id: str, now: datetime) -> tuple[LinkResult, Person | None]:
    """Use the code in ``text`` to link ``line_user_id`` to its person."""
    code_text = normalise_code(text)
    if code_text is None:
        return LinkResult.UNKNOWN, None
    code = db.session.execute(
        sa.select(LineLinkCode).where(LineLinkCode.code == code_text)
    ).scalar_one_or_none()
    if code is None:
        return LinkResult.UNKNOWN, None
    if code.used_at is not None:
        return LinkResult.USED, None
    if now >= expires_at(code):
        return LinkResult.EXPIRED, None
    person = db.session.get(Person, code.person_id)
    if person is None or not person.is_active_account:
        return LinkResult.UNKNOWN, None
    code.used_at = now
    previous = db.session.execute(
        sa.select(Person).where(Person.line_user_id == line_user_id, Person.id != person.id)
    ).scalar_one_or_none()
    if previous is not None:  # one LINE account, one person: the newest link wins
        unlink(previous, now)
        db.session.flush()
    if person.line_user_id != line_user_id:
        if person.line_user_id:
            withdraw_pending(person)
        person.line_user_id = line_user_id
        person.line_linked_at = now
        _consent(person, True, now)
    return LinkResult.LINKED, person


def withdraw_pending(person: Person) -> int:
    """Withdraw the person's LINE messages still waiting; returns how many."""
    result: sa.CursorResult[Any] = db.session.execute(  # type: ignore[assignment]
        sa.update(OutboxMessage)
        .where(
            OutboxMessage.person_id == person.id,
            OutboxMessage.channel == CHANNEL,
            OutboxMessage.status == OutboxStatus.PENDING.value,
        )
        .values(status=OutboxStatus.WITHDRAWN.value)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)


def unlink(person: Person, now: datetime) -> bool:
    """Forget the person's LINE account; False if none was linked."""
    if not person.line_user_id:
        return False
    person.line_user_id = None
    person.line_linked_at = None
    withdraw_pending(person)
    _consent(person, False, now)
    return True


def person_with_line_id(line_user_id: str) -> Person | None:
    return db.session.execute(
        sa.select(Person).where(Person.line_user_id == line_user_id)
    ).scalar_one_or_none()


def stop_all(person: Person, now: datetime) -> int:
    """The person wrote "stop": no LINE message of any topic; returns topics switched off."""
    switched = sum(
        channels.set_choice(person, topic, CHANNEL, False, now)
        for topic in channels.Topic
        if channels.choice(person, topic, CHANNEL)
    )
    withdraw_pending(person)
    return switched
