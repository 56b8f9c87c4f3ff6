"""Register and un-register (the signed-in person for themself)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from scheduler_app.events import queries, undo
from scheduler_app.events.blueprint import bp
from scheduler_app.events.forms import ActionForm
from scheduler_app.events.models import Event, Registration, RegistrationStatus
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


def _viewable_event(event_id: int) -> Event:
    """The event the signed-in person acts on for themself. A signed-out click (on
    register, say) goes to log in first, then back to the event page."""
    if not current_user.is_authenticated:
        abort(redirect(url_for("accounts.login", next=url_for("events.show", event_id=event_id))))
    event = db.get_or_404(Event, event_id)
    require_view(event)
    return event


@bp.post("/<int:event_id>/register")
def register(event_id: int) -> Response | tuple[str, int]:
    """Take a place (or a place on the waitlist)."""
    event = _viewable_event(event_id)
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


def _what_is_lost(event: Event, registration: Registration) -> list[str]:
    """What cancelling gives up, in the person's words."""
    waiting = queries.registration_counts(event.id).get(RegistrationStatus.WAITLISTED.value, 0)
    if registration.status == RegistrationStatus.CONFIRMED:
        losses = [
            _("your confirmed place; the first of %(n)d people waiting takes it at once", n=waiting)
            if waiting
            else _("your confirmed place")
        ]
    else:
        losses = [
            _("your place in the queue (number %(n)d)", n=registration.waitlist_position or 0)
        ]
    stops = [s for s in (registration.from_stop, registration.to_stop) if s is not None]
    if stops:
        names = " → ".join(s.name for s in stops)
        losses.append(_("the stops you chose: %(stops)s", stops=names))
    return losses


@bp.route("/<int:event_id>/unregister", methods=["GET", "POST"])
def unregister(event_id: int) -> Response | tuple[str, int]:
    """Give the place up, after saying what goes with it; the first person waiting gets it
    at once. An undo is offered for a while."""
    event = _viewable_event(event_id)
    registration = existing_registration(event, current_user)
    if registration is None or not registration.is_active:
        flash(_("You are not registered for this event."), "error")
        return redirect(url_for("events.show", event_id=event_id))
    if request.method == "GET":
        page = render_template(
            "events/confirm_remove.html", event=event, heading=_("Cancel your registration?"),
            confirm_label=_("Yes, cancel my registration"), what=event.title,
            losses=_what_is_lost(event, registration), action_form=ActionForm(),
            undo=_("You can undo this for %(n)d minutes if your place is still free.",
                   n=undo.UNDO_MINUTES),
            back=url_for("events.show", event_id=event.id),
        )  # fmt: skip
        return page, 200
    if not ActionForm().validate_on_submit():
        abort(400)
    now = utcnow()
    undo.remember(
        "registration", event.id, now, was=registration.status,
        from_stop_id=registration.from_stop_id, to_stop_id=registration.to_stop_id,
    )  # fmt: skip
    unregister_participant(registration, now)
    db.session.commit()
    flash(_("Your registration is cancelled."), "success")
    return redirect(url_for("events.show", event_id=event_id))


@bp.post("/<int:event_id>/unregister/undo")
def undo_unregister(event_id: int) -> Response | tuple[str, int]:
    """Take the place back, while the undo lasts and the place is still free."""
    event = _viewable_event(event_id)
    now = utcnow()
    kept = undo.take_posted(
        "registration", event.id, now, url_for("events.show", event_id=event_id)
    )
    if kept.get("was") == RegistrationStatus.CONFIRMED.value and event.seats_left == 0:
        flash(
            _("Your place has been taken by someone who was waiting. You can join the waitlist."),
            "error",
        )
        return redirect(url_for("events.show", event_id=event_id))
    try:
        from_stop = _stop(event, kept.get("from_stop_id"))
        to_stop = _stop(event, kept.get("to_stop_id"))
        registration = register_participant(event, current_user, now, from_stop, to_stop)
    except RegistrationError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("events.show", event_id=event_id))
    db.session.commit()
    if registration.status == RegistrationStatus.CONFIRMED:
        flash(_("You are registered again."), "success")
    else:
        flash(
            _("You are back on the waitlist, number %(n)d.", n=registration.waitlist_position or 0),
            "info",
        )
    return redirect(url_for("events.show", event_id=event_id))
