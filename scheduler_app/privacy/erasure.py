""" "Erase me": a person's names, contacts, photo and free text removed; their places at
events kept only as anonymous counts; feed token and sessions dead at once.

The person row stays as a nameless tombstone so registrations and attendance still
count (event statistics stay true) without saying who. Never commits: the caller does,
then deletes the old photo file.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from scheduler_app.accounts.audit import record
from scheduler_app.accounts.models import Person, new_feed_token
from scheduler_app.accounts.privacy_models import AuditAction, ConsentRecord
from scheduler_app.accounts.sessions import end_all_sessions
from scheduler_app.core.text import LIKE_ESCAPE
from scheduler_app.extensions import db
from scheduler_app.followups.models import Feedback, WelcomeAnswer
from scheduler_app.mail.models import OutboxMessage, OutboxStatus

ERASED_MARK = "—"


def erased_email(person_id: int) -> str:
    """A unique address that can never receive mail (RFC 2606 ``.invalid``)."""
    return f"erased-{person_id}@erased.invalid"


def _name_variants(person: Person) -> list[str]:
    """The forms a person's name takes in stored text, longest first."""
    given, family = person.given_name.strip(), person.family_name.strip()
    names = {person.display_name, f"{given} {family}".strip(), given, family}
    return sorted((n for n in names if len(n) >= 2), key=len, reverse=True)


def _like(text: str) -> str:
    escaped = text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%")
    return "%" + escaped.replace("_", LIKE_ESCAPE + "_") + "%"


def own_mail(person: Person) -> sa.ColumnElement[bool]:
    """Outbox rows for ``person``: by id, or by address if they have one."""
    if not person.email:
        return OutboxMessage.person_id == person.id
    return sa.or_(OutboxMessage.person_id == person.id, OutboxMessage.recipient == person.email)


def _scrub_outbox(person: Person, names: list[str]) -> None:
    own = own_mail(person)
    db.session.execute(
        sa.update(OutboxMessage)
        .where(own, OutboxMessage.status == OutboxStatus.PENDING.value)
        .values(status=OutboxStatus.WITHDRAWN.value)
    )
    db.session.execute(
        sa.update(OutboxMessage)
        .where(own)
        .values(
            recipient=erased_email(person.id),
            recipient_name="",
            subject="",
            body_text="",
            body_html="",
            ical=None,
        )
    )
    # Mail to others that named the person (a host told of a registration).
    for name in names:
        pattern = _like(name)
        mentions = db.session.execute(
            sa.select(OutboxMessage).where(
                sa.or_(
                    OutboxMessage.subject.like(pattern, escape=LIKE_ESCAPE),
                    OutboxMessage.body_text.like(pattern, escape=LIKE_ESCAPE),
                    OutboxMessage.body_html.like(pattern, escape=LIKE_ESCAPE),
                    OutboxMessage.recipient_name.like(pattern, escape=LIKE_ESCAPE),
                )
            )
        ).scalars()
        for row in mentions:
            row.subject = row.subject.replace(name, ERASED_MARK)
            row.body_text = row.body_text.replace(name, ERASED_MARK)
            row.body_html = row.body_html.replace(name, ERASED_MARK)
            row.recipient_name = row.recipient_name.replace(name, ERASED_MARK)


def erase_person(person: Person, actor: Person | None, now: datetime) -> str | None:
    """Erase ``person`` (``actor`` did it: themselves, or an admin on request); returns
    the photo filename to delete once the transaction commits."""
    from scheduler_app.feeds import cache as feed_cache

    names = _name_variants(person)
    _scrub_outbox(person, names)
    db.session.execute(
        sa.update(Feedback).where(Feedback.person_id == person.id).values(comment="")
    )
    db.session.execute(sa.delete(WelcomeAnswer).where(WelcomeAnswer.person_id == person.id))
    db.session.execute(sa.delete(ConsentRecord).where(ConsentRecord.person_id == person.id))
    photo = person.photo_filename
    person.email = erased_email(person.id)
    person.honorific = person.given_name = person.family_name = ""
    person.position = person.phone = ""
    person.photo_filename = None
    person.password_hash = None
    person.member_id = None
    person.preferred_language = None
    person.is_active_account = False
    person.wants_reminders = person.wants_followups = person.wants_network_news = False
    person.digest_frequency = "never"
    person.line_user_id = person.line_linked_at = None  # the LINE link is personal data too
    person.feed_token = new_feed_token()
    person.erased_at = now
    end_all_sessions(person)
    record(actor, AuditAction.ERASED, person, "self" if actor is person else "on request", now)
    feed_cache.bump()  # cached feeds may name the person as an organiser
    return photo
