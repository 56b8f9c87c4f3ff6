"""The training kind: its section of the event page (sessions, hours, the certificate
rule), where hosts edit its sessions, and what a copy takes along."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from scheduler_app.core import sessions as sessions_core
from scheduler_app.core.thaidate import format_date
from scheduler_app.events import kinds
from scheduler_app.events.models import Event, EventKind
from scheduler_app.events.training.operations import certificates_earned, copy_sessions
from scheduler_app.extensions import utcnow
from scheduler_app.i18n import current_locale


def page_data(event: Event, person: Any, is_manager: bool) -> dict[str, Any]:
    slots = (sessions_core.Slot(s.start_at, s.end_at) for s in event.sessions)
    certificate_on = None
    if getattr(person, "is_authenticated", False):
        earned = certificates_earned(person.id, utcnow(), [event.id])
        certificate_on = earned.get(event.id)
    return {"class_hours": sessions_core.hours(slots), "certificate_on": certificate_on}


def person_links(person: Any, now: datetime) -> dict[int, list[tuple[str, str]]]:
    """The certificates ``person`` earned, for "my activities"."""
    return {
        event_id: [
            (
                gettext(
                    "My certificate (earned on %(day)s)", day=format_date(day, current_locale())
                ),
                url_for("events.certificate", event_id=event_id, person_id=person.id),
            )
        ]
        for event_id, day in certificates_earned(person.id, now).items()
    }


SPEC = kinds.register(
    kinds.KindSpec(
        EventKind.TRAINING,
        section="events/training/_section.html",
        page_data=page_data,
        parts_endpoint="events.sessions",
        parts_label=_l("Edit sessions"),
        copy_parts=copy_sessions,
        timed_parts=lambda event: list(event.sessions),
        time_fields=("start_at", "end_at"),
        person_links=person_links,
        count_parts=lambda n: gettext("1 session") if n == 1 else gettext("%(n)d sessions", n=n),
    )
)
