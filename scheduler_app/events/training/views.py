"""Training pages for hosts: sessions (add, generate, edit, move, remove) and roll-call;
and the certificate a participant prints."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from scheduler_app.accounts.models import Person
from scheduler_app.core import sessions as sessions_core
from scheduler_app.events import part_views, queries
from scheduler_app.events.blueprint import bp
from scheduler_app.events.display import in_event_zone as event_datetime
from scheduler_app.events.forms import ActionForm
from scheduler_app.events.models import Event, EventKind
from scheduler_app.events.operations import EventError
from scheduler_app.events.permissions import can_manage_event
from scheduler_app.events.training import operations
from scheduler_app.events.training.forms import SeriesForm, SessionForm
from scheduler_app.events.training.models import TrainingSession
from scheduler_app.extensions import db, utcnow
from scheduler_app.web import refuse, require, require_login


def _sessions_page(
    event: Event, one: SessionForm | None = None, series: SeriesForm | None = None
) -> str:
    return part_views.parts_page(
        "events/training/sessions.html", event,
        one=one or SessionForm(prefix="one"), series=series or SeriesForm(prefix="series"),
    )  # fmt: skip


def _add_sessions(event: Event, form: SessionForm | SeriesForm) -> None:
    if isinstance(form, SeriesForm):
        exceptions: list[date] = list(form.exceptions.data or [])
        operations.generate_sessions(
            event, form.day.data, form.start_time.data, form.end_time.data,
            every_weeks=int(form.every_weeks.data), count=form.count.data,
            exceptions=exceptions, title=form.title.data or "", now=utcnow(),
        )  # fmt: skip
    else:
        operations.add_session(
            event, form.day.data, form.start_time.data, form.end_time.data,
            form.title.data or "", utcnow(),
        )  # fmt: skip


@bp.route("/<int:event_id>/sessions", methods=["GET", "POST"])
def sessions(event_id: int) -> Response | tuple[str, int]:
    """Add one session, or generate a weekly / fortnightly series."""
    event = part_views.managed_event(event_id, EventKind.TRAINING)
    one, series = SessionForm(prefix="one"), SeriesForm(prefix="series")
    form: SessionForm | SeriesForm = series if request.form.get("which") == "series" else one
    if request.method == "GET":
        return _sessions_page(event, one, series), 200
    if not form.validate_on_submit():
        return _sessions_page(event, one, series), 400
    try:
        _add_sessions(event, form)
    except EventError as exc:
        if exc.field is None:
            exc.field = "day"
        return refuse(form, exc, lambda: _sessions_page(event, one, series))
    db.session.commit()
    flash(_("Sessions saved."), "success")
    return redirect(url_for("events.sessions", event_id=event.id))


@bp.route("/<int:event_id>/sessions/<int:session_id>/delete", methods=["GET", "POST"])
def delete_session(event_id: int, session_id: int) -> Response | tuple[str, int]:
    """Take a session off the class, after saying how much attendance goes with it."""
    session = part_views.managed_part(event_id, EventKind.TRAINING, TrainingSession, session_id)
    event = session.event
    records = operations.attendance_records(session)
    losses = [_("%(n)d attendance records", n=records)] if records else []
    what = _("Session %(n)d", n=session.position) + " · " + event_datetime(session.start_at, event)
    return part_views.remove_part(
        event, operations.remove_session, _sessions_page, session,
        what=what, losses=losses, saved=_("The session is removed."),
    )  # fmt: skip


@bp.route("/<int:event_id>/sessions/<int:session_id>/roll-call", methods=["GET", "POST"])
def roll_call(event_id: int, session_id: int) -> Response | str | tuple[str, int]:
    """Tick who is present at one session."""
    session = part_views.managed_part(event_id, EventKind.TRAINING, TrainingSession, session_id)
    event = session.event
    students = queries.confirmed_registrations(event)
    now = utcnow()

    def page() -> str:
        return render_template(
            "events/training/roll_call.html", event=event, session=session, students=students,
            present=operations.present_ids(session), action_form=ActionForm(),
            is_open=operations.roll_call_open(session, now),
        )  # fmt: skip

    if request.method == "POST":
        if not ActionForm().validate_on_submit():
            abort(400)
        present = {int(v) for v in request.form.getlist("present") if v.isdigit()}
        ids = [r.person_id for r in students]
        try:
            operations.record_roll_call(session, present, ids, now)
        except EventError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return page(), 409
        db.session.commit()
        flash(_("Attendance saved."), "success")
        return redirect(url_for("events.roll_call", event_id=event.id, session_id=session.id))
    return page()


@bp.get("/<int:event_id>/certificate/<int:person_id>")
def certificate(event_id: int, person_id: int) -> str | tuple[str, int]:
    """A printable certificate once attendance reaches the class's threshold."""
    require_login()
    event = part_views.event_of_kind(event_id, EventKind.TRAINING)
    require(current_user.id == person_id or can_manage_event(current_user, event))
    person = db.get_or_404(Person, person_id)
    now = utcnow()
    earned_on = operations.certificates_earned(person_id, now, [event.id]).get(event.id)
    if earned_on is None:
        total = len(event.sessions)
        attended = operations.attendance_counts(event, now).get(person_id, 0)
        message = _(
            "A certificate needs at least %(pct)d%% attendance; %(attended)d of %(total)d "
            "sessions were attended.",
            pct=event.attendance_threshold, attended=attended, total=total,
        )  # fmt: skip
        return render_template("errors/error.html", code=403, message=message), 403
    hours = sessions_core.hours(sessions_core.Slot(s.start_at, s.end_at) for s in event.sessions)
    return render_template(
        "events/training/certificate.html",
        event=event, person=person, hours=hours, issued_on=earned_on,
    )  # fmt: skip


@bp.route("/<int:event_id>/sessions/<int:session_id>/edit", methods=["GET", "POST"])
def edit_session(event_id: int, session_id: int) -> Response | tuple[str, int]:
    """Change a session's date, times or title."""
    session = part_views.managed_part(event_id, EventKind.TRAINING, TrainingSession, session_id)
    event = session.event
    day, start = part_views.local_day_time(session.start_at, event)
    _day, end = part_views.local_day_time(session.end_at, event)
    stored = {"title": session.title, "day": day, "start_time": start, "end_time": end}
    form = SessionForm(data=part_views.on_get(stored))
    return part_views.save_part(
        form, event, _("Edit session"), _("Session saved."),
        lambda: operations.edit_session(
            event, session, form.day.data, form.start_time.data, form.end_time.data,
            form.title.data or "", utcnow(),
        ),
    )  # fmt: skip


@bp.post("/<int:event_id>/sessions/<int:session_id>" + part_views.MOVE)
def move_session(event_id: int, session_id: int, direction: str) -> Response | tuple[str, int]:
    """Swap a session's title with the session before or after it."""
    session = part_views.managed_part(event_id, EventKind.TRAINING, TrainingSession, session_id)
    return part_views.move_part(
        session.event, operations.move_session, _sessions_page, session, direction
    )
