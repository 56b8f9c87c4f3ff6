"""Routes that edit, move and remove what hosts added to an event: rally stops, training
sessions and study-visit programme lines."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from scheduler_app.core import events_time
from scheduler_app.events import kind_edits
from scheduler_app.events.blueprint import bp
from scheduler_app.events.forms import ActionForm
from scheduler_app.events.kind_forms import ProgrammeItemForm, SeriesForm, SessionForm
from scheduler_app.events.kind_models import ProgrammeItem, RallyStop, TrainingSession
from scheduler_app.events.kind_views import _event_of_kind, _fail, _stop_form
from scheduler_app.events.models import Event, EventKind
from scheduler_app.events.permissions import require_manage
from scheduler_app.events.services import EventError
from scheduler_app.extensions import db, utcnow

Part = TypeVar("Part", RallyStop, TrainingSession, ProgrammeItem)
LIST_ENDPOINTS = {
    EventKind.RALLY: "events.stops",
    EventKind.TRAINING: "events.sessions",
    EventKind.STUDY_VISIT: "events.programme",
}
MOVE = "/move/<any(up, down):direction>"


def _managed_part(event_id: int, kind: EventKind, model: type[Part], part_id: int) -> Part:
    """The event (which the current person must manage) and one of its parts."""
    event = _event_of_kind(event_id, kind)
    require_manage(event)
    part = db.get_or_404(model, part_id)
    if part.event_id != event.id:
        abort(404)
    return part


def _local(value: datetime | None, event: Event) -> datetime | None:
    return events_time.utc_to_local(value, event.timezone) if value else None


def _back(event: Event) -> str:
    return url_for(LIST_ENDPOINTS[EventKind(event.kind)], event_id=event.id)


def _on_get(values: dict[str, Any]) -> dict[str, Any] | None:
    """Prefill a form from the stored values on GET; a POST is read from the request only."""
    return values if request.method == "GET" else None


def _edit_page(form: Any, event: Event, heading: str) -> tuple[str, int]:
    status = 400 if request.method == "POST" else 200
    page = render_template(
        "events/part_edit.html", form=form, event=event, heading=heading, back=_back(event)
    )
    return page, status


def _list_page(event: Event) -> tuple[str, int]:
    """The kind's list page again, after a refused move (the reason is flashed)."""
    context: dict[str, Any] = {"event": event, "action_form": ActionForm()}
    if event.kind == EventKind.RALLY:
        return render_template("events/stops.html", form=_stop_form(), **context), 400
    if event.kind == EventKind.TRAINING:
        one, series = SessionForm(prefix="one"), SeriesForm(prefix="series")
        return render_template("events/sessions.html", one=one, series=series, **context), 400
    return render_template("events/programme.html", form=ProgrammeItemForm(), **context), 400


def _save_part(
    form: Any, event: Event, heading: str, saved: str, apply: Callable[[], object]
) -> Response | tuple[str, int]:
    """The tail every part-edit view shares: re-show the form on bad input, apply the
    edit, show a refused edit beside its field, or confirm and go back to the list."""
    if not form.validate_on_submit():
        return _edit_page(form, event, heading)
    try:
        apply()
    except EventError as exc:
        return _fail(exc, form, "events/part_edit.html", event=event, heading=heading,
                     back=_back(event))  # fmt: skip
    return _saved(event, saved)


def _saved(event: Event, message: str) -> Response:
    db.session.commit()
    flash(message, "success")
    return redirect(_back(event))


def _move(event: Event, change: Any, *args: Any) -> Response | tuple[str, int]:
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        change(event, *args, utcnow())
    except EventError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _list_page(event)
    return _saved(event, _("The order is saved."))


# ---- rally stops ---------------------------------------------------------------------


@bp.route("/<int:event_id>/stops/<int:stop_id>/edit", methods=["GET", "POST"])
def edit_stop(event_id: int, stop_id: int) -> Response | tuple[str, int]:
    """Change a stop's name, host, place or times."""
    stop = _managed_part(event_id, EventKind.RALLY, RallyStop, stop_id)
    event = stop.event
    arrive, depart = _local(stop.arrive_at, event), _local(stop.depart_at, event)
    form = _stop_form(
        _on_get(
            {
                "name": stop.name,
                "host_member_id": stop.host_member_id,
                "venue_id": stop.venue_id,
                "latitude": stop.latitude,
                "longitude": stop.longitude,
                "arrive_date": arrive.date() if arrive else None,
                "arrive_time": arrive.time() if arrive else None,
                "depart_time": depart.time() if depart else None,
            }
        )
    )
    return _save_part(
        form, event, _("Edit stop"), _("Stop saved."),
        lambda: kind_edits.edit_stop(event, stop, form.data, utcnow()),
    )  # fmt: skip


@bp.post("/<int:event_id>/stops/<int:stop_id>" + MOVE)
def move_stop(event_id: int, stop_id: int, direction: str) -> Response | tuple[str, int]:
    """Swap a stop with the one before or after it in the route."""
    stop = _managed_part(event_id, EventKind.RALLY, RallyStop, stop_id)
    return _move(stop.event, kind_edits.move_stop, stop, direction)


# ---- training sessions ---------------------------------------------------------------


@bp.route("/<int:event_id>/sessions/<int:session_id>/edit", methods=["GET", "POST"])
def edit_session(event_id: int, session_id: int) -> Response | tuple[str, int]:
    """Change a session's date, times or title."""
    session = _managed_part(event_id, EventKind.TRAINING, TrainingSession, session_id)
    event = session.event
    start, end = _local(session.start_at, event), _local(session.end_at, event)
    form = SessionForm(
        data=_on_get(
            {
                "title": session.title,
                "day": start.date() if start else None,
                "start_time": start.time() if start else None,
                "end_time": end.time() if end else None,
            }
        )
    )
    return _save_part(
        form, event, _("Edit session"), _("Session saved."),
        lambda: kind_edits.edit_session(
            event, session, form.day.data, form.start_time.data, form.end_time.data,
            form.title.data or "", utcnow(),
        ),
    )  # fmt: skip


@bp.post("/<int:event_id>/sessions/<int:session_id>" + MOVE)
def move_session(event_id: int, session_id: int, direction: str) -> Response | tuple[str, int]:
    """Swap a session's title with the session before or after it."""
    session = _managed_part(event_id, EventKind.TRAINING, TrainingSession, session_id)
    return _move(session.event, kind_edits.move_session, session, direction)


# ---- study-visit programme -----------------------------------------------------------


@bp.route("/<int:event_id>/programme/<int:item_id>/edit", methods=["GET", "POST"])
def edit_programme_item(event_id: int, item_id: int) -> Response | tuple[str, int]:
    """Change a programme line's time or wording."""
    item = _managed_part(event_id, EventKind.STUDY_VISIT, ProgrammeItem, item_id)
    event = item.event
    starts = _local(item.starts_at, event)
    form = ProgrammeItemForm(
        data=_on_get(
            {
                "day": starts.date() if starts else None,
                "time": starts.time() if starts else None,
                "title": item.title,
            }
        )
    )
    return _save_part(
        form, event, _("Edit programme item"), _("Programme saved."),
        lambda: kind_edits.edit_programme_item(
            event, item, form.day.data, form.time.data, form.title.data, utcnow()
        ),
    )  # fmt: skip


@bp.post("/<int:event_id>/programme/<int:item_id>" + MOVE)
def move_programme_item(event_id: int, item_id: int, direction: str) -> Response | tuple[str, int]:
    """Swap a programme line's wording with the line before or after it."""
    item = _managed_part(event_id, EventKind.STUDY_VISIT, ProgrammeItem, item_id)
    return _move(item.event, kind_edits.move_programme_item, item, direction)


@bp.post("/<int:event_id>/programme/<int:item_id>/delete")
def delete_programme_item(event_id: int, item_id: int) -> Response | tuple[str, int]:
    """Take a line off the programme."""
    item = _managed_part(event_id, EventKind.STUDY_VISIT, ProgrammeItem, item_id)
    event = item.event
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        kind_edits.remove_programme_item(event, item, utcnow())
    except EventError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _list_page(event)
    return _saved(event, _("Programme saved."))
