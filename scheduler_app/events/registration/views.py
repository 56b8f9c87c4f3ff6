"""Register and un-register (the signed-in person for themself)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from scheduler_app.events.blueprint import bp
from scheduler_app.events.forms import ActionForm
from scheduler_app.events.models import Event, RegistrationStatus
from scheduler_app.events.page import event_page_context
from scheduler_app.events.permissions import require_view
from scheduler_app.events.rally.models import RallyStop
from scheduler_app.events.registration.forms import register_form
from scheduler_app.events.registration.operations import (
    RegistrationError,
    existing_registration,
    register_participant,
    unregister_participant,
)
from scheduler_app.extensions import db, utcnow


def _stop(event: Event, stop_id: int | None) -> RallyStop | None:
    if stop_id is None:
        return None
    stop = db.session.get(RallyStop, stop_id)
    if stop is None or stop.event_id != event.id:
        raise RegistrationError(_("Please choose stops of this rally."))
    return stop


def _log_in_first(event_id: int) -> Response:
    """A signed-out click on register: log in, then back to the event page."""
    return redirect(url_for("accounts.login", next=url_for("events.show", event_id=event_id)))


@bp.post("/<int:event_id>/register")
def register(event_id: int) -> Response | tuple[str, int]:
    """Take a place (or a place on the waitlist)."""
    if not current_user.is_authenticated:
        return _log_in_first(event_id)
    event = db.get_or_404(Event, event_id)
    require_view(event)
    form = register_form(event)
    if not form.validate_on_submit():
        abort(400)
    try:
        from_stop = _stop(event, form.from_stop_id.data)
        to_stop = _stop(event, form.to_stop_id.data)
        registration = register_participant(event, current_user, utcnow(), from_stop, to_stop)
    except RegistrationError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        event = db.get_or_404(Event, event_id)
        page = event_page_context(event, current_user)
        return render_template("events/show.html", **page), 409
    db.session.commit()
    if registration.status == RegistrationStatus.CONFIRMED:
        flash(_("You are registered. See you there!"), "success")
    else:
        flash(
            _(
                "The event is full; you are number %(n)d on the waitlist.",
                n=registration.waitlist_position or 0,
            ),
            "info",
        )
    return redirect(url_for("events.show", event_id=event_id))


@bp.post("/<int:event_id>/unregister")
def unregister(event_id: int) -> Response:
    """Give the place up; the first person waiting gets it at once."""
    if not current_user.is_authenticated:
        return _log_in_first(event_id)
    event = db.get_or_404(Event, event_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    registration = existing_registration(event, current_user)
    if registration is None or not registration.is_active:
        flash(_("You are not registered for this event."), "error")
        return redirect(url_for("events.show", event_id=event_id))
    unregister_participant(registration, utcnow())
    db.session.commit()
    flash(_("Your registration is cancelled."), "success")
    return redirect(url_for("events.show", event_id=event_id))
