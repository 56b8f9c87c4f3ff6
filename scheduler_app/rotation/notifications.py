"""One function per rotation step that tells people something.

Each goes through the events area's seam (``scheduler_app.events.notifications.deliver``,
which queues mail with ``scheduler_app.mail.services.queue_mail``) to the hosts (people
with role host) of the member concerned. Dedupe keys make repeats harmless. No commits.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import current_app

from scheduler_app.accounts.models import Person, Role
from scheduler_app.events.notifications import deliver
from scheduler_app.extensions import db
from scheduler_app.rotation.models import RotationAssignment
from scheduler_app.rotation.reasons import describe_in, term_label_in


def hosts_of(member_id: int) -> list[Person]:
    """The people who answer for a member: its active accounts with role host."""
    stmt = sa.select(Person).where(
        Person.member_id == member_id,
        Person.role == Role.HOST.value,
        Person.is_active_account.is_(True),
    )
    return list(db.session.execute(stmt.order_by(Person.id)).scalars())


def assignment_context(row: RotationAssignment) -> dict[str, Any]:
    """Plain values for the mail templates, in both languages."""
    base = current_app.config.get("BASE_URL", "")
    series = row.series
    return {
        "series_name_th": series.name_th,
        "series_name_en": series.name_en or series.name_th,
        "member_name_th": row.member.name_th,
        "member_name_en": row.member.name_en or row.member.name_th,
        "term_th": term_label_in(row.year, row.term, "th"),
        "term_en": term_label_in(row.year, row.term, "en"),
        "reason_th": describe_in(row.reason_code, row.reason_params, "th"),
        "reason_en": describe_in(row.reason_code, row.reason_params, "en"),
        "planned_date": row.planned_date,
        "series_url": f"{base}/rotation/{series.id}",
        "event_url": f"{base}/events/{row.event_id}" if row.event_id else "",
    }


def proposed(row: RotationAssignment) -> None:
    """The member was proposed to host a term: ask its hosts to confirm or decline."""
    context = assignment_context(row)
    for person in hosts_of(row.member_id):
        key = f"rotation:{row.id}:proposed:{row.member_id}:{person.id}"
        deliver("rotation_proposed", person, context, key)


def swap_requested(row: RotationAssignment, other: RotationAssignment) -> None:
    """``row``'s member asks ``other``'s member to swap terms: ask the other side."""
    context = assignment_context(other) | {
        "requester_name_th": row.member.name_th,
        "requester_name_en": row.member.name_en or row.member.name_th,
        "requester_term_th": term_label_in(row.year, row.term, "th"),
        "requester_term_en": term_label_in(row.year, row.term, "en"),
    }
    for person in hosts_of(other.member_id):
        key = f"rotation:{row.id}:swap:{other.id}:{person.id}"
        deliver("rotation_swap_requested", person, context, key)


def confirmed_announced(row: RotationAssignment, member_ids: list[int]) -> None:
    """A host is confirmed for a term: tell the hosts of every member in the pool."""
    context = assignment_context(row)
    if not member_ids:
        return
    stmt = sa.select(Person).where(
        Person.member_id.in_(member_ids),
        Person.role == Role.HOST.value,
        Person.is_active_account.is_(True),
    )
    for person in db.session.execute(stmt.order_by(Person.id)).scalars():
        key = f"rotation:{row.id}:confirmed:{row.member_id}:{person.id}"
        deliver("rotation_confirmed", person, context, key)
