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


def door_matches(registrations: list[Registration], q: str, locale: str) -> set[int]:
    """Ids of the registrations whose name, organisation or position match the door
    search. Pages list everyone and hide the rest, so typing in door.js can bring them
    back without asking the server again."""
    return {
        r.id
        for r in registrations
        if text.matches(
            q,
            r.person.display_name,
            r.person.member.display_name(locale) if r.person.member else "",
            r.person.position,
        )
    }
