"""iTIP invitations for one attendee (RFC 5546): REQUEST on confirm/promote/change,
CANCEL on un-register/cancel, with the same UID as the feeds and the event's SEQUENCE."""

from __future__ import annotations

from datetime import datetime
from email.utils import parseaddr

from flask import current_app

from scheduler_app.accounts.models import Person
from scheduler_app.directory.publication import published_contact_email
from scheduler_app.events import ical_bridge
from scheduler_app.events.models import Event
from scheduler_app.web import base_url


def organizer_of(event: Event) -> tuple[str, str]:
    """(name, address) of the ORGANIZER: the host organisation's published e-mail (never
    a login address its owner did not choose to publish) or the sender."""
    host = event.host_member
    address = published_contact_email(host) if host is not None else ""
    if host is not None and address:
        return host.name_th, address
    name, address = parseaddr(str(current_app.config["MAIL_DEFAULT_SENDER"]))
    return name or "Ruamjai", address


def for_attendee(event: Event, person: Person, method: str, now: datetime) -> str:
    """The iCalendar text of ``event`` addressed to ``person`` with ``method``."""
    return ical_bridge.invitation(
        event,
        method=method,
        organizer=organizer_of(event),
        attendee=(person.display_name, person.email or ""),
        now=now,
        base_url=base_url(),
        language=person.preferred_language or "th",
    )
