"""One function per kind of change that should tell someone something.

This is the single seam between events and e-mail: every function builds plain
values and hands them to ``deliver``, which queues mail through
``scheduler_app.mail.services.queue_mail`` (templates ``mail/<kind>``). Invitations
(confirmed, promoted, changed) carry an iTIP REQUEST for the person; un-registering and
cancelling carry a CANCEL. Reminders are kept in step here too (``followups.reminders``),
outside ``deliver`` so tests that record ``deliver`` see only the messages themselves.
Dedupe keys make repeated calls harmless. Nothing here commits.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import current_app
from jinja2 import TemplateNotFound

from scheduler_app.accounts.models import Person
from scheduler_app.events.kind_models import StudyVisitRequest
from scheduler_app.events.models import Event, Registration, RegistrationStatus
from scheduler_app.extensions import db, utcnow
from scheduler_app.followups import invitations, reminders
from scheduler_app.followups.context import event_values
from scheduler_app.followups.preferences import category_of, queue_for_person

ICAL = "_ical"

# Event fields grouped into what a person reads in the "what changed" line.
CHANGE_GROUPS = {
    "start_at": "time",
    "end_at": "time",
    "is_all_day": "time",
    "start_date": "time",
    "end_date": "time",
    "timezone": "time",
    "venue_id": "place",
    "title_th": "title",
    "title_en": "title",
    "description": "description",
    "status": "status",
}


def event_context(event: Event) -> dict[str, Any]:
    """Plain values about an event for mail templates."""
    return event_values(event)


def has_mail_template(kind: str) -> bool:
    """Whether templates for ``kind`` exist."""
    try:
        current_app.jinja_env.get_template(f"mail/{kind}.subject.txt")
    except TemplateNotFound:
        return False
    return True


def deliver(kind: str, person: Person, context: dict[str, Any], dedupe_key: str) -> None:
    """Queue one message for ``person`` in their language (the seam tests record).

    Kinds with an opt-out category skip people who opted out and carry List-Unsubscribe.
    An iCalendar part travels in ``context[ICAL]`` so the seam keeps four arguments.
    """
    if not has_mail_template(kind):
        return
    context = dict(context)
    ical = context.pop(ICAL, None)
    queue_for_person(kind, person, context, dedupe_key, category=category_of(kind), ical=ical)


def _about_registration(
    kind: str, registration: Registration, stamp: str, method: str | None = None
) -> None:
    event = registration.event
    context = event_context(event) | {
        "registration_status": registration.status,
        "waitlist_position": registration.waitlist_position,
        "from_stop_name": registration.from_stop.name if registration.from_stop else "",
    }
    key = f"event:{registration.event_id}:{kind}:{registration.person_id}:{stamp}"
    if method is not None:
        context[ICAL] = invitations.for_attendee(event, registration.person, method, utcnow())
    deliver(kind, registration.person, context, key)


def registered(registration: Registration) -> None:
    """A seat was confirmed: an invitation, and the person's reminders."""
    stamp = registration.confirmed_at.isoformat() if registration.confirmed_at else "0"
    _about_registration("event_registered", registration, stamp, "REQUEST")
    reminders.sync_registration_reminders(registration, utcnow())


def waitlisted(registration: Registration) -> None:
    """The event was full; the person is on the waitlist."""
    _about_registration("event_waitlisted", registration, str(registration.waitlist_position))


def promoted(registration: Registration) -> None:
    """Someone left and the waitlisted person now has a seat."""
    stamp = registration.promoted_at.isoformat() if registration.promoted_at else "0"
    _about_registration("event_promoted", registration, stamp, "REQUEST")
    reminders.sync_registration_reminders(registration, utcnow())


def unregistered(registration: Registration) -> None:
    """The person gave up their place: a CANCEL for their calendar, no more reminders."""
    stamp = registration.cancelled_at.isoformat() if registration.cancelled_at else "0"
    _about_registration("event_unregistered", registration, stamp, "CANCEL")
    reminders.withdraw_person_reminders(registration)


def _registrants(event: Event) -> list[Person]:
    return list(
        db.session.execute(
            sa.select(Person)
            .join(Registration, Registration.person_id == Person.id)
            .where(
                Registration.event_id == event.id,
                Registration.status != RegistrationStatus.CANCELLED.value,
            )
        ).scalars()
    )


def _confirmed_ids(event: Event) -> set[int]:
    return set(
        db.session.execute(
            sa.select(Registration.person_id).where(
                Registration.event_id == event.id,
                Registration.status == RegistrationStatus.CONFIRMED.value,
            )
        ).scalars()
    )


def event_changed(event: Event, changed: list[str] | None = None) -> None:
    """Something a calendar shows moved: an updated invitation (same UID, higher SEQUENCE)
    to confirmed people, a notice to waitlisted ones; reminders re-timed."""
    groups = sorted({CHANGE_GROUPS.get(name, "details") for name in changed or []})
    context = event_context(event) | {"changes": groups}
    confirmed = _confirmed_ids(event)
    now = utcnow()
    for person in _registrants(event):
        key = f"event:{event.id}:changed:{event.sequence}:{person.id}"
        extra: dict[str, Any] = {"has_invitation": person.id in confirmed}
        if person.id in confirmed:
            extra[ICAL] = invitations.for_attendee(event, person, "REQUEST", now)
        deliver("event_changed", person, context | extra, key)
    reminders.sync_event_reminders(event, now)


def reminders_changed(event: Event) -> None:
    """The host changed the reminder offsets: re-plan pending reminders."""
    reminders.sync_event_reminders(event, utcnow())


def event_cancelled(event: Event) -> None:
    """The event is off: a CANCEL with the reason to everyone registered; no reminders."""
    context = event_context(event)
    now = utcnow()
    for person in _registrants(event):
        ical = invitations.for_attendee(event, person, "CANCEL", now)
        key = f"event:{event.id}:cancelled:{event.sequence}:{person.id}"
        deliver("event_cancelled", person, context | {ICAL: ical}, key)
    reminders.withdraw_event_reminders(event)


def study_visit_step(visit: StudyVisitRequest, recipients: list[Person]) -> None:
    """A study-visit request moved a step (requested, accepted, countered, declined...)."""
    context = study_visit_context(visit)
    stamp = visit.updated_at.isoformat() if visit.updated_at else "0"
    for person in recipients:
        key = f"visit:{visit.id}:{visit.status}:{stamp}:{person.id}"
        deliver("study_visit_step", person, context, key)


def study_visit_context(visit: StudyVisitRequest) -> dict[str, Any]:
    """Plain values about a study-visit request for mail templates."""
    base = str(current_app.config.get("BASE_URL", "")).rstrip("/")
    visitors, host = visit.visiting_member, visit.host_member
    return {
        "visit_id": visit.id,
        "visit_status": visit.status,
        "visit_url": f"{base}/events/visits/{visit.id}",
        "visiting_member_th": visitors.name_th,
        "visiting_member_en": visitors.name_en or visitors.name_th,
        "host_member_th": host.name_th,
        "host_member_en": host.name_en or host.name_th,
        "proposed_start": visit.proposed_start,
        "proposed_end": visit.proposed_end,
        "decline_reason": visit.decline_reason,
        "host_note": visit.host_note,
        "delegation_size": visit.delegation_size,
        "purpose": visit.purpose,
        "event_id": visit.event_id,
        "event_url": f"{base}/events/{visit.event_id}" if visit.event_id else "",
        "visitor_rules": host.visitor_rules,
        "visitor_risks": host.visitor_risks,
    }
