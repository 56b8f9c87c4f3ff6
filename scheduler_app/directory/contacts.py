"""Who answers for a member: the one rule every area uses to reach an organisation.

Its active host accounts; if it has none, the people on its organisation chart (active
accounts, in chart order); if it has nobody, its contact e-mail. People without an
e-mail address (chart contacts) are never chosen. ``write_to`` queues one message for
one of them (an account in its language and with its opt-outs, or the contact address).
No commits.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from scheduler_app.accounts.mail_preferences import Category, queue_for_person
from scheduler_app.accounts.models import Person, Role
from scheduler_app.directory.models import Member
from scheduler_app.extensions import db
from scheduler_app.mail.services import queue_mail

HOST = "host"
CHART = "chart"
CONTACT = "contact"


@dataclass(frozen=True)
class Recipient:
    """Someone to write to for a member; ``person`` is None for the contact e-mail."""

    email: str
    name: str
    language: str
    person: Person | None
    source: str  # HOST, CHART or CONTACT


def _people_of(member_ids: Iterable[int]) -> dict[int, list[Person]]:
    ids = sorted(set(member_ids))
    if not ids:
        return {}
    stmt = (
        sa.select(Person)
        .where(
            Person.member_id.in_(ids),
            Person.is_active_account.is_(True),
            Person.email.is_not(None),  # a contact without an address cannot be written to
        )
        .order_by(Person.member_id, Person.chart_order, Person.id)
    )
    found: dict[int, list[Person]] = defaultdict(list)
    for person in db.session.execute(stmt).scalars():
        if person.member_id is not None:
            found[person.member_id].append(person)
    return found


def _choose(member: Member, people: list[Person]) -> list[Recipient]:
    hosts = [p for p in people if p.role == Role.HOST.value]
    chosen, source = (hosts, HOST) if hosts else (people, CHART)
    if chosen:
        return [
            Recipient(p.email, p.display_name, p.preferred_language or "th", p, source)
            for p in chosen
            if p.email
        ]
    if member.contact_email:
        name = member.name_th or member.name_en
        return [Recipient(member.contact_email, name, "th", None, CONTACT)]
    return []


def responsible_people(member: Member) -> list[Person]:
    """The accounts that may answer for ``member`` (hosts, else its chart people)."""
    return [r.person for r in responsible_recipients(member) if r.person is not None]


def responsible_recipients(member: Member) -> list[Recipient]:
    """Whom to write to about ``member`` (see the module docstring for the rule)."""
    return _choose(member, _people_of([member.id]).get(member.id, []))


def responsible_recipients_for(members: Iterable[Member]) -> dict[int, list[Recipient]]:
    """``responsible_recipients`` for many members in one query."""
    members = list(members)
    people = _people_of(m.id for m in members)
    return {m.id: _choose(m, people.get(m.id, [])) for m in members}


def write_to(
    kind: str,
    recipient: Recipient,
    context: dict[str, Any],
    key: str,
    *,
    category: Category | None = None,
    send_after: datetime | None = None,
) -> None:
    """Queue one message of ``kind`` for someone who answers for a member: an account
    through ``queue_for_person``, the contact e-mail straight to the outbox (as
    transactional mail: an organisation's address has no opt-out to honour)."""
    if recipient.person is not None:
        queue_for_person(
            kind, recipient.person, context, key, category=category, send_after=send_after
        )
        return
    queue_mail(
        kind,
        to_email=recipient.email,
        to_name=recipient.name,
        language=recipient.language,
        context=context,
        dedupe_key=key,
        send_after=send_after,
    )


def recipient_key(recipient: Recipient) -> str:
    """What tells recipients apart in a dedupe key: the account, else the address."""
    return str(recipient.person.id) if recipient.person is not None else recipient.email


def as_recipient(one: Recipient | Person) -> Recipient:
    """A person named directly (an organiser, a test) as a ``Recipient``."""
    if isinstance(one, Recipient):
        return one
    return Recipient(one.email, one.display_name, one.preferred_language or "th", one, HOST)


def answers_for(person: Any, member: Member | None) -> bool:
    """Staff, or one of the people who answer for ``member`` (its hosts, else its chart
    people): whoever its mail goes to may also act on it."""
    from scheduler_app.accounts.permissions import is_staff

    if is_staff(person):
        return True
    if member is None or not getattr(person, "is_authenticated", False):
        return False
    if person.member_id != member.id:
        return False
    return any(p.id == person.id for p in responsible_people(member))
