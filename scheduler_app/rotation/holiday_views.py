"""Thai public holidays no term falls on: the shipped list, which admins can edit."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from scheduler_app.extensions import db
from scheduler_app.rotation import public_holidays
from scheduler_app.rotation.blueprint import ViewResult, bp
from scheduler_app.rotation.forms import ActionForm, HolidayForm
from scheduler_app.rotation.permissions import can_manage_holidays
from scheduler_app.web import require


def _page(form: HolidayForm, status: int = 200) -> ViewResult:
    return render_template(
        "rotation/holidays.html",
        holidays=public_holidays.holidays(),
        form=form,
        can_edit=can_manage_holidays(current_user),
    ), status


@bp.get("/holidays")
def holidays() -> ViewResult:
    """The public holidays planning avoids."""
    return _page(HolidayForm())


@bp.post("/holidays")
def add_holiday() -> ViewResult:
    """Add a holiday (e.g. this year's Makha Bucha once the cabinet announces it)."""
    require(can_manage_holidays(current_user))
    form = HolidayForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    public_holidays.add_holiday(
        form.day.data, form.name_th.data.strip(), (form.name_en.data or "").strip(), current_user
    )
    db.session.commit()
    flash(_("The holiday was added."), "success")
    return redirect(url_for("rotation.holidays"))


@bp.post("/holidays/<day>/hide")
def hide_holiday(day: str) -> WerkzeugResponse:
    """Take a day off the list (a holiday moved or cancelled by the cabinet)."""
    require(can_manage_holidays(current_user))
    try:
        parsed = date.fromisoformat(day)
    except ValueError:
        abort(404)
    if ActionForm().validate_on_submit():
        public_holidays.hide_holiday(parsed, current_user)
        db.session.commit()
        flash(_("The holiday was removed from the list."), "success")
    return redirect(url_for("rotation.holidays"))
