"""Who may do what with events: the one place the events blueprint decides.

Changing an event: hosts of the event's host organisation (role host and
``person.member_id == event.host_member_id``), coordinators and admins. Drafts are
visible only to those people.
"""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_babel import gettext as _
from flask_login import current_user

from scheduler_app.accounts.models import Role
from scheduler_app.accounts.permissions import is_host_of, is_staff
from scheduler_app.directory.contacts import answers_for
from scheduler_app.events import kinds
from scheduler_app.events.models import Event, EventKind
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


def creatable_kinds(person: Any) -> list[str]:
    """The kinds ``person`` may create, in the kind list's order (empty: none).

    Coordinators and admins create any kind for any organisation; hosts create the
    kinds the registry lets hosts create (exchanges come from the rotation), for their
    own organisation only, so a host with no organisation creates nothing.
    """
    if not signed_in(person):
        return []
    if is_staff(person):
        return [kind.value for kind in EventKind]
    if person.role == Role.HOST and person.member_id is not None:
        return kinds.creatable_by_hosts()
    return []


def can_create_event(person: Any, kind: str | None = None) -> bool:
    """May ``person`` create an event (of ``kind``, when given)?"""
    allowed = creatable_kinds(person)
    return bool(allowed) if kind is None else kind in allowed


def why_cannot_create(person: Any) -> str:
    """Why ``person`` is offered no "new activity" (shown instead of a bare 403)."""
    if signed_in(person) and person.role == Role.HOST and person.member_id is None:
        return str(
            _(
                "Your account is not linked to an organisation yet, so you cannot create "
                "activities. Ask a coordinator to link it to your organisation."
            )
        )
    return str(_("Only hosts of an organisation and coordinators create activities."))


def why_not_kind(kind: str) -> str:
    """The reason beside the kind field when a submitted kind is not one offered."""
    if kind == EventKind.EXCHANGE.value:
        return str(
            _(
                "Exchange events come from the rotation: only coordinators create them "
                "by hand. Please choose another kind."
            )
        )
    return str(_("Please choose one of the kinds offered."))


def can_request_visit(person: Any) -> bool:
    """Hosts request visits on behalf of their organisation; coordinators for any."""
    return is_staff(person) or (
        signed_in(person) and person.role == Role.HOST and person.member_id is not None
    )


def can_answer_visit(person: Any, visit: StudyVisitRequest) -> bool:
    """Whoever answers for the host member (and coordinators) accept, propose or decline."""
    return answers_for(person, visit.host_member)


def can_act_for_visitors(person: Any, visit: StudyVisitRequest) -> bool:
    """Whoever answers for the visiting member (and coordinators) accept a counter-proposal."""
    return answers_for(person, visit.visiting_member)


def can_view_visit(person: Any, visit: StudyVisitRequest) -> bool:
    """Staff and the people of either organisation (the request list shows them too)."""
    if is_staff(person):
        return True
    return signed_in(person) and person.member_id in (
        visit.visiting_member_id,
        visit.host_member_id,
    )


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
