"""The directory's authorisation checks, built on the account rules in
``scheduler_app.accounts.permissions``: one place for every directory route."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user

from scheduler_app.accounts.models import Person
from scheduler_app.accounts.permissions import can_manage_member, is_staff
from scheduler_app.directory.models import Member
from scheduler_app.web import require


def can_create_member(person: Any) -> bool:
    """Only coordinators and admins add members to the directory."""
    return is_staff(person)


def can_deactivate_member(person: Any) -> bool:
    """Only coordinators and admins take members out of (or back into) the directory."""
    return is_staff(person)


def can_edit_chart_person(actor: Any, member: Member, person: Person) -> bool:
    """May ``actor`` change ``person``'s place in ``member``'s chart?

    Needs the right to manage the member; a host may not edit coordinators or admins
    who happen to sit in their chart.
    """
    if person.member_id != member.id or not can_manage_member(actor, member):
        return False
    return is_staff(actor) or not is_staff(person)


def require_manage_member(member: Member) -> None:
    require(can_manage_member(current_user, member))


def require_create_member() -> None:
    require(can_create_member(current_user))


def require_edit_chart_person(member: Member, person: Person) -> None:
    require_manage_member(member)
    if person.member_id != member.id:
        abort(404)
    require(can_edit_chart_person(current_user, member, person))
