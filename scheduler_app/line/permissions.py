"""Who may do what with LINE: people manage their own link and choices; the quota page
is for coordinators and admins."""

from __future__ import annotations

from typing import Any

from scheduler_app.accounts.permissions import is_staff


def signed_in(person: Any) -> bool:
    return bool(getattr(person, "is_authenticated", False))


def can_see_quota(person: Any) -> bool:
    return signed_in(person) and is_staff(person)
