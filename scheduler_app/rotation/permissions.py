"""Who may do what with rotation series: the one place the rotation blueprint decides.

Coordinators and admins set up series, plan, and override; admins edit the holiday
list. Whoever answers for the member proposed for a term (``directory.contacts``: its
host accounts, else its organisation-chart people) confirms, declines or swaps it;
coordinators may answer for them. Series pages are public: a fair rotation is one
everyone can see.
"""

from __future__ import annotations

from typing import Any

from scheduler_app.accounts.models import Role
from scheduler_app.accounts.permissions import is_staff
from scheduler_app.directory.contacts import responsible_people
from scheduler_app.directory.models import Member
from scheduler_app.extensions import db
from scheduler_app.rotation.models import RotationAssignment


def can_manage_series(person: Any) -> bool:
    """Create and edit series, plan, override: admins and coordinators."""
    return is_staff(person)


def can_manage_holidays(person: Any) -> bool:
    """Add or hide public holidays: admins."""
    return bool(getattr(person, "is_authenticated", False) and person.role == Role.ADMIN)


def can_answer_for(person: Any, member_id: int) -> bool:
    """Speak for a member in the rotation: whoever answers for it, or staff."""
    if is_staff(person):
        return True
    if not getattr(person, "is_authenticated", False) or person.member_id != member_id:
        return False
    member = db.session.get(Member, member_id)
    return member is not None and any(p.id == person.id for p in responsible_people(member))


def can_answer(person: Any, row: RotationAssignment) -> bool:
    """Confirm, decline, or ask to swap this term."""
    return can_answer_for(person, row.member_id)
