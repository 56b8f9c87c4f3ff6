"""Sessions that end when they should: the session id carries a version the person's
row keeps, checked on every request by Flask-Login's user loader.

The loader reads the person in one query that also brings what every signed-in page's
layout needs: the current privacy notice version and the version the person last
answered (the "our privacy notice has changed" banner), so a signed-in page pays one
layout query, not three (issue 16). Both come from the database on every request: a new
notice shows at once, in every process.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import has_request_context, request

from scheduler_app.accounts.models import Person
from scheduler_app.accounts.privacy_models import ConsentRecord, PrivacyNotice, Purpose
from scheduler_app.extensions import db


@dataclass(frozen=True, slots=True)
class NoticeState:
    """The privacy notice as the signed-in person stands with it, read with the person."""

    person_id: int
    current_version: int  # 0: no notice published yet
    answered_version: int | None  # the notice version of their latest account answer

    @property
    def needs_reading(self) -> bool:
        """A newer notice was published since the person last answered (as
        ``notices.needs_to_read_notice``)."""
        if self.current_version == 0:
            return False
        return self.answered_version is None or self.answered_version < self.current_version


_CURRENT_NOTICE = sa.select(sa.func.max(PrivacyNotice.version)).scalar_subquery()
_ANSWERED_NOTICE = (
    sa.select(ConsentRecord.notice_version)
    .where(ConsentRecord.person_id == Person.id, ConsentRecord.purpose == Purpose.ACCOUNT.value)
    .order_by(ConsentRecord.recorded_at.desc(), ConsentRecord.id.desc())
    .limit(1)
    .correlate(Person)
    .scalar_subquery()
)


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
    return load_session(user_id)[0]


def load_session(user_id: str) -> tuple[Person | None, NoticeState | None]:
    """``load_session_person`` and the person's ``NoticeState``, in one query."""
    parsed = parse_session_id(user_id)
    if parsed is None:
        return None, None
    row = db.session.execute(
        sa.select(Person, _CURRENT_NOTICE, _ANSWERED_NOTICE).where(Person.id == parsed[0])
    ).first()
    if row is None:
        return None, None
    person, current, answered = row
    if not person.is_active_account or not person.is_email_confirmed:
        return None, None
    if person.session_version != parsed[1]:
        return None, None
    return person, NoticeState(person.id, int(current or 0), answered)


# Where the user loader leaves this request's NoticeState: the request's WSGI environ,
# so it lives exactly as long as the request (``g`` outlives it in tests).
_NOTICE_STATE = "ruamjai.notice_state"


def load_user(user_id: str) -> Person | None:
    """Flask-Login's user loader: the person, with their ``NoticeState`` kept for this
    request's layout (``notice_state``)."""
    person, state = load_session(user_id)
    if state is not None and has_request_context():
        request.environ[_NOTICE_STATE] = state
    return person


def notice_state(person_id: int) -> NoticeState | None:
    """The ``NoticeState`` the user loader read for ``person_id`` in this request; None
    when it did not run (the person signed in during this request)."""
    state = request.environ.get(_NOTICE_STATE) if has_request_context() else None
    return state if isinstance(state, NoticeState) and state.person_id == person_id else None


def end_all_sessions(person: Person) -> None:
    """End every session and remember-me cookie of ``person`` (the caller commits)."""
    person.session_version = (person.session_version or 0) + 1
