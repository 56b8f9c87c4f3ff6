"""What a public page, feed or mail may show about people: only what they chose to publish.

- **The public organisation chart** lists a person only with their ``public_chart``
  consent, and shows their photo only with their ``photos`` consent as well. A person
  with an account gives or withdraws these on "Privacy and my data". A chart contact
  without a login (village staff added by a host or coordinator) cannot answer for
  themselves: the staff member who adds or edits the entry ticks what the person agreed
  to, and that is recorded as the contact's consent. The default, for both, is *not
  shown*: name, position and photo stay visible only to those who manage the chart.
- **Contact addresses**: an organisation's own address is public; an address that is
  also someone's login is published only with that person's ``public_chart`` consent
  (member pages, feed ORGANIZER, invitations, introduction mails).

Reads only; no commits. Every answer reads the latest consent, so a withdrawal takes
effect on the next request (feeds re-render: a new consent row moves their version).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from scheduler_app.accounts.models import Person
from scheduler_app.accounts.notices import consents_of
from scheduler_app.accounts.privacy_models import ConsentRecord, Purpose
from scheduler_app.directory.models import Member
from scheduler_app.extensions import db

CHART = Purpose.PUBLIC_CHART.value
PHOTOS = Purpose.PHOTOS.value


@dataclass(frozen=True)
class ChartEntry:
    """One person as the public chart shows them; ``show_photo`` False means initials."""

    person: Person
    show_photo: bool


def public_chart(people: Sequence[Person]) -> list[ChartEntry]:
    """The people of a chart that anyone may see, in the order given."""
    answers = consents_of((p.id for p in people), (CHART, PHOTOS))
    return [
        ChartEntry(p, bool(p.photo_filename) and answers.get((p.id, PHOTOS), False))
        for p in people
        if p.erased_at is None and answers.get((p.id, CHART), False)
    ]


def photo_is_public(person: Person) -> bool:
    """Whether anyone may see ``person``'s photo (they appear in the public chart and
    agreed to their photo)."""
    answers = consents_of([person.id], (CHART, PHOTOS))
    return answers.get((person.id, CHART), False) and answers.get((person.id, PHOTOS), False)


def published_addresses(addresses: Iterable[str]) -> set[str]:
    """Of ``addresses``, those that may be published (compared case-insensitively; the
    result holds them as given). One query: the owners with their chart consent history."""
    given = {a for a in addresses if a and a.strip()}
    if not given:
        return set()
    lowered = {a.strip().lower() for a in given}
    owner_email = sa.func.lower(Person.email)
    rows = db.session.execute(
        sa.select(Person.id, owner_email, ConsentRecord.is_given)
        .outerjoin(
            ConsentRecord,
            sa.and_(ConsentRecord.person_id == Person.id, ConsentRecord.purpose == CHART),
        )
        .where(owner_email.in_(sorted(lowered)))
        .order_by(Person.id, ConsentRecord.recorded_at, ConsentRecord.id)
    ).all()
    latest: dict[int, tuple[str, bool]] = {}
    for person_id, email, is_given in rows:  # the last row per owner is the latest answer
        latest[person_id] = (email, bool(is_given))
    hidden = {email for email, agreed in latest.values() if not agreed}
    return {a for a in given if a.strip().lower() not in hidden}


def published_contact_email(member: Member) -> str:
    """The member's contact address for anonymous visitors, or "".

    An organisation's own address is public. When the address is also someone's login
    (a host who typed their own), it is shown only if that person agreed to appear in
    the public organisation chart: an account e-mail is never published by default.
    """
    address = (member.contact_email or "").strip()
    if not address:
        return ""
    return address if published_addresses([address]) else ""
