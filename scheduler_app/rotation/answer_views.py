"""Answering the rotation: confirm, decline, swap, and the coordinator's override."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from scheduler_app.directory.models import Member
from scheduler_app.events.operations import EventError
from scheduler_app.extensions import db, utcnow
from scheduler_app.rotation import workflow
from scheduler_app.rotation.forms import ActionForm, OverrideForm, SwapForm
from scheduler_app.rotation.models import RotationAssignment, RotationSeries
from scheduler_app.rotation.permissions import can_answer, can_manage_series, ensure
from scheduler_app.rotation.services import RotationError
from scheduler_app.rotation.views import ViewResult, bp, series_page


def _back(row: RotationAssignment) -> WerkzeugResponse:
    return redirect(url_for("rotation.show", series_id=row.series_id))


def _run(row: RotationAssignment, step: str) -> ViewResult:
    """Check the form, take the step, commit or explain; one shape for every answer."""
    if not ActionForm().validate_on_submit():
        flash(_("The form expired; please try again."), "error")
        return _back(row)
    try:
        if step == "confirm":
            workflow.confirm(row, current_user, utcnow())
            message = _(
                "Thank you: your organisation hosts this term. The exchange event was created."
            )
        elif step == "decline":
            workflow.decline(row, current_user, utcnow())
            message = _("Declined. The next member in order was asked; you keep your place.")
        elif step == "accept_swap":
            workflow.accept_swap(row, current_user, utcnow())
            message = _("The terms were swapped.")
        else:
            workflow.reject_swap(row)
            message = _("The swap was turned down.")
    except (RotationError, EventError) as error:
        db.session.rollback()
        flash(str(error), "error")
        return series_page(db.get_or_404(RotationSeries, row.series_id), 409)
    db.session.commit()
    flash(message, "success")
    return _back(row)


@bp.post("/assignments/<int:assignment_id>/confirm")
def confirm(assignment_id: int) -> ViewResult:
    """The proposed host accepts the term."""
    row = db.get_or_404(RotationAssignment, assignment_id)
    ensure(can_answer(current_user, row))
    return _run(row, "confirm")


@bp.post("/assignments/<int:assignment_id>/decline")
def decline(assignment_id: int) -> ViewResult:
    """The proposed host declines; the next in order is proposed."""
    row = db.get_or_404(RotationAssignment, assignment_id)
    ensure(can_answer(current_user, row))
    return _run(row, "decline")


@bp.post("/assignments/<int:assignment_id>/swap")
def request_swap(assignment_id: int) -> ViewResult:
    """Ask another member to exchange terms."""
    row = db.get_or_404(RotationAssignment, assignment_id)
    ensure(can_answer(current_user, row))
    series = db.get_or_404(RotationSeries, row.series_id)
    form = SwapForm()
    live_ids = [a.id for a in series_page_live(series)]
    form.other.choices = [(i, str(i)) for i in live_ids]
    if not form.validate_on_submit():
        return series_page(series, 400, swap_form=form)
    other = db.get_or_404(RotationAssignment, form.other.data)
    try:
        workflow.request_swap(row, other, current_user, utcnow())
    except RotationError as error:
        db.session.rollback()
        form.other.errors = [str(error)]
        return series_page(series, 400, swap_form=form)
    db.session.commit()
    flash(_("The other member was asked to swap."), "success")
    return _back(row)


def series_page_live(series: RotationSeries) -> list[RotationAssignment]:
    from scheduler_app.rotation.services import assignments

    return [a for a in assignments(series) if a.is_live]


@bp.post("/assignments/<int:assignment_id>/swap/accept")
def accept_swap(assignment_id: int) -> ViewResult:
    """The other side agrees to swap; both terms are confirmed."""
    row = db.get_or_404(RotationAssignment, assignment_id)
    ensure(can_answer(current_user, row))
    return _run(row, "accept_swap")


@bp.post("/assignments/<int:assignment_id>/swap/reject")
def reject_swap(assignment_id: int) -> ViewResult:
    """The other side turns the swap down."""
    row = db.get_or_404(RotationAssignment, assignment_id)
    ensure(can_answer(current_user, row))
    return _run(row, "reject_swap")


@bp.post("/<int:series_id>/override")
def override(series_id: int) -> ViewResult:
    """A coordinator sets a term's host, with a written reason."""
    series = db.get_or_404(RotationSeries, series_id)
    ensure(can_manage_series(current_user))
    form = OverrideForm()
    page_form = series_page(series, 200, override_form=form)  # fills the choices
    if not form.validate_on_submit():
        return page_form[0], 400
    member = db.get_or_404(Member, form.member_id.data)
    year, term = form.term_value()
    try:
        workflow.override(
            series, year, term, member, form.reason.data.strip(), current_user, utcnow()
        )
    except (RotationError, EventError) as error:
        db.session.rollback()
        flash(str(error), "error")
        return series_page(series, 409)
    db.session.commit()
    flash(_("The host was set and the reason logged."), "success")
    return redirect(url_for("rotation.show", series_id=series.id))
