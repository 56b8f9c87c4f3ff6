"""Rotation pages: the list of series, one series (timeline, pool, log), set-up."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from scheduler_app.directory.lookup import member_source
from scheduler_app.directory.models import MemberKind
from scheduler_app.extensions import db, utcnow
from scheduler_app.i18n import current_locale
from scheduler_app.rotation import planning, reasons, services, timeline
from scheduler_app.rotation.blueprint import ViewResult, bp
from scheduler_app.rotation.forms import (
    ActionForm,
    BlackoutForm,
    DeclineForm,
    OverrideForm,
    PastHostForm,
    PoolEntryForm,
    ReadinessForm,
    SeriesForm,
    SwapForm,
    ce_year,
)
from scheduler_app.rotation.models import RotationBlackout, RotationSeries
from scheduler_app.rotation.permissions import can_answer_for, can_manage_series
from scheduler_app.web import done, form_page, require


@bp.app_template_global()
def rotation_term(year: int, term: int) -> str:
    return reasons.term_label(year, term)


@bp.app_template_global()
def rotation_reason(code: str, params: Any) -> str:
    return reasons.describe(code, params)


def _series_form(series: RotationSeries | None = None) -> SeriesForm:
    form = SeriesForm(obj=series) if series else SeriesForm()
    # A member already in the pool (or the network) stays even if it became inactive.
    pool = [e.member_id for e in series.entries] if series is not None else []
    network = [series.network_id] if series is not None and series.network_id else []
    form.members.source = member_source(keep=pool)
    form.network_id.source = member_source(MemberKind.NETWORK.value, keep=network)
    if series is not None and not form.is_submitted():
        form.members.data = pool
        form.network_id.data = series.network_id
        form.preferred_months.data = ", ".join(str(m) for m in series.preferred_months or [])
    return form


@bp.get("/")
def index() -> str:
    """Every rotation series."""
    series = db.session.execute(sa.select(RotationSeries).order_by(RotationSeries.id)).scalars()
    return render_template(
        "rotation/index.html", series_list=list(series), can_manage=can_manage_series(current_user)
    )


def _series_page(series: RotationSeries) -> str:
    return url_for("rotation.show", series_id=series.id)


@bp.route("/new", methods=["GET", "POST"])
def create() -> ViewResult:
    """Set up a series: its pool, terms, months, horizon and lead time."""
    require(can_manage_series(current_user))
    form = _series_form()
    saved = _("The rotation series was saved.")

    def save() -> RotationSeries:
        return services.create_series(form.values(), form.members.data, current_user, utcnow())

    return form_page(form, "rotation/form.html", save, then=_series_page, saved=saved, series=None)


@bp.route("/<int:series_id>/edit", methods=["GET", "POST"])
def edit(series_id: int) -> ViewResult:
    """Change a series' pool, months, horizon and lead time."""
    series = db.get_or_404(RotationSeries, series_id)
    require(can_manage_series(current_user))
    form = _series_form(series)

    def save() -> RotationSeries:
        services.update_series(series, form.values(), form.members.data, utcnow())
        services.log(series, current_user, "series_changed", utcnow())
        return series

    saved = _("The rotation series was saved.")
    return form_page(
        form, "rotation/form.html", save, then=_series_page, saved=saved, series=series
    )


def _answerable(series: RotationSeries) -> set[int] | None:
    """Member ids the viewer answers for (None: every member, for staff)."""
    if can_manage_series(current_user):
        return None
    member_id = getattr(current_user, "member_id", None)
    if member_id is not None and can_answer_for(current_user, member_id):
        return {member_id}
    return set()


def series_page(series: RotationSeries, status: int = 200, **forms: Any) -> tuple[str, int]:
    """The series page: timeline, pool and log, with the forms it offers."""
    today = services.local_today(utcnow())
    view = timeline.build(series, today)
    names = {i: m.display_name(current_locale()) for i, m in view.names.items()}
    pool_choices = [
        (r.member.id, r.member.display_name(current_locale())) for r in view.inputs.rows
    ]
    override_form = forms.get("override_form") or OverrideForm()
    override_form.term.choices = [
        (f"{y}-{t}", reasons.term_label(y, t)) for y, t in planning.open_terms(series, today)
    ]
    override_form.member_id.choices = pool_choices
    past_form = forms.get("past_form") or PastHostForm(prefix="past")
    past_form.member_id.choices = pool_choices
    log_entries = services.series_log(series)
    log_members = timeline.log_names(log_entries, view.names)
    return render_template(
        "rotation/show.html",
        series=series,
        view=view,
        names=names,
        log_names={i: m.display_name(current_locale()) for i, m in log_members.items()},
        swappable=[r for r in view.rows if r.assignment is not None],
        answerable=_answerable(series),
        can_manage=can_manage_series(current_user),
        decline_form=forms.get("decline_form") or DeclineForm(),
        decline_for=forms.get("decline_for"),
        swap_form=forms.get("swap_form") or SwapForm(),
        swap_for=forms.get("swap_for"),
        override_form=override_form,
        blackout_form=forms.get("blackout_form") or BlackoutForm(),
        entry_form=forms.get("entry_form") or PoolEntryForm(),
        entry_for=forms.get("entry_for"),
        ready_form=forms.get("ready_form") or ReadinessForm(prefix="ready"),
        ready_for=forms.get("ready_for"),
        past_form=past_form,
        log=log_entries,
    ), status


@bp.get("/<int:series_id>")
def show(series_id: int) -> tuple[str, int]:
    """A series: who hosted, who is next and proposed, and why; the pool; the log."""
    return series_page(db.get_or_404(RotationSeries, series_id))


def back_to_series(series: RotationSeries, saved: str | None) -> WerkzeugResponse:
    """Commit, say what was done (when anything was) and go back to the series' page."""
    return done(_series_page(series), saved)


@bp.post("/<int:series_id>/plan")
def plan(series_id: int) -> WerkzeugResponse:
    """Run the engine, propose hosts for the coming terms and ask them."""
    series = db.get_or_404(RotationSeries, series_id)
    require(can_manage_series(current_user))
    saved = None
    if ActionForm().validate_on_submit():
        changed = planning.apply_plan(series, utcnow(), current_user)
        saved = _("Planned: %(n)d new proposals.", n=len(changed))
    return back_to_series(series, saved)


def _save_entry(
    series: RotationSeries,
    member_id: int,
    values: dict[str, Any],
    action: str,
    details: dict[str, Any],
    message: str,
) -> ViewResult:
    """Store a pool member's settings, log them with their reason and go back to the series."""
    try:
        services.set_entry(series, member_id, values, utcnow())
    except services.RotationError:
        db.session.rollback()
        return series_page(series, 404)
    services.log(
        series,
        current_user,
        action,
        utcnow(),
        reason=values["not_before_reason"],
        member_id=member_id,
        details=details,
    )
    return back_to_series(series, message)


@bp.post("/<int:series_id>/pool/<int:member_id>")
def pool_entry(series_id: int, member_id: int) -> ViewResult:
    """Set a pool member's weight, readiness and room waiver."""
    series = db.get_or_404(RotationSeries, series_id)
    require(can_manage_series(current_user))
    form = PoolEntryForm()
    if not form.validate_on_submit():
        return series_page(series, 400, entry_form=form, entry_for=member_id)
    values = form.values()
    details = {k: v for k, v in values.items() if k != "not_before_reason"}
    return _save_entry(
        series, member_id, values, "pool_changed", details, _("The pool was updated.")
    )


@bp.post("/<int:series_id>/readiness/<int:member_id>")
def readiness(series_id: int, member_id: int) -> ViewResult:
    """A member says it cannot host before a given term, and why."""
    series = db.get_or_404(RotationSeries, series_id)
    require(can_answer_for(current_user, member_id))
    form = ReadinessForm(prefix="ready")
    if not form.validate_on_submit():
        return series_page(series, 400, ready_form=form, ready_for=member_id)
    values = form.values()
    details = {"not_before": list(values["not_before"] or [])}
    message = _("Noted. The plan will not ask you before then.")
    return _save_entry(series, member_id, values, "readiness", details, message)


@bp.post("/<int:series_id>/blackouts")
def add_blackout(series_id: int) -> ViewResult:
    """Add days no term may fall on."""
    series = db.get_or_404(RotationSeries, series_id)
    require(can_manage_series(current_user))
    form = BlackoutForm()
    if not form.validate_on_submit():
        return series_page(series, 400, blackout_form=form)
    name = form.name.data.strip()
    services.add_blackout(series, name, form.start_date.data, form.end_date.data)
    services.log(series, current_user, "blackout_added", utcnow(), reason=name)
    return back_to_series(series, _("The blackout window was added."))


@bp.post("/<int:series_id>/blackouts/<int:blackout_id>/delete")
def remove_blackout(series_id: int, blackout_id: int) -> WerkzeugResponse:
    """Remove a blackout window."""
    series = db.get_or_404(RotationSeries, series_id)
    require(can_manage_series(current_user))
    blackout = db.get_or_404(RotationBlackout, blackout_id)
    saved = None
    if blackout.series_id == series.id and ActionForm().validate_on_submit():
        services.remove_blackout(series, blackout)
        services.log(series, current_user, "blackout_removed", utcnow(), reason=blackout.name)
        saved = _("The blackout window was removed.")
    return back_to_series(series, saved)


@bp.post("/<int:series_id>/history")
def add_past_host(series_id: int) -> ViewResult:
    """Enter a host the network had before the series was kept here."""
    series = db.get_or_404(RotationSeries, series_id)
    require(can_manage_series(current_user))
    form = PastHostForm(prefix="past")
    form.member_id.choices = [(r.member.id, "") for r in services.pool_rows(series)]
    if not form.validate_on_submit():
        return series_page(series, 400, past_form=form)
    try:
        services.add_past_host(
            series,
            ce_year(form.year.data),
            form.term.data,
            form.member_id.data,
            (form.note.data or "").strip(),
            current_user,
            utcnow(),
        )
    except services.RotationError as error:
        db.session.rollback()
        getattr(form, error.field or "year").errors = [str(error)]
        return series_page(series, 400, past_form=form)
    return back_to_series(series, _("The past host was added to the history."))
