"""Who may do what: the one place the app decides authorisation for accounts and the
objects other domains guard with them.

Other blueprints import ``role_required``, ``can_manage_member`` and
``can_manage_venue`` from here so every rule lives in one module.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from flask import abort, redirect, request, url_for
from flask_login import current_user

from scheduler_app.accounts.models import Role

if TYPE_CHECKING:
    from scheduler_app.accounts.models import Person
    from scheduler_app.directory.models import Member
    from scheduler_app.venues.models import Venue

F = TypeVar("F", bound=Callable[..., Any])

# Roles ordered from most to least powerful.
ROLE_RANK: dict[str, int] = {
    Role.ADMIN.value: 3,
    Role.COORDINATOR.value: 2,
    Role.HOST.value: 1,
    Role.MEMBER.value: 0,
}


def _signed_in(person: Any) -> bool:
    return bool(person is not None and getattr(person, "is_authenticated", False))


def is_staff(person: Person | Any) -> bool:
    """Admins and coordinators: the people who keep the whole network's records."""
    return _signed_in(person) and person.role in (Role.ADMIN, Role.COORDINATOR)


def role_required(*roles: Role | str) -> Callable[[F], F]:
    """Decorate a view so only signed-in people with one of ``roles`` reach it.

    Anonymous visitors are redirected to the login page with ``next`` set to the
    current path; signed-in people with another role get 403. With no roles given,
    any signed-in, active person may pass.
    """
    allowed = {str(r) for r in roles}

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
            if allowed and current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def is_host_of(person: Person | Any, member_id: int | None) -> bool:
    """Is ``person`` a host of the organisation ``member_id`` (staff or not)?"""
    return (
        _signed_in(person)
        and person.role == Role.HOST
        and person.member_id is not None
        and person.member_id == member_id
    )


def can_manage_member(person: Person | Any, member: Member | None) -> bool:
    """May ``person`` edit ``member`` (its record, chart, events it hosts)?

    Admins and coordinators: any member. Hosts: only their own organisation
    (``person.member_id == member.id``) — not its sub-members or parent network.
    Everyone else (members, anonymous): never.
    """
    if member is None or not _signed_in(person):
        return False
    return is_staff(person) or is_host_of(person, member.id)


def can_manage_venue(person: Person | Any, venue: Venue | None) -> bool:
    """May ``person`` edit ``venue``?

    Admins and coordinators: any venue. Hosts: venues owned by their organisation
    (``venue.owner_member_id == person.member_id``). Everyone else: never.
    """
    if venue is None or not _signed_in(person):
        return False
    return is_staff(person) or is_host_of(person, venue.owner_member_id)


def can_view_people(person: Person | Any) -> bool:
    """May ``person`` open the people administration list (admins and coordinators)."""
    return is_staff(person)


def assignable_roles(person: Person | Any) -> list[str]:
    """The roles ``person`` may hand out: admins any, coordinators up to host."""
    if not _signed_in(person):
        return []
    if person.role == Role.ADMIN:
        return [r.value for r in Role]
    if person.role == Role.COORDINATOR:
        return [Role.HOST.value, Role.MEMBER.value]
    return []


def can_edit_person(actor: Person | Any, target: Person) -> bool:
    """May ``actor`` change ``target``'s role, organisation or active flag?

    Admins may edit anyone but themselves (so the last admin cannot lock themselves
    out by accident). Coordinators may edit only hosts and members.
    """
    if not _signed_in(actor) or actor.id == target.id:
        return False
    if actor.role == Role.ADMIN:
        return True
    if actor.role == Role.COORDINATOR:
        return ROLE_RANK.get(target.role, 0) <= ROLE_RANK[Role.HOST.value]
    return False
