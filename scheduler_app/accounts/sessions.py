"""Sessions that end when they should: the session id carries a version the person's
row keeps, checked on every request by Flask-Login's user loader."""

from __future__ import annotations

from scheduler_app.accounts.models import Person
from scheduler_app.extensions import db


def parse_session_id(user_id: str) -> tuple[int, int] | None:
    """(person id, session version) from ``"<id>"`` or ``"<id>:<version>"``; None if bad."""
    parts = user_id.split(":")
    if len(parts) > 2 or not all(_is_small_number(p) for p in parts):
        return None
    return int(parts[0]), int(parts[1]) if len(parts) == 2 else 0


def _is_small_number(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 10


def load_session_person(user_id: str) -> Person | None:
    """The signed-in person, if the session is still theirs: active, and of the current
    session version (older versions ended at log-out, password change, reset or
    deactivation)."""
    parsed = parse_session_id(user_id)
    if parsed is None:
        return None
    person = db.session.get(Person, parsed[0])
    if person is None or not person.is_active_account or not person.is_email_confirmed:
        return None
    if person.session_version != parsed[1]:
        return None
    return person


def end_all_sessions(person: Person) -> None:
    """End every session and remember-me cookie of ``person`` (the caller commits)."""
    person.session_version = (person.session_version or 0) + 1
