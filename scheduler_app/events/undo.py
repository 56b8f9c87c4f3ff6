"""A cheap undo for the last removal (a programme line, a cancelled registration): what
was removed is kept for a few minutes in the signed session cookie of the person who
removed it, and the page it came from offers an "undo" button while it lasts."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import abort, flash, redirect, session
from flask_babel import gettext as _

from scheduler_app.events.forms import ActionForm

UNDO_MINUTES = 10
_KEY = "events_undo"


def remember(what: str, event_id: int, now: datetime, **data: Any) -> None:
    """Keep what ``what`` needs to undo the removal just made on ``event_id``."""
    session[_KEY] = {"what": what, "event_id": event_id, "at": now.isoformat(), **data}


def pending(what: str, event_id: int, now: datetime) -> dict[str, Any] | None:
    """The undo still on offer for this kind of removal on this event, if any."""
    kept = session.get(_KEY)
    if not isinstance(kept, dict) or kept.get("what") != what or kept.get("event_id") != event_id:
        return None
    try:
        at = datetime.fromisoformat(str(kept.get("at")))
    except ValueError:
        return None
    if not at <= now < at + timedelta(minutes=UNDO_MINUTES):
        return None
    return kept


def take(what: str, event_id: int, now: datetime) -> dict[str, Any] | None:
    """Like ``pending``, and the offer is used up."""
    kept = pending(what, event_id, now)
    session.pop(_KEY, None)
    return kept


def take_posted(what: str, event_id: int, now: datetime, back: str) -> dict[str, Any]:
    """For an undo button's POST: what was kept. With the offer gone, flash so and answer
    with a redirect to ``back`` instead."""
    if not ActionForm().validate_on_submit():
        abort(400)
    kept = take(what, event_id, now)
    if kept is None:
        flash(_("There is nothing to undo any more."), "error")
        abort(redirect(back))
    return kept
