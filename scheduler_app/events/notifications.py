"""One function per kind of change that should tell someone something.

This is the single seam between events and e-mail: every function builds plain
values and hands them to ``deliver``, which queues mail through
``scheduler_app.mail.services.queue_mail`` (the mail area renders the templates
``mail/<kind>``). Dedupe keys make repeated calls harmless. Nothing here commits.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import current_app
from jinja2 import TemplateNotFound

from scheduler_app.accounts.models import Person
from scheduler_app.events.kind_models import StudyVisitRequest
from scheduler_app.events.models import Event, Registration, RegistrationStatus
from scheduler_app.extensions import db


def event_context(event: Event) -> dict[str, Any]:
    """Plain values about an event for mail templates."""
    base = current_app.config.get("BASE_URL", "")
    return {
        "event_id": event.id,
        "event_kind": event.kind,
        "event_title_th": event.title_th,
        "event_title_en": event.title_en or event.title_th,
        "event_start_at": event.start_at,
        "event_end_at": event.end_at,
        "event_is_all_day": event.is_all_day,
        "event_timezone": event.timezone,
        "event_status": event.status,
        "event_sequence": event.sequence,
        "event_url": f"{base}/events/{event.id}",
        "cancel_reason": event.cancel_reason,
    }


def has_mail_template(kind: str) -> bool:
    """Whether the mail area has written the templates for ``kind`` yet."""
    try:
        current_app.jinja_env.get_template(f"mail/{kind}.subject.txt")
    except TemplateNotFound:
        return False
    return True


def deliver(kind: str, person: Person, context: dict[str, Any], dedupe_key: str) -> None:
    """Queue one message for ``person`` (the seam tests record).

    Until the e-mail issue writes ``templates/mail/<kind>.*`` this records nothing.
    """
    if not has_mail_template(kind):
        return
    from scheduler_app.mail.services import queue_mail

    queue_mail(
        kind,
        to_email=person.email,
        to_name=person.display_name,
        language=person.preferred_language or "th",
        context=context,
        dedupe_key=dedupe_key,
        person_id=person.id,
    )


def _about_registration(kind: str, registration: Registration, stamp: str) -> None:
    context = event_context(registration.event) | {
        "registration_status": registration.status,
        "waitlist_position": registration.waitlist_position,
    }
    key = f"event:{registration.event_id}:{kind}:{registration.person_id}:{stamp}"
    deliver(kind, registration.person, context, key)


def registered(registration: Registration) -> None:
    """A seat was confirmed."""
    stamp = registration.confirmed_at.isoformat() if registration.confirmed_at else "0"
    _about_registration("event_registered", registration, stamp)


def waitlisted(registration: Registration) -> None:
    """The event was full; the person is on the waitlist."""
    _about_registration("event_waitlisted", registration, str(registration.waitlist_position))


def promoted(registration: Registration) -> None:
    """Someone left and the waitlisted person now has a seat."""
    stamp = registration.promoted_at.isoformat() if registration.promoted_at else "0"
    _about_registration("event_promoted", registration, stamp)


def unregistered(registration: Registration) -> None:
    """The person gave up their place."""
    stamp = registration.cancelled_at.isoformat() if registration.cancelled_at else "0"
    _about_registration("event_unregistered", registration, stamp)


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


def event_changed(event: Event) -> None:
    """Something a calendar shows moved (time, place, title...): tell everyone registered."""
    context = event_context(event)
    for person in _registrants(event):
        key = f"event:{event.id}:changed:{event.sequence}:{person.id}"
        deliver("event_changed", person, context, key)


def event_cancelled(event: Event) -> None:
    """The event is off: tell everyone registered, with the reason."""
    context = event_context(event)
    for person in _registrants(event):
        deliver("event_cancelled", person, context, f"event:{event.id}:cancelled:{person.id}")


def study_visit_step(visit: StudyVisitRequest, recipients: list[Person]) -> None:
    """A study-visit request moved a step (requested, accepted, countered, declined...)."""
    context = {
        "visit_id": visit.id,
        "visit_status": visit.status,
        "visiting_member_th": visit.visiting_member.name_th,
        "host_member_th": visit.host_member.name_th,
        "proposed_start": visit.proposed_start,
        "proposed_end": visit.proposed_end,
        "decline_reason": visit.decline_reason,
        "delegation_size": visit.delegation_size,
        "event_id": visit.event_id,
    }
    stamp = visit.updated_at.isoformat() if visit.updated_at else "0"
    for person in recipients:
        key = f"visit:{visit.id}:{visit.status}:{stamp}:{person.id}"
        deliver("study_visit_step", person, context, key)
