"""Hosts' tools: registrations list, CSV export, printable sign-in sheet, check-in."""

from __future__ import annotations

import csv
import io

from flask import Response as FlaskResponse
from flask import (
    abort,
    flash,
    get_template_attribute,
    jsonify,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from scheduler_app.core import events_time, thaidate
from scheduler_app.events import queries
from scheduler_app.events.blueprint import bp
from scheduler_app.events.door import door_matches, door_query, wants_json
from scheduler_app.events.forms import ActionForm
from scheduler_app.events.labels import REGISTRATION_LABELS
from scheduler_app.events.models import Event, Registration
from scheduler_app.events.models import RegistrationStatus as RS
from scheduler_app.events.permissions import require_manage
from scheduler_app.events.registration.operations import (
    RegistrationError,
    check_in,
    undo_check_in,
)
from scheduler_app.extensions import db, utcnow
from scheduler_app.i18n import current_locale


@bp.get("/<int:event_id>/registrations")
def registrations(event_id: int) -> str:
    """Who is coming, who is waiting, who has arrived: the door check-in list."""
    event = db.get_or_404(Event, event_id)
    require_manage(event)
    everyone = queries.registrations_for(event)
    q = door_query()
    confirmed = [r for r in everyone if r.status == RS.CONFIRMED.value]
    return render_template(
        "events/registration/registrations.html",
        event=event,
        registrations=everyone,
        shown=door_matches(everyone, q, current_locale()),
        total=len(everyone),
        confirmed=len(confirmed),
        checked_in=sum(1 for r in confirmed if r.checked_in_at),
        q=q,
        action_form=ActionForm(),
    )


def _safe_cell(value: str) -> str:
    """Stop spreadsheet programs from running text as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@bp.get("/<int:event_id>/registrations.csv")
def registrations_csv(event_id: int) -> FlaskResponse:
    """UTF-8 with a BOM so spreadsheet programs show Thai."""
    event = db.get_or_404(Event, event_id)
    require_manage(event)
    locale = current_locale()
    zone = events_time.zone(event.timezone)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [_("Name"), _("Organisation"), _("Position"), _("E-mail"), _("Status"),
         _("Waitlist position"), _("Checked in")]
    )  # fmt: skip
    for r in queries.registrations_for(event):
        person = r.person
        writer.writerow(
            [
                _safe_cell(person.display_name),
                _safe_cell(person.member.display_name(locale) if person.member else ""),
                _safe_cell(person.position),
                _safe_cell(person.email or ""),
                str(REGISTRATION_LABELS.get(r.status, r.status)),
                r.waitlist_position if r.status == RS.WAITLISTED.value else "",
                thaidate.format_sheet_datetime(r.checked_in_at, zone, locale)
                if r.checked_in_at
                else "",
            ]
        )
    body = "\ufeff" + out.getvalue()
    response = FlaskResponse(body.encode("utf-8"), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="event-{event.id}-registrations.csv"'
    )
    return response


@bp.get("/<int:event_id>/sign-in-sheet")
def sign_in_sheet(event_id: int) -> str:
    """ใบลงทะเบียน: a printable sheet with a signature column."""
    event = db.get_or_404(Event, event_id)
    require_manage(event)
    confirmed = queries.confirmed_registrations(event)
    return render_template(
        "events/registration/sign_in_sheet.html", event=event, registrations=confirmed
    )


@bp.post("/<int:event_id>/registrations/<int:registration_id>/check-in")
def toggle_check_in(event_id: int, registration_id: int) -> Response | tuple[Response, int]:
    """Mark a participant as arrived, or undo it. door.js gets the person's new check-in
    cell as JSON; without JavaScript the door list comes back at the same card and search."""
    event = db.get_or_404(Event, event_id)
    require_manage(event)
    registration = db.get_or_404(Registration, registration_id)
    if registration.event_id != event.id:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    q = door_query()
    back = url_for(
        "events.registrations", event_id=event.id, q=q or None, _anchor=f"r-{registration.id}"
    )
    try:
        if registration.checked_in_at:
            undo_check_in(registration)
        else:
            check_in(registration, utcnow())
    except RegistrationError as exc:
        db.session.rollback()
        if wants_json():
            return jsonify(error=str(exc)), 409
        flash(str(exc), "error")
        return redirect(back)
    db.session.commit()
    if wants_json():
        cell = get_template_attribute("events/registration/_door.html", "check_in_cell")
        confirmed = queries.confirmed_registrations(event)
        return jsonify(
            checked_in=registration.checked_in_at is not None,
            html=str(cell(event, registration, ActionForm(), q)),
            tally=_(
                "Checked in: %(done)s of %(confirmed)s confirmed",
                done=sum(1 for r in confirmed if r.checked_in_at),
                confirmed=len(confirmed),
            ),
        )
    return redirect(back)
