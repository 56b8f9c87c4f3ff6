"""Who may do what with venues: the one place the venues blueprint decides.

The rules themselves live in ``scheduler_app.accounts.permissions``; this module adds
the venue-specific ones (create, choose the owner, delete); views stop a request that is
not allowed with ``scheduler_app.web.require``.
"""

from __future__ import annotations

from typing import Any

from scheduler_app.accounts.models import Role
from scheduler_app.accounts.permissions import can_manage_venue, is_staff
from scheduler_app.venues.models import Venue

__all__ = [
    "can_choose_owner",
    "can_create_venue",
    "can_delete_venue",
    "can_edit_venue",
]


def can_create_venue(person: Any) -> bool:
    """Admins and coordinators; hosts who belong to an organisation (it will own the venue)."""
    if is_staff(person):
        return True
    return bool(
        getattr(person, "is_authenticated", False)
        and person.role == Role.HOST
        and person.member_id is not None
    )


def can_edit_venue(person: Any, venue: Venue) -> bool:
    """Admins and coordinators: any venue; hosts: their organisation's venues."""
    return can_manage_venue(person, venue)


def can_choose_owner(person: Any) -> bool:
    """Only admins and coordinators may set or change which member owns a venue."""
    return is_staff(person)


def can_delete_venue(person: Any, venue: Venue) -> bool:
    """Only admins and coordinators delete venues (and only unreferenced ones; see services)."""
    return is_staff(person)
