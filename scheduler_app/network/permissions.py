"""Who sees and does what in the network pages, on the account rules of
``scheduler_app.accounts.permissions``."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, request, url_for
from flask_login import current_user

from scheduler_app.accounts.permissions import is_host_of, is_staff


def can_see_network(person: Any) -> bool:
    """Every signed-in person sees the picture and their own organisation's measures."""
    return bool(person is not None and getattr(person, "is_authenticated", False))


def can_see_health(person: Any) -> bool:
    """The health page, suggestions, exports and recompute: coordinators and admins."""
    return is_staff(person)


def can_introduce(person: Any, middle_member_id: int | None) -> bool:
    """Coordinators introduce anyone; a host introduces the two members its own
    organisation is tied to (it is the member in the middle of the open triangle)."""
    return is_staff(person) or (
        middle_member_id is not None and is_host_of(person, middle_member_id)
    )


def require(allowed: bool) -> None:
    """Anonymous visitors go to the login page; signed-in people get 403."""
    if allowed:
        return
    if not current_user.is_authenticated:
        abort(redirect(url_for("accounts.login", next=request.full_path.rstrip("?"))))
    abort(403)
