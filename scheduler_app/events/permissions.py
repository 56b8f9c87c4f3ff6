"""Who may do what with events: the one place the events blueprint decides.

Changing an event: hosts of the event's host organisation (role host and
``person.member_id == event.host_member_id``), coordinators and admins. Drafts are
visible only to those people.
"""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user

from scheduler_app.accounts.models import Role
from scheduler_app.accounts.permissions import can_manage_member, is_host_of, is_staff
from scheduler_app.events import kinds
from scheduler_app.events.models import Event
from scheduler_app.events.study_visits.models import StudyVisitRequest
from scheduler_app.web import require


def signed_in(person: Any) -> bool:
    return bool(person is not None and getattr(person, "is_authenticated", False))


def can_manage_event(person: Any, event: Event) -> bool:
    """May ``person`` change ``event`` (edit, publish, cancel, registrations, roll-call)?"""
    if not signed_in(person):
        return False
    return is_staff(person) or is_host_of(person, event.host_member_id)


def can_view_event(person: Any, event: Event) -> bool:
    """Published and cancelled events are public; drafts only for their managers."""
    return not event.is_draft or can_manage_event(person, event)


def can_create_event(person: Any, kind: str | None = None) -> bool:
    """Hosts create events for their own organisation; coordinators and admins for any.

    Exchange events belong to the rotation, so only coordinators create them by hand
    (the kind registry says which kinds hosts may create).
    """
    if not signed_in(person):
        return False
    if is_staff(person):
        return True
    if kind is not None and not kinds.spec_of(kind).hosts_may_create:
        return False
    return person.role == Role.HOST and person.member_id is not None


def can_request_visit(person: Any) -> bool:
    """Hosts request visits on behalf of their organisation; coordinators for any."""
    return is_staff(person) or (
        signed_in(person) and person.role == Role.HOST and person.member_id is not None
    )


def can_answer_visit(person: Any, visit: StudyVisitRequest) -> bool:
    """The host member's hosts (and coordinators) accept, propose or decline."""
    return can_manage_member(person, visit.host_member)


def can_act_for_visitors(person: Any, visit: StudyVisitRequest) -> bool:
    """The visiting member's hosts (and coordinators) accept a counter-proposal."""
    return can_manage_member(person, visit.visiting_member)


def can_view_visit(person: Any, visit: StudyVisitRequest) -> bool:
    return can_answer_visit(person, visit) or can_act_for_visitors(person, visit)


def can_file_report(person: Any, event: Event) -> bool:
    """Visitors (people of the visiting member) and the event's managers file reports."""
    if not signed_in(person):
        return False
    if can_manage_event(person, event):
        return True
    return person.member_id is not None and person.member_id == event.visiting_member_id


def require_manage(event: Event) -> None:
    """The single guard for every route that changes an event or reads its private data."""
    require(can_manage_event(current_user, event))


def require_view(event: Event) -> None:
    """Drafts look like missing pages to people who may not see them."""
    if not can_view_event(current_user, event):
        abort(404)
