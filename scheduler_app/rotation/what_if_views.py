"""What if: preview a change against the current plan, side by side, then save it."""

from __future__ import annotations

from dataclasses import dataclass

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from scheduler_app.core import rotation as engine
from scheduler_app.extensions import db, utcnow
from scheduler_app.i18n import current_locale
from scheduler_app.rotation import planning
from scheduler_app.rotation.blueprint import ViewResult, bp
from scheduler_app.rotation.forms import ActionForm
from scheduler_app.rotation.models import RotationSeries
from scheduler_app.rotation.permissions import can_manage_series
from scheduler_app.rotation.reasons import describe_factors
from scheduler_app.rotation.services import local_today
from scheduler_app.rotation.what_if import WhatIf, WhatIfError, parse_what_if
from scheduler_app.web import require

FIELDS = ("leave", "weight", "months", "lead")


@dataclass(frozen=True)
class Compared:
    year: int
    term: int
    now: engine.Assignment
    then: engine.Assignment

    @property
    def is_changed(self) -> bool:
        return (self.now.host_id, self.now.event_date) != (self.then.host_id, self.then.event_date)


def _fields() -> dict[str, list[str]]:
    source = request.form if request.method == "POST" else request.args
    return {name: [v for v in source.getlist(name) if v.strip()] for name in FIELDS}


def _page(series: RotationSeries, fields: dict[str, list[str]], status: int = 200) -> ViewResult:
    data = planning.gather(series, local_today(utcnow()))
    pool_ids = {r.member.id for r in data.rows}
    errors: dict[str, object] = {}
    change = WhatIf()
    try:
        change = parse_what_if(fields, pool_ids, series.terms_per_year)
    except WhatIfError as error:
        errors, status = error.errors, 400
    today = local_today(utcnow())
    current = planning.compute_plan(series, today, inputs=data)
    preview = planning.compute_plan(series, today, what_if=change)
    names = {r.member.id: r.member.display_name(current_locale()) for r in data.rows}
    rows = [Compared(a.year, a.term, a, b) for a, b in zip(current, preview, strict=False)]
    return render_template(
        "rotation/what_if.html",
        series=series,
        rows=rows,
        names=names,
        pool=data.rows,
        fields=fields,
        errors=errors,
        change=change,
        describe=describe_factors,
    ), status


@bp.get("/<int:series_id>/what-if")
def what_if(series_id: int) -> ViewResult:
    """The current plan and the plan with the asked changes, side by side."""
    series = db.get_or_404(RotationSeries, series_id)
    require(can_manage_series(current_user))
    return _page(series, _fields())


@bp.post("/<int:series_id>/what-if")
def save_what_if(series_id: int) -> ViewResult | WerkzeugResponse:
    """Make the previewed changes real and plan again."""
    series = db.get_or_404(RotationSeries, series_id)
    require(can_manage_series(current_user))
    fields = _fields()
    if not ActionForm().validate_on_submit():
        return _page(series, fields, 400)
    pool_ids = {r.member.id for r in planning.gather(series, local_today(utcnow())).rows}
    try:
        change = parse_what_if(fields, pool_ids, series.terms_per_year)
    except WhatIfError:
        return _page(series, fields, 400)
    if change.is_empty:
        return _page(series, fields, 400)
    planning.save_what_if(series, change, current_user, utcnow())
    db.session.commit()
    flash(_("The changes were saved and the plan updated."), "success")
    return redirect(url_for("rotation.show", series_id=series.id))
