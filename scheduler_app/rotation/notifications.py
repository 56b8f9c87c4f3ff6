"""One function per rotation step that tells people something. Nothing commits.

Mail reaches whoever answers for a member (``directory.contacts``: its host accounts,
else its organisation-chart people, else its contact e-mail). Dedupe keys make repeats
harmless. The coordinator hears of declines and is reminded to chase silent members.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from scheduler_app.accounts.mail_preferences import queue_for_person
from scheduler_app.accounts.models import Person, Role
from scheduler_app.directory.contacts import (
    Recipient,
    responsible_recipients,
    responsible_recipients_for,
    write_to,
)
from scheduler_app.directory.models import Member
from scheduler_app.extensions import db
from scheduler_app.rotation.models import RotationAssignment, RotationSeries
from scheduler_app.rotation.reasons import describe_in, term_label_in
from scheduler_app.web import base_url


def send(kind: str, recipient: Recipient, context: dict[str, Any], key: str) -> None:
    """Queue one transactional message for a person or a contact address."""
    write_to(kind, recipient, context, key)


def assignment_context(row: RotationAssignment) -> dict[str, Any]:
    """Plain values for the mail templates, in both languages."""
    base = base_url()
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
        "decline_reason": row.decline_reason,
        "planned_date": row.planned_date,
        "series_url": f"{base}/rotation/{series.id}",
        "event_url": f"{base}/events/{row.event_id}" if row.event_id else "",
    }


def ask(row: RotationAssignment, now: datetime) -> list[Recipient]:
    """Ask whoever answers for the proposed member; remember who was asked and when."""
    recipients = responsible_recipients(row.member)
    context = assignment_context(row)
    for recipient in recipients:
        key = f"rotation:{row.id}:proposed:{row.member_id}:{recipient.email}"
        send("rotation_proposed", recipient, context, key)
    row.asked_at = now
    row.asked_recipients = [r.email for r in recipients]
    return recipients


def swap_requested(row: RotationAssignment, other: RotationAssignment) -> None:
    """``row``'s member asks ``other``'s member to swap terms: ask the other side."""
    context = assignment_context(other) | {
        "requester_name_th": row.member.name_th,
        "requester_name_en": row.member.name_en or row.member.name_th,
        "requester_term_th": term_label_in(row.year, row.term, "th"),
        "requester_term_en": term_label_in(row.year, row.term, "en"),
    }
    for recipient in responsible_recipients(other.member):
        key = f"rotation:{row.id}:swap:{other.id}:{recipient.email}"
        send("rotation_swap_requested", recipient, context, key)


def confirmed_announced(row: RotationAssignment, members: list[Member]) -> None:
    """A host is confirmed for a term: tell whoever answers for each pool member."""
    context = assignment_context(row)
    for recipients in responsible_recipients_for(members).values():
        for recipient in recipients:
            key = f"rotation:{row.id}:confirmed:{row.member_id}:{recipient.email}"
            send("rotation_confirmed", recipient, context, key)


def coordinators_of(series: RotationSeries) -> list[Person]:
    """The series' creator if still staff, else every active coordinator."""
    creator = series.created_by
    staff = (Role.ADMIN.value, Role.COORDINATOR.value)
    if creator is not None and creator.is_active_account and creator.role in staff:
        return [creator]
    stmt = sa.select(Person).where(
        Person.role == Role.COORDINATOR.value, Person.is_active_account.is_(True)
    )
    return list(db.session.execute(stmt.order_by(Person.id)).scalars())


def declined(row: RotationAssignment) -> None:
    """Tell the coordinator who declined which term, and why."""
    context = assignment_context(row)
    for person in coordinators_of(row.series):
        key = f"rotation:{row.id}:declined:{person.id}"
        queue_for_person("rotation_declined", person, context, key, category=None)


def chase(row: RotationAssignment) -> None:
    """Remind the coordinator that a proposed host has not answered for a week."""
    context = assignment_context(row) | {"asked": ", ".join(row.asked_recipients or [])}
    context["asked_at"] = row.asked_at
    for person in coordinators_of(row.series):
        key = f"rotation:{row.id}:chase:{person.id}"
        queue_for_person("rotation_chase", person, context, key, category=None)
