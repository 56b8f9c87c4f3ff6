"""The mail people get when something happens to an event they take part in.

Each receiver listens to one signal of ``events.signals`` and hands plain values to
``deliver``, the single seam between events and e-mail, which queues mail in the
person's language through ``accounts.mail_preferences.queue_for_person`` (templates
``mail/<kind>``). Invitations (confirmed, promoted, changed) carry an iTIP REQUEST for
the person; un-registering and cancelling carry a CANCEL. Dedupe keys make repeated
calls harmless. Nothing here commits. (Reminders listen separately, in
``events/reminders``.)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from blinker import NamedSignal
from flask import current_app
from jinja2 import TemplateNotFound

from scheduler_app.accounts.mail_preferences import category_of, queue_for_person
from scheduler_app.accounts.models import Person
from scheduler_app.directory.contacts import (
    Recipient,
    as_recipient,
    recipient_key,
    responsible_recipients,
    write_to,
)
from scheduler_app.directory.models import Member
from scheduler_app.events import invitations, signals
from scheduler_app.events.labels import CHANGE_HEADINGS
from scheduler_app.events.mail_context import event_values, study_visit_context, when_in_both
from scheduler_app.events.models import Event, Registration, RegistrationStatus
from scheduler_app.events.study_visits.models import StudyVisitRequest
from scheduler_app.extensions import db
from scheduler_app.venues.models import Venue

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


TIME_FIELDS = ("start_at", "end_at", "is_all_day", "start_date", "end_date", "timezone")


def _venue_names(venue_id: int | None) -> tuple[str, str]:
    venue = db.session.get(Venue, venue_id) if venue_id else None
    if venue is None:
        return "", ""
    return venue.name_th, venue.name_en or venue.name_th


def change_lines(
    event: Event, groups: list[str], before: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """'Date and time: old → new' for what a reader can compare (time, place, title), in
    both languages; other changes are only named."""
    lines: list[dict[str, Any]] = []
    for group in groups:
        if group == "time":
            was = {name: before.get(name, getattr(event, name)) for name in TIME_FIELDS}
            old = when_in_both(**was)
            new = when_in_both(**{name: getattr(event, name) for name in TIME_FIELDS})
        elif group == "place":
            old = _venue_names(before.get("venue_id", event.venue_id))
            new = _venue_names(event.venue_id)
        elif group == "title":
            old_th = before.get("title_th", event.title_th)
            old = (old_th, before.get("title_en", event.title_en) or old_th)
            new = (event.title_th, event.title_en or event.title_th)
        else:
            continue
        if old != new:
            lines.append({"heading": CHANGE_HEADINGS[group], "old_th": old[0], "old_en": old[1],
                          "new_th": new[0], "new_en": new[1]})  # fmt: skip
    return lines


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
    kind: str, registration: Registration, stamp: str, now: datetime, method: str | None = None
) -> None:
    event = registration.event
    context = event_context(event) | {
        "registration_status": registration.status,
        "waitlist_position": registration.waitlist_position,
        "from_stop_name": registration.from_stop.name if registration.from_stop else "",
    }
    key = f"event:{registration.event_id}:{kind}:{registration.person_id}:{stamp}"
    if method is not None:
        context[ICAL] = invitations.for_attendee(event, registration.person, method, now)
    deliver(kind, registration.person, context, key)


def _stamp(moment: datetime | None) -> str:
    """A moment as part of a notice's once-only key ("0" when it is not set)."""
    return moment.isoformat() if moment else "0"


# What each registration signal tells the person: the notice's kind, the moment that makes
# it once-only and the calendar method of its invitation. A confirmed seat is an
# invitation; a place on the waitlist is a notice only; a seat freed for someone waiting
# is their invitation; a place given up is a CANCEL for their calendar.
_REGISTRATION_NOTICES: tuple[
    tuple[NamedSignal, str, Callable[[Registration], str], str | None], ...
] = (
    (signals.registered, "event_registered", lambda r: _stamp(r.confirmed_at), "REQUEST"),
    (signals.waitlisted, "event_waitlisted", lambda r: str(r.waitlist_position), None),
    (signals.promoted, "event_promoted", lambda r: _stamp(r.promoted_at), "REQUEST"),
    (signals.unregistered, "event_unregistered", lambda r: _stamp(r.cancelled_at), "CANCEL"),
)


def _registration_notice(
    kind: str, stamp: Callable[[Registration], str], method: str | None
) -> Callable[..., None]:
    def receive(registration: Registration, now: datetime) -> None:
        _about_registration(kind, registration, stamp(registration), now, method)

    return receive


for _signal, _kind, _stamp_of, _method in _REGISTRATION_NOTICES:
    _signal.connect(_registration_notice(_kind, _stamp_of, _method), weak=False)


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


@signals.event_changed.connect
def event_changed(
    event: Event, changed: list[str], now: datetime, before: Mapping[str, Any] | None = None
) -> None:
    """Something a calendar shows moved on a published event: an updated invitation (same
    UID, higher SEQUENCE) to confirmed people, a notice to waitlisted ones. The mail says
    what changed, old → new (``before`` holds the old values)."""
    if not (event.is_published and changed):
        return
    groups = sorted({CHANGE_GROUPS.get(name, "details") for name in changed})
    context = event_context(event) | {
        "changes": groups,
        "change_lines": change_lines(event, groups, before or {}),
    }
    confirmed = _confirmed_ids(event)
    for person in _registrants(event):
        key = f"event:{event.id}:changed:{event.sequence}:{person.id}"
        extra: dict[str, Any] = {"has_invitation": person.id in confirmed}
        if person.id in confirmed:
            extra[ICAL] = invitations.for_attendee(event, person, "REQUEST", now)
        deliver("event_changed", person, context | extra, key)


@signals.event_cancelled.connect
def event_cancelled(event: Event, was_published: bool, now: datetime) -> None:
    """The event is off: a CANCEL with the reason to everyone registered."""
    if not was_published:
        return
    context = event_context(event)
    for person in _registrants(event):
        ical = invitations.for_attendee(event, person, "CANCEL", now)
        key = f"event:{event.id}:cancelled:{event.sequence}:{person.id}"
        deliver("event_cancelled", person, context | {ICAL: ical}, key)


def study_visit_step(visit: StudyVisitRequest, recipients: list[Recipient | Person]) -> None:
    """A study-visit request moved a step (requested, accepted, countered, declined...)."""
    context = study_visit_context(visit)
    stamp = _stamp(visit.updated_at)
    for one in recipients:
        recipient = as_recipient(one)
        key = f"visit:{visit.id}:{visit.status}:{stamp}:{recipient_key(recipient)}"
        if recipient.person is not None:
            deliver("study_visit_step", recipient.person, context, key)
        else:
            write_to("study_visit_step", recipient, context, key)


def answering_for(member_id: int | None) -> list[Recipient]:
    """Whoever answers for an organisation (``directory.contacts``: its hosts, else its
    organisation-chart people, else its contact e-mail)."""
    member = db.session.get(Member, member_id) if member_id is not None else None
    return responsible_recipients(member) if member is not None else []


@signals.visit_step.connect
def visit_moved(visit: StudyVisitRequest, tell_member_id: int) -> None:
    study_visit_step(visit, list(answering_for(tell_member_id)))
