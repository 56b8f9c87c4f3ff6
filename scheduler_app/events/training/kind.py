"""The training kind: its section of the event page (sessions, hours, the certificate
rule), where hosts edit its sessions, and what a copy takes along."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from scheduler_app.core import sessions as sessions_core
from scheduler_app.events import kinds
from scheduler_app.events.models import Event, EventKind
from scheduler_app.events.training.operations import copy_sessions


def page_data(event: Event, person: Any, is_manager: bool) -> dict[str, Any]:
    slots = (sessions_core.Slot(s.start_at, s.end_at) for s in event.sessions)
    return {"class_hours": sessions_core.hours(slots)}


SPEC = kinds.register(
    kinds.KindSpec(
        EventKind.TRAINING,
        section="events/training/_section.html",
        page_data=page_data,
        parts_endpoint="events.sessions",
        parts_label=_l("Edit sessions"),
        copy_parts=copy_sessions,
    )
)
