"""Who answers for a member: the one rule every area uses to reach an organisation.

Its active host accounts; if it has none, the people on its organisation chart (active
accounts, in chart order); if it has nobody, its contact e-mail. People without an
e-mail address (chart contacts) are never chosen. Reads only; no commits.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa

from scheduler_app.accounts.models import Person, Role
from scheduler_app.directory.models import Member
from scheduler_app.extensions import db

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
