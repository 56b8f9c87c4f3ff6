"""What a public page may show about people: only contact details they chose to publish."""

from __future__ import annotations

import sqlalchemy as sa

from scheduler_app.accounts.models import Person
from scheduler_app.accounts.notices import has_consent
from scheduler_app.accounts.privacy_models import Purpose
from scheduler_app.directory.models import Member
from scheduler_app.extensions import db


def published_contact_email(member: Member) -> str:
    """The member's contact address for anonymous visitors, or "".

    An organisation's own address is public. When the address is also someone's login
    (a host who typed their own), it is shown only if that person agreed to appear in
    the public organisation chart: an account e-mail is never published by default.
    """
    address = (member.contact_email or "").strip()
    if not address:
        return ""
    owner = db.session.execute(
        sa.select(Person).where(sa.func.lower(Person.email) == address.lower())
    ).scalar_one_or_none()
    if owner is None:
        return address
    return address if has_consent(owner.id, Purpose.PUBLIC_CHART) else ""
