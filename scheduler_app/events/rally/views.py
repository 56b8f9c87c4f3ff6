"""Rally pages for hosts: the route (add, edit, move, remove stops) and check-in at a stop."""

from __future__ import annotations

from flask import (
    abort,
    get_template_attribute,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from scheduler_app.directory.lookup import member_source
from scheduler_app.events import part_views, queries
from scheduler_app.events.blueprint import bp
from scheduler_app.events.door import door_matches, door_query, wants_json
from scheduler_app.events.forms import ActionForm, select_choices
from scheduler_app.events.models import Event, EventKind, Registration
from scheduler_app.events.rally import operations
from scheduler_app.events.rally.forms import StopForm
from scheduler_app.events.rally.models import RallyStop
from scheduler_app.extensions import db, utcnow
from scheduler_app.i18n import current_locale
from scheduler_app.web import submit


def _stop_form(data: dict[str, object] | None = None, saved_host: int | None = None) -> StopForm:
    """The stop form; ``saved_host`` (the stop's host) stays choosable if it became inactive."""
    form = StopForm(data=data)
    locale = current_locale()
    form.host_member_id.source = member_source(keep=[saved_host] if saved_host else [])
    form.venue_id.choices = select_choices([(0, "—"), *queries.venue_choices(locale)])
    return form


def _route_page(event: Event, form: StopForm | None = None) -> str:
    return part_views.parts_page("events/rally/stops.html", event, form=form or _stop_form())


@bp.route("/<int:event_id>/stops", methods=["GET", "POST"])
def stops(event_id: int) -> Response | tuple[str, int]:
    """Add stops to a rally, in route order."""
    event = part_views.managed_event(event_id, EventKind.RALLY)
    form = _stop_form()
    return submit(
        form, lambda: _route_page(event, form),
        lambda: operations.add_stop(event, form.values(), utcnow()),
        then=url_for("events.stops", event_id=event.id), saved=_("Stop added."),
    )  # fmt: skip


@bp.route("/<int:event_id>/stops/<int:stop_id>/delete", methods=["GET", "POST"])
def delete_stop(event_id: int, stop_id: int) -> Response | tuple[str, int]:
    """Take a stop off the route (the later stops move up), after saying which riders'
    choices and check-ins go with it."""
    stop = part_views.managed_part(event_id, EventKind.RALLY, RallyStop, stop_id)
    riders, check_ins = operations.stop_usage(stop)
    losses = []
    if riders:
        losses.append(_("the join or leave stop of %(n)d riders", n=riders))
    if check_ins:
        losses.append(_("%(n)d check-ins at this stop", n=check_ins))
    what = _("Stop %(n)d: %(name)s", n=stop.position, name=stop.name)
    return part_views.remove_part(
        stop.event, operations.remove_stop, _route_page, stop,
        what=what, losses=losses, saved=_("Stop removed."),
    )  # fmt: skip


@bp.route("/<int:event_id>/stops/<int:stop_id>/check-in", methods=["GET", "POST"])
def stop_check_in(event_id: int, stop_id: int) -> Response | str | tuple[Response, int]:
    """Check riders in at one stop: one card per rider on a phone, a search box, and a
    check-in that stays on the page (door.js) or comes back to the same card."""
    stop = part_views.managed_part(event_id, EventKind.RALLY, RallyStop, stop_id)
    event = stop.event
    q = door_query()
    if request.method == "POST":
        if not ActionForm().validate_on_submit():
            abort(400)
        registration_id = request.form.get("registration_id", type=int)
        if registration_id is None:
            abort(400)
        registration = db.get_or_404(Registration, registration_id)
        if registration.event_id != event.id:
            abort(404)
        operations.check_in_at_stop(registration, stop, utcnow())
        db.session.commit()
        if wants_json():
            cell = get_template_attribute("events/registration/_door.html", "stop_cell")
            riders = queries.confirmed_registrations(event)
            checked = operations.stop_check_ins(stop)
            return jsonify(
                checked_in=True,
                html=str(cell(event, stop, registration, True, ActionForm(), q)),
                tally=_(
                    "Checked in at this stop: %(done)s of %(riders)s riders",
                    done=sum(1 for r in riders if r.id in checked), riders=len(riders),
                ),
            )  # fmt: skip
        return redirect(
            url_for(
                "events.stop_check_in", event_id=event.id, stop_id=stop.id,
                q=q or None, _anchor=f"r-{registration.id}",
            )
        )  # fmt: skip
    riders = queries.confirmed_registrations(event)
    checked = operations.stop_check_ins(stop)
    return render_template(
        "events/rally/check_in.html",
        event=event,
        stop=stop,
        riders=riders,
        shown=door_matches(riders, q, current_locale()),
        total=len(riders),
        checked_in=sum(1 for r in riders if r.id in checked),
        checked=checked,
        q=q,
        action_form=ActionForm(),
    )


@bp.route("/<int:event_id>/stops/<int:stop_id>/edit", methods=["GET", "POST"])
def edit_stop(event_id: int, stop_id: int) -> Response | tuple[str, int]:
    """Change a stop's name, host, place or times."""
    stop = part_views.managed_part(event_id, EventKind.RALLY, RallyStop, stop_id)
    event = stop.event
    arrive_date, arrive_time = part_views.local_day_time(stop.arrive_at, event)
    _day, depart_time = part_views.local_day_time(stop.depart_at, event)
    form = _stop_form(
        part_views.on_get(
            {
                "name": stop.name,
                "host_member_id": stop.host_member_id,
                "venue_id": stop.venue_id,
                "latitude": stop.latitude,
                "longitude": stop.longitude,
                "arrive_date": arrive_date,
                "arrive_time": arrive_time,
                "depart_time": depart_time,
            }
        ),
        saved_host=stop.host_member_id,
    )
    return part_views.save_part(
        form, event, _("Edit stop"), _("Stop saved."),
        lambda: operations.edit_stop(event, stop, form.values(), utcnow()),
    )  # fmt: skip


@bp.post("/<int:event_id>/stops/<int:stop_id>" + part_views.MOVE)
def move_stop(event_id: int, stop_id: int, direction: str) -> Response | tuple[str, int]:
    """Swap a stop with the one before or after it in the route."""
    stop = part_views.managed_part(event_id, EventKind.RALLY, RallyStop, stop_id)
    return part_views.move_part(stop.event, operations.move_stop, _route_page, stop, direction)
