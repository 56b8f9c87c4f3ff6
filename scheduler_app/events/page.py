"""Everything the event page shows, gathered in a fixed number of queries: the common
part here, the kind's section through the kind registry."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from scheduler_app.events import kinds, queries, undo
from scheduler_app.events.forms import ActionForm
from scheduler_app.events.models import Event, Registration
from scheduler_app.events.permissions import can_manage_event
from scheduler_app.events.registration.forms import register_form
from scheduler_app.events.registration.operations import why_closed
from scheduler_app.extensions import db, utcnow
from scheduler_app.i18n import current_locale


def my_registration(event: Event, person: Any) -> Registration | None:
    """The person's active registration for ``event``, if any."""
    if not getattr(person, "is_authenticated", False):
        return None
    mine = db.session.execute(
        sa.select(Registration).where(
            Registration.event_id == event.id, Registration.person_id == person.id
        )
    ).scalar_one_or_none()
    return mine if mine is not None and mine.is_active else None


def event_page_context(event: Event, person: Any) -> dict[str, Any]:
    """Template values for ``events/show.html``."""
    manager = can_manage_event(person, event)
    spec = kinds.spec_of(event)
    now = utcnow()
    mine = my_registration(event, person)
    return {
        "event": event,
        "kind": spec,
        "locale": current_locale(),
        "is_manager": manager,
        "my_registration": mine,
        "registration_closed": why_closed(event, now),
        "undo_unregister": None if mine else undo.pending("registration", event.id, now),
        "counts": queries.registration_counts(event.id),
        "action_form": ActionForm(),
        "register_form": register_form(event),
        "now": now,
        **spec.page_data(event, person, manager),
    }
