"""The door check-in lists (registrations, a rally stop): the search and how a check-in
answers, shared by the registration and rally pages."""

from __future__ import annotations

from flask import request

from scheduler_app.core import text
from scheduler_app.events.models import Registration


def door_query() -> str:
    """The door search (``?q=`` or the ``q`` a check-in form carries back), normalised."""
    return text.normalise_query(request.values.get("q", ""))


def wants_json() -> bool:
    """door.js asks for JSON; a plain form post (no JavaScript) gets a redirect."""
    return request.accept_mimetypes.best == "application/json"


def door_list(registrations: list[Registration], q: str, locale: str) -> list[Registration]:
    """The registrations whose name, organisation or position match the door search."""
    return [
        r
        for r in registrations
        if text.matches(
            q,
            r.person.display_name,
            r.person.member.display_name(locale) if r.person.member else "",
            r.person.position,
        )
    ]
