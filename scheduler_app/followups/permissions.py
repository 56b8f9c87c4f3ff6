"""Who may see what in the follow-ups area: the one place this blueprint decides.

Feedback results: the people who manage the event (its host organisation's hosts,
coordinators, admins). The quiet-members list: coordinators and admins. The survey:
people who had a confirmed place, signed in or holding their signed survey link.
"""

from __future__ import annotations

from typing import Any

from scheduler_app.accounts.permissions import is_staff
from scheduler_app.events.models import Event
from scheduler_app.events.permissions import can_manage_event, signed_in


def can_see_feedback(person: Any, event: Event) -> bool:
    return can_manage_event(person, event)


def can_see_quiet_members(person: Any) -> bool:
    return signed_in(person) and is_staff(person)
