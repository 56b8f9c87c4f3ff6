"""Routes for the parts of each kind: rally stops, training sessions, roll-call,
certificates, study-visit programme and learning reports."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from scheduler_app.accounts.models import Person
from scheduler_app.core import sessions as sessions_core
from scheduler_app.events import kind_services, queries
from scheduler_app.events.blueprint import bp
from scheduler_app.events.forms import ActionForm, select_choices
from scheduler_app.events.kind_forms import (
    ProgrammeItemForm,
    ReportForm,
    SeriesForm,
    SessionForm,
    StopForm,
)
from scheduler_app.events.kind_models import RallyStop, TrainingSession
from scheduler_app.events.models import Event, EventKind, Registration
from scheduler_app.events.permissions import (
    can_file_report,
    can_manage_event,
    login_redirect,
    require,
    require_manage,
    require_view,
)
from scheduler_app.events.services import EventError
from scheduler_app.extensions import db, utcnow
from scheduler_app.i18n import current_locale


def _event_of_kind(event_id: int, kind: EventKind) -> Event:
    event = db.get_or_404(Event, event_id)
    if event.kind != kind:
        abort(404)
    return event


def _fail(exc: EventError, form: Any, template: str, **context: Any) -> tuple[str, int]:
    db.session.rollback()
    target = getattr(form, exc.field, None) if exc.field else None
    if target is not None:
        target.errors = [*target.errors, exc.message]
    else:
        flash(str(exc), "error")
    return render_template(template, form=form, **context), 400


# ---- rally ---------------------------------------------------------------------------


def _stop_form(data: dict[str, Any] | None = None) -> StopForm:
    form = StopForm(data=data)
    locale = current_locale()
    form.host_member_id.choices = select_choices([(0, "—"), *queries.member_choices(locale)])
    form.venue_id.choices = select_choices([(0, "—"), *queries.venue_choices(locale)])
    return form


@bp.route("/<int:event_id>/stops", methods=["GET", "POST"])
def stops(event_id: int) -> Response | tuple[str, int]:
    """Add stops to a rally, in route order."""
    event = _event_of_kind(event_id, EventKind.RALLY)
    require_manage(event)
    form = _stop_form()
    context = {"event": event, "action_form": ActionForm()}
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("events/stops.html", form=form, **context), status
    try:
        kind_services.add_stop(event, form.data, utcnow())
    except EventError as exc:
        return _fail(exc, form, "events/stops.html", **context)
    db.session.commit()
    flash(_("Stop added."), "success")
    return redirect(url_for("events.stops", event_id=event.id))


@bp.post("/<int:event_id>/stops/<int:stop_id>/delete")
def delete_stop(event_id: int, stop_id: int) -> Response:
    event = _event_of_kind(event_id, EventKind.RALLY)
    require_manage(event)
    stop = db.get_or_404(RallyStop, stop_id)
    if stop.event_id != event.id or not ActionForm().validate_on_submit():
        abort(404)
    try:
        kind_services.remove_stop(event, stop, utcnow())
    except EventError as exc:
        flash(str(exc), "error")
        return redirect(url_for("events.stops", event_id=event.id))
    db.session.commit()
    return redirect(url_for("events.stops", event_id=event.id))


@bp.route("/<int:event_id>/stops/<int:stop_id>/check-in", methods=["GET", "POST"])
def stop_check_in(event_id: int, stop_id: int) -> Response | str:
    """Check riders in at one stop."""
    event = _event_of_kind(event_id, EventKind.RALLY)
    require_manage(event)
    stop = db.get_or_404(RallyStop, stop_id)
    if stop.event_id != event.id:
        abort(404)
    if request.method == "POST":
        if not ActionForm().validate_on_submit():
            abort(400)
        registration_id = request.form.get("registration_id", type=int)
        if registration_id is None:
            abort(400)
        registration = db.get_or_404(Registration, registration_id)
        if registration.event_id != event.id:
            abort(404)
        kind_services.check_in_at_stop(registration, stop, utcnow())
        db.session.commit()
        return redirect(url_for("events.stop_check_in", event_id=event.id, stop_id=stop.id))
    return render_template(
        "events/stop_check_in.html",
        event=event,
        stop=stop,
        riders=kind_services.enrolled(event),
        checked=kind_services.stop_check_ins(stop),
        action_form=ActionForm(),
    )


# ---- training ------------------------------------------------------------------------


def _parse_dates(text: str) -> list[date] | None:
    try:
        return [date.fromisoformat(part.strip()) for part in text.split(",") if part.strip()]
    except ValueError:
        return None


@bp.route("/<int:event_id>/sessions", methods=["GET", "POST"])
def sessions(event_id: int) -> Response | tuple[str, int]:
    """Add one session, or generate a weekly / fortnightly series."""
    event = _event_of_kind(event_id, EventKind.TRAINING)
    require_manage(event)
    one, series = SessionForm(prefix="one"), SeriesForm(prefix="series")
    context = {"event": event, "one": one, "series": series, "action_form": ActionForm()}
    which = request.form.get("which")
    form = series if which == "series" else one
    if request.method == "GET" or not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("events/sessions.html", **context), status
    try:
        if form is series:
            exceptions = _parse_dates(series.exceptions.data or "")
            if exceptions is None:
                series.exceptions.errors = [_("Please write dates as YYYY-MM-DD.")]
                return render_template("events/sessions.html", **context), 400
            kind_services.generate_sessions(
                event, series.day.data, series.start_time.data, series.end_time.data,
                every_weeks=int(series.every_weeks.data), count=series.count.data,
                exceptions=exceptions, title=series.title.data or "", now=utcnow(),
            )  # fmt: skip
        else:
            kind_services.add_session(
                event, one.day.data, one.start_time.data, one.end_time.data,
                one.title.data or "", utcnow(),
            )  # fmt: skip
    except EventError as exc:
        db.session.rollback()
        form.day.errors = [*form.day.errors, exc.message]
        return render_template("events/sessions.html", **context), 400
    db.session.commit()
    flash(_("Sessions saved."), "success")
    return redirect(url_for("events.sessions", event_id=event.id))


@bp.post("/<int:event_id>/sessions/<int:session_id>/delete")
def delete_session(event_id: int, session_id: int) -> Response:
    event = _event_of_kind(event_id, EventKind.TRAINING)
    require_manage(event)
    session = db.get_or_404(TrainingSession, session_id)
    if session.event_id != event.id or not ActionForm().validate_on_submit():
        abort(404)
    try:
        kind_services.remove_session(event, session, utcnow())
    except EventError as exc:
        flash(str(exc), "error")
        return redirect(url_for("events.sessions", event_id=event.id))
    db.session.commit()
    return redirect(url_for("events.sessions", event_id=event.id))


@bp.route("/<int:event_id>/sessions/<int:session_id>/roll-call", methods=["GET", "POST"])
def roll_call(event_id: int, session_id: int) -> Response | str:
    """Tick who is present at one session."""
    event = _event_of_kind(event_id, EventKind.TRAINING)
    require_manage(event)
    session = db.get_or_404(TrainingSession, session_id)
    if session.event_id != event.id:
        abort(404)
    students = kind_services.enrolled(event)
    if request.method == "POST":
        if not ActionForm().validate_on_submit():
            abort(400)
        present = {int(v) for v in request.form.getlist("present") if v.isdigit()}
        ids = [r.person_id for r in students]
        kind_services.record_roll_call(session, present, ids, utcnow())
        db.session.commit()
        flash(_("Attendance saved."), "success")
        return redirect(url_for("events.roll_call", event_id=event.id, session_id=session.id))
    return render_template(
        "events/roll_call.html",
        event=event,
        session=session,
        students=students,
        present=kind_services.present_ids(session),
        action_form=ActionForm(),
    )


@bp.get("/<int:event_id>/certificate/<int:person_id>")
def certificate(event_id: int, person_id: int) -> str:
    """A printable certificate once attendance reaches the class's threshold."""
    if not current_user.is_authenticated:
        abort(login_redirect())
    event = _event_of_kind(event_id, EventKind.TRAINING)
    require(current_user.id == person_id or can_manage_event(current_user, event))
    person = db.get_or_404(Person, person_id)
    total = len(event.sessions)
    attended = kind_services.attendance_counts(event).get(person_id, 0)
    if not sessions_core.earns_certificate(attended, total, event.attendance_threshold):
        message = _(
            "A certificate needs at least %(pct)d%% attendance; %(attended)d of %(total)d "
            "sessions were attended.",
            pct=event.attendance_threshold, attended=attended, total=total,
        )  # fmt: skip
        return render_template("errors/error.html", code=403, message=message), 403  # type: ignore[return-value]
    hours = sessions_core.hours(sessions_core.Slot(s.start_at, s.end_at) for s in event.sessions)
    return render_template(
        "events/certificate.html", event=event, person=person, hours=hours, issued_on=utcnow()
    )


# ---- study visit: programme and learning reports ------------------------------------


@bp.route("/<int:event_id>/programme", methods=["GET", "POST"])
def programme(event_id: int) -> Response | tuple[str, int]:
    """The visit's programme: ordered items with times."""
    event = _event_of_kind(event_id, EventKind.STUDY_VISIT)
    require_manage(event)
    form = ProgrammeItemForm()
    context = {"event": event, "action_form": ActionForm()}
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("events/programme.html", form=form, **context), status
    try:
        kind_services.add_programme_item(
            event, form.day.data, form.time.data, form.title.data, utcnow()
        )
    except EventError as exc:
        return _fail(exc, form, "events/programme.html", **context)
    db.session.commit()
    return redirect(url_for("events.programme", event_id=event.id))


@bp.route("/<int:event_id>/report", methods=["GET", "POST"])
def report(event_id: int) -> Response | tuple[str, int]:
    """The visitors' learning report."""
    event = _event_of_kind(event_id, EventKind.STUDY_VISIT)
    if not current_user.is_authenticated:
        return login_redirect()
    require_view(event)
    require(can_file_report(current_user, event))
    form = ReportForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("events/report.html", form=form, event=event), status
    try:
        kind_services.file_report(event, current_user, form.text.data, utcnow())
    except EventError as exc:
        return _fail(exc, form, "events/report.html", event=event)
    db.session.commit()
    flash(_("Thank you. Your learning report is saved."), "success")
    return redirect(url_for("events.show", event_id=event.id))
