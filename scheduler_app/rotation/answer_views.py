"""Answering the rotation: confirm, decline (with a reason), swap, and the override."""

from __future__ import annotations

from flask import flash, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from scheduler_app.directory.models import Member
from scheduler_app.events.operations import EventError
from scheduler_app.extensions import db, utcnow
from scheduler_app.rotation import workflow
from scheduler_app.rotation.blueprint import ViewResult, bp
from scheduler_app.rotation.forms import ActionForm, DeclineForm, OverrideForm, SwapForm
from scheduler_app.rotation.models import RotationAssignment, RotationSeries
from scheduler_app.rotation.permissions import can_answer, can_manage_series
from scheduler_app.rotation.planning import open_terms
from scheduler_app.rotation.services import RotationError, assignments, local_today, pool_rows
from scheduler_app.rotation.views import back_to_series, series_page
from scheduler_app.web import done, require


def _back(
    row: RotationAssignment, saved: str | None = None, category: str = "success"
) -> WerkzeugResponse:
    """Commit, say so and go back to the page of ``row``'s series."""
    return done(url_for("rotation.show", series_id=row.series_id), saved, category)


def _series(row: RotationAssignment) -> RotationSeries:
    return db.get_or_404(RotationSeries, row.series_id)


def _answer(assignment_id: int) -> RotationAssignment:
    row = db.get_or_404(RotationAssignment, assignment_id)
    require(can_answer(current_user, row))
    return row


def _run(row: RotationAssignment, step: str) -> ViewResult:
    """Check the form, take the step, commit or explain; one shape for the buttons."""
    if not ActionForm().validate_on_submit():
        return _back(row, _("The form expired; please try again."), "error")
    try:
        if step == "confirm":
            workflow.confirm(row, current_user, utcnow())
            message = _(
                "Thank you: your organisation hosts this term. The exchange event was created."
            )
        elif step == "accept_swap":
            workflow.accept_swap(row, current_user, utcnow())
            message = _("The terms were swapped.")
        else:
            workflow.reject_swap(row, current_user, utcnow())
            message = _("The swap was turned down.")
    except (RotationError, EventError) as error:
        db.session.rollback()
        flash(str(error), "error")
        return series_page(_series(row), 409)
    return _back(row, message)


@bp.post("/assignments/<int:assignment_id>/confirm")
def confirm(assignment_id: int) -> ViewResult:
    """The proposed host accepts the term."""
    return _run(_answer(assignment_id), "confirm")


@bp.post("/assignments/<int:assignment_id>/decline")
def decline(assignment_id: int) -> ViewResult:
    """The proposed host declines with a reason; the next in order is asked."""
    row = _answer(assignment_id)
    form = DeclineForm()
    if not form.validate_on_submit():
        return series_page(_series(row), 400, decline_form=form, decline_for=row.id)
    try:
        workflow.decline(row, form.reason.data, current_user, utcnow())
    except RotationError as error:
        db.session.rollback()
        form.reason.errors = [str(error)]
        return series_page(_series(row), 409, decline_form=form, decline_for=row.id)
    return _back(row, _("Declined. The next member in order was asked; you keep your place."))


@bp.post("/assignments/<int:assignment_id>/swap")
def request_swap(assignment_id: int) -> ViewResult:
    """Ask another member to exchange terms."""
    row = _answer(assignment_id)
    series = _series(row)
    form = SwapForm()
    form.other.choices = [(a.id, str(a.id)) for a in assignments(series) if a.is_live]
    if not form.validate_on_submit():
        return series_page(series, 400, swap_form=form, swap_for=row.id)
    other = db.get_or_404(RotationAssignment, form.other.data)
    try:
        workflow.request_swap(row, other, current_user, utcnow())
    except RotationError as error:
        db.session.rollback()
        form.other.errors = [str(error)]
        return series_page(series, 400, swap_form=form, swap_for=row.id)
    return _back(row, _("The other member was asked to swap."))


@bp.post("/assignments/<int:assignment_id>/swap/accept")
def accept_swap(assignment_id: int) -> ViewResult:
    """The other side agrees to swap; both terms are confirmed."""
    return _run(_answer(assignment_id), "accept_swap")


@bp.post("/assignments/<int:assignment_id>/swap/reject")
def reject_swap(assignment_id: int) -> ViewResult:
    """The other side turns the swap down."""
    return _run(_answer(assignment_id), "reject_swap")


@bp.post("/<int:series_id>/override")
def override(series_id: int) -> ViewResult:
    """A coordinator sets a term's host, with a written reason."""
    series = db.get_or_404(RotationSeries, series_id)
    require(can_manage_series(current_user))
    form = OverrideForm()
    today = local_today(utcnow())
    form.term.choices = [(f"{y}-{t}", "") for y, t in open_terms(series, today)]
    form.member_id.choices = [(r.member.id, "") for r in pool_rows(series)]
    if not form.validate_on_submit():
        return series_page(series, 400, override_form=form)
    member = db.get_or_404(Member, form.member_id.data)
    year, term = form.term_value()
    try:
        workflow.override(
            series, year, term, member, form.reason.data.strip(), current_user, utcnow()
        )
    except (RotationError, EventError) as error:
        db.session.rollback()
        form.term.errors = [str(error)]
        return series_page(series, 409, override_form=form)
    return back_to_series(series, _("The host was set and the reason logged."))
