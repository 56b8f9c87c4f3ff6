"""Who may do what with rotation series: the one place the rotation blueprint decides.

Coordinators and admins set up series, plan, and override. The hosts (role host) of the
member proposed for a term confirm, decline or swap it; coordinators may answer for them.
Series pages are public: a fair rotation is one everyone can see.
"""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, request, url_for
from flask_login import current_user

from scheduler_app.accounts.models import Role
from scheduler_app.accounts.permissions import is_staff
from scheduler_app.rotation.models import RotationAssignment


def can_manage_series(person: Any) -> bool:
    """Create and edit series, plan, override: admins and coordinators."""
    return is_staff(person)


def can_answer_for(person: Any, member_id: int) -> bool:
    """Speak for a member in the rotation: its hosts, or staff."""
    if is_staff(person):
        return True
    return bool(
        getattr(person, "is_authenticated", False)
        and person.role == Role.HOST
        and person.member_id is not None
        and person.member_id == member_id
    )


def can_answer(person: Any, row: RotationAssignment) -> bool:
    """Confirm, decline, or ask to swap this term."""
    return can_answer_for(person, row.member_id)


def ensure(allowed: bool) -> None:
    """Stop the request unless ``allowed``: anonymous people go to log in, others get 403."""
    if allowed:
        return
    if not current_user.is_authenticated:
        abort(redirect(url_for("accounts.login", next=request.full_path.rstrip("?"))))
    abort(403)
