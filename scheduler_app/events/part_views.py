"""What the views of every kind's parts share: find the event of the right kind and one
of its parts (managers only), the edit page, the save tail and the move tail."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any, Protocol, TypeVar

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from scheduler_app.core import events_time
from scheduler_app.events import kinds
from scheduler_app.events.forms import ActionForm
from scheduler_app.events.models import Event, EventKind
from scheduler_app.events.operations import EventError
from scheduler_app.events.permissions import require_manage
from scheduler_app.extensions import db, utcnow
from scheduler_app.web import submit


class HasEvent(Protocol):
    event_id: int


Part = TypeVar("Part", bound=HasEvent)

MOVE = "/move/<any(up, down):direction>"


def event_of_kind(event_id: int, kind: EventKind) -> Event:
    """The event, or 404 when it is missing or of another kind."""
    event = db.get_or_404(Event, event_id)
    if event.kind != kind:
        abort(404)
    return event


def managed_event(event_id: int, kind: EventKind) -> Event:
    """The event of ``kind``, which the current person must manage."""
    event = event_of_kind(event_id, kind)
    require_manage(event)
    return event


def managed_part(event_id: int, kind: EventKind, model: type[Part], part_id: int) -> Part:
    """One part of a managed event (404 when it belongs to another event)."""
    event = managed_event(event_id, kind)
    part = db.get_or_404(model, part_id)
    if part.event_id != event.id:
        abort(404)
    return part


def local_day_time(value: datetime | None, event: Event) -> tuple[date | None, time | None]:
    """A stored UTC moment as the day and the clock time in the event's zone, for an edit
    form's date and time fields (both None when nothing is stored)."""
    if value is None:
        return None, None
    moment = events_time.utc_to_local(value, event.timezone)
    return moment.date(), moment.time()


def back_to_list(event: Event) -> str:
    endpoint = kinds.spec_of(event).parts_endpoint or "events.show"
    return url_for(endpoint, event_id=event.id)


def on_get(values: dict[str, Any]) -> dict[str, Any] | None:
    """Prefill a form from the stored values on GET; a POST is read from the request only."""
    return values if request.method == "GET" else None


def parts_page(template: str, event: Event, **forms: Any) -> str:
    """A kind's list of parts with its add form(s)."""
    return render_template(template, event=event, action_form=ActionForm(), now=utcnow(), **forms)


def save_part(
    form: Any, event: Event, heading: str, saved: str, apply: Callable[[], object]
) -> Response | tuple[str, int]:
    """The tail every part-edit view shares: the edit page, then back to the list."""

    def page() -> str:
        return render_template(
            "events/part_edit.html", form=form, event=event, heading=heading,
            back=back_to_list(event),
        )  # fmt: skip

    return submit(form, page, apply, then=back_to_list(event), saved=saved)


def saved_and_back(event: Event, message: str) -> Response:
    db.session.commit()
    flash(message, "success")
    return redirect(back_to_list(event))


def move_part(
    event: Event,
    change: Callable[..., None],
    list_page: Callable[[Event], str],
    *args: Any,
    saved: str | None = None,
) -> Response | tuple[str, int]:
    """Apply a move (or a removal); a refusal shows the kind's list page with the reason."""
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        change(event, *args, utcnow())
    except EventError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return list_page(event), 400
    return saved_and_back(event, saved or _("The order is saved."))


def remove_part(
    event: Event,
    change: Callable[..., None],
    list_page: Callable[[Event], str],
    part: Any,
    *,
    what: str,
    losses: list[str],
    saved: str,
    undo: str | None = None,
) -> Response | tuple[str, int]:
    """Removing a part asks first: a GET shows what goes (``what``) and what is lost with
    it (``losses``, e.g. "12 attendance records"); the POST (CSRF) removes it. ``undo``
    says on the page that an undo will be offered."""
    if request.method == "GET":
        page = render_template(
            "events/confirm_remove.html", event=event, what=what, losses=losses, undo=undo,
            action_form=ActionForm(), back=back_to_list(event),
        )  # fmt: skip
        return page, 200
    return move_part(event, change, list_page, part, saved=saved)
