"""The thank-you survey's "whom did you meet that you will contact again?": which
organisations were present, and storing the answers as confirmed ties. No commits."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa

from scheduler_app.accounts.models import Person
from scheduler_app.directory.models import Member
from scheduler_app.events.models import Event, Registration, RegistrationStatus
from scheduler_app.events.rally.models import RallyStop
from scheduler_app.extensions import db
from scheduler_app.followups.models import ConfirmedTie

MAX_CHOICES = 200


def members_present(event: Event, person: Person) -> list[Member]:
    """Organisations at ``event`` other than the respondent's own: the host, the visiting
    member, rally stop hosts and the organisations of confirmed participants."""
    registered = (
        sa.select(Person.member_id)
        .join(Registration, Registration.person_id == Person.id)
        .where(
            Registration.event_id == event.id,
            Registration.status == RegistrationStatus.CONFIRMED.value,
        )
    )
    stops = sa.select(RallyStop.host_member_id).where(RallyStop.event_id == event.id)
    ids = {event.host_member_id, event.visiting_member_id}
    ids |= set(db.session.execute(registered).scalars()) | set(db.session.execute(stops).scalars())
    ids -= {None, person.member_id}
    stmt = (
        sa.select(Member)
        .where(Member.id.in_(ids), Member.is_active)
        .order_by(Member.name_th, Member.id)
        .limit(MAX_CHOICES)
    )
    return list(db.session.execute(stmt).scalars())


def met_member_ids(event: Event, person: Person) -> list[int]:
    stmt = sa.select(ConfirmedTie.to_member_id).where(
        ConfirmedTie.event_id == event.id, ConfirmedTie.person_id == person.id
    )
    return list(db.session.execute(stmt).scalars())


def record_met(event: Event, person: Person, member_ids: Iterable[int], now: datetime) -> None:
    """Replace ``person``'s answer for ``event`` with ``member_ids`` (only those present)."""
    allowed = {m.id for m in members_present(event, person)}
    chosen = {m for m in member_ids if m in allowed}
    # Row by row (not a bulk DELETE) so the network's version sees the change.
    for old in db.session.execute(
        sa.select(ConfirmedTie).where(
            ConfirmedTie.event_id == event.id, ConfirmedTie.person_id == person.id
        )
    ).scalars():
        db.session.delete(old)
    db.session.flush()
    for member_id in sorted(chosen):
        db.session.add(
            ConfirmedTie(
                event_id=event.id,
                person_id=person.id,
                from_member_id=person.member_id,
                to_member_id=member_id,
                created_at=now,
            )
        )
