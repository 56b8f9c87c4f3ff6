"""Rotation pages: the list of series, one series (timeline, ledger, plan), set-up."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from scheduler_app.core import rotation as engine
from scheduler_app.directory.models import Member, MemberKind
from scheduler_app.extensions import db, utcnow
from scheduler_app.i18n import current_locale
from scheduler_app.rotation import reasons, services
from scheduler_app.rotation.forms import (
    ActionForm,
    BlackoutForm,
    OverrideForm,
    PoolEntryForm,
    SeriesForm,
    SwapForm,
)
from scheduler_app.rotation.models import AssignmentStatus, RotationBlackout, RotationSeries
from scheduler_app.rotation.permissions import can_answer, can_manage_series, ensure

bp = Blueprint("rotation", __name__, url_prefix="/rotation")

ViewResult = str | tuple[str, int] | WerkzeugResponse


@bp.app_template_global()
def rotation_term(year: int, term: int) -> str:
    return reasons.term_label(year, term)


@bp.app_template_global()
def rotation_reason(code: str, params: Any) -> str:
    return reasons.describe(code, params)


def _series_form(series: RotationSeries | None = None) -> SeriesForm:
    form = SeriesForm(obj=series) if series else SeriesForm()
    locale = current_locale()
    members = db.session.execute(
        sa.select(Member).where(Member.is_active).order_by(Member.name_th)
    ).scalars()
    choices = [(m.id, m.display_name(locale)) for m in members]
    form.members.choices = choices
    networks = [(i, n) for i, n in choices if i in _network_ids()]
    form.network_id.choices = [(0, _("(none)")), *networks]
    if series is not None and not form.is_submitted():
        form.members.data = [e.member_id for e in series.entries]
        form.network_id.data = series.network_id or 0
        form.preferred_months.data = ", ".join(str(m) for m in series.preferred_months or [])
    return form


def _network_ids() -> set[int]:
    stmt = sa.select(Member.id).where(Member.kind == MemberKind.NETWORK.value)
    return set(db.session.execute(stmt).scalars())


@bp.get("/")
def index() -> str:
    """Every rotation series."""
    series = db.session.execute(sa.select(RotationSeries).order_by(RotationSeries.id)).scalars()
    return render_template(
        "rotation/index.html", series_list=list(series), can_manage=can_manage_series(current_user)
    )


@bp.route("/new", methods=["GET", "POST"])
def create() -> ViewResult:
    """Set up a series: its pool, terms, months and horizon."""
    ensure(can_manage_series(current_user))
    form = _series_form()
    if form.validate_on_submit():
        series = services.create_series(form.values(), form.members.data, current_user, utcnow())
        db.session.commit()
        flash(_("The rotation series was saved."), "success")
        return redirect(url_for("rotation.show", series_id=series.id))
    status = 400 if form.is_submitted() else 200
    return render_template("rotation/form.html", form=form, series=None), status


@bp.route("/<int:series_id>/edit", methods=["GET", "POST"])
def edit(series_id: int) -> ViewResult:
    """Change a series' pool, months and horizon."""
    series = db.get_or_404(RotationSeries, series_id)
    ensure(can_manage_series(current_user))
    form = _series_form(series)
    if form.validate_on_submit():
        services.update_series(series, form.values(), form.members.data, utcnow())
        db.session.commit()
        flash(_("The rotation series was saved."), "success")
        return redirect(url_for("rotation.show", series_id=series.id))
    status = 400 if form.is_submitted() else 200
    return render_template("rotation/form.html", form=form, series=series), status


def _ledger(series: RotationSeries, rows: list[Any], history: list[Any]) -> list[dict[str, Any]]:
    pool = services.engine_pool(series, rows)
    records = [
        engine.HostingRecord(a.year, a.term, a.member_id)
        for a in history
        if a.status == AssignmentStatus.CONFIRMED
    ]
    counts = engine.fairness_ledger(pool, records, series.terms_per_year)
    return [
        {"row": row, "times": counts[row.member.id][0], "last": counts[row.member.id][1]}
        for row in rows
    ]


def series_page(series: RotationSeries, status: int = 200, **forms: Any) -> tuple[str, int]:
    """The series page: timeline, fairness ledger and plan, with the forms it offers."""
    now = utcnow()
    today = services.local_today(now)
    rows = services.pool_rows(series)
    history = services.assignments(series)
    window = services.upcoming_terms(series, today)
    first = engine.term_index(*window[0], series.terms_per_year)
    past = [a for a in history if engine.term_index(a.year, a.term, series.terms_per_year) < first]
    live = {(a.year, a.term): a for a in history if a.is_live}
    plan = services.compute_plan(series, today, rows=rows)
    names = {r.member.id: r.member.display_name(current_locale()) for r in rows}
    names.update({a.member_id: a.member.display_name(current_locale()) for a in history})
    swap_form = forms.get("swap_form") or SwapForm()
    swap_form.other.choices = [
        (a.id, f"{reasons.term_label(a.year, a.term)} · {names.get(a.member_id, '')}")
        for a in live.values()
    ]
    override_form = forms.get("override_form") or OverrideForm()
    override_form.term.choices = [(f"{y}-{t}", reasons.term_label(y, t)) for y, t in window]
    override_form.member_id.choices = sorted(names.items(), key=lambda kv: kv[1])
    return render_template(
        "rotation/show.html",
        series=series,
        rows=rows,
        ledger=_ledger(series, rows, history),
        past=past,
        plan=plan,
        live=live,
        names=names,
        pending_swaps={a.swap_with_id: a for a in history if a.swap_with_id and a.is_live},
        can_manage=can_manage_series(current_user),
        can_answer=lambda a: can_answer(current_user, a),
        action_form=ActionForm(),
        swap_form=swap_form,
        override_form=override_form,
        blackout_form=forms.get("blackout_form") or BlackoutForm(),
        entry_form=PoolEntryForm(),
        log=series_log(series),
    ), status


def series_log(series: RotationSeries) -> list[Any]:
    from scheduler_app.rotation.models import RotationLogEntry

    stmt = (
        sa.select(RotationLogEntry)
        .where(RotationLogEntry.series_id == series.id)
        .order_by(RotationLogEntry.created_at.desc(), RotationLogEntry.id.desc())
        .limit(50)
    )
    return list(db.session.execute(stmt).scalars())


@bp.get("/<int:series_id>")
def show(series_id: int) -> tuple[str, int]:
    """A series: who hosted, the fairness ledger, and the plan with its reasons."""
    return series_page(db.get_or_404(RotationSeries, series_id))


@bp.post("/<int:series_id>/plan")
def plan(series_id: int) -> WerkzeugResponse:
    """Run the engine and propose hosts for the coming terms."""
    series = db.get_or_404(RotationSeries, series_id)
    ensure(can_manage_series(current_user))
    if ActionForm().validate_on_submit():
        changed = services.apply_plan(series, utcnow())
        db.session.commit()
        flash(_("Planned: %(n)d new proposals.", n=len(changed)), "success")
    return redirect(url_for("rotation.show", series_id=series.id))


@bp.post("/<int:series_id>/pool/<int:member_id>")
def pool_entry(series_id: int, member_id: int) -> ViewResult:
    """Set a pool member's weight and whether it can host."""
    series = db.get_or_404(RotationSeries, series_id)
    ensure(can_manage_series(current_user))
    form = PoolEntryForm()
    if not form.validate_on_submit():
        flash(_("Please enter a weight from 1 to 10."), "error")
        return series_page(series, 400)
    try:
        services.set_entry(
            series, member_id, form.weight.data, form.is_unable_to_host.data, utcnow()
        )
    except services.RotationError:
        db.session.rollback()
        return series_page(series, 404)
    db.session.commit()
    flash(_("The pool was updated."), "success")
    return redirect(url_for("rotation.show", series_id=series.id))


@bp.post("/<int:series_id>/blackouts")
def add_blackout(series_id: int) -> ViewResult:
    """Add days no term may fall on."""
    series = db.get_or_404(RotationSeries, series_id)
    ensure(can_manage_series(current_user))
    form = BlackoutForm()
    if not form.validate_on_submit():
        return series_page(series, 400, blackout_form=form)
    services.add_blackout(series, form.name.data.strip(), form.start_date.data, form.end_date.data)
    db.session.commit()
    flash(_("The blackout window was added."), "success")
    return redirect(url_for("rotation.show", series_id=series.id))


@bp.post("/<int:series_id>/blackouts/<int:blackout_id>/delete")
def remove_blackout(series_id: int, blackout_id: int) -> WerkzeugResponse:
    """Remove a blackout window."""
    series = db.get_or_404(RotationSeries, series_id)
    ensure(can_manage_series(current_user))
    blackout = db.get_or_404(RotationBlackout, blackout_id)
    if blackout.series_id != series.id:
        return redirect(url_for("rotation.show", series_id=series.id))
    if ActionForm().validate_on_submit():
        services.remove_blackout(series, blackout)
        db.session.commit()
        flash(_("The blackout window was removed."), "success")
    return redirect(url_for("rotation.show", series_id=series.id))


from scheduler_app.rotation import answer_views as _answer_views  # noqa: E402, F401
