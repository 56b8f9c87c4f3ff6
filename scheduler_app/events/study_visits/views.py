"""Study-visit requests: ask, answer (accept / propose another date / decline)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from scheduler_app.directory.lookup import fixed_picker, member_source
from scheduler_app.events.blueprint import bp
from scheduler_app.events.operations import EventError
from scheduler_app.events.permissions import (
    can_act_for_visitors,
    can_answer_visit,
    can_request_visit,
    can_view_visit,
)
from scheduler_app.events.study_visits import operations as visits
from scheduler_app.events.study_visits.forms import (
    DeclineForm,
    VisitAnswerForm,
    VisitRequestForm,
    answer_form_for,
)
from scheduler_app.events.study_visits.models import StudyVisitRequest
from scheduler_app.extensions import db, utcnow
from scheduler_app.web import put_error, require, require_login, submit


@bp.get("/visits")
def visit_list() -> str:
    """Requests my organisation sent or received (coordinators see all)."""
    require_login()
    stmt = (
        sa.select(StudyVisitRequest)
        .options(
            selectinload(StudyVisitRequest.visiting_member),
            selectinload(StudyVisitRequest.host_member),
        )
        .order_by(StudyVisitRequest.created_at.desc())
        .limit(200)
    )
    if not current_user.is_coordinator:
        mine = current_user.member_id or -1
        stmt = stmt.where(
            sa.or_(
                StudyVisitRequest.visiting_member_id == mine,
                StudyVisitRequest.host_member_id == mine,
            )
        )
    requests = db.session.execute(stmt).scalars().all()
    return render_template(
        "events/study_visits/visit_list.html",
        requests=requests,
        can_request=can_request_visit(current_user),
    )


@bp.route("/visits/new", methods=["GET", "POST"])
def request_visit() -> Response | tuple[str, int]:
    """Ask another member for a study visit."""
    require_login()
    require(can_request_visit(current_user))
    form = VisitRequestForm()
    form.host_member_id.source = member_source()
    if current_user.is_coordinator:
        form.visiting_member_id.source = member_source()
    else:
        fixed_picker(form.visiting_member_id, current_user.member_id)
    return submit(
        form,
        lambda: render_template("events/study_visits/visit_request.html", form=form),
        lambda: visits.request_visit(form.values(), current_user, utcnow()),
        then=lambda visit: url_for("events.visit_detail", visit_id=visit.id),
        saved=_("Your request was sent to the host organisation."),
    )


def _visit(visit_id: int) -> StudyVisitRequest:
    visit = db.get_or_404(StudyVisitRequest, visit_id)
    if not current_user.is_authenticated:
        abort(403)
    require(can_view_visit(current_user, visit))
    return visit


def _detail(visit: StudyVisitRequest, status: int = 200, **forms: object) -> tuple[str, int]:
    context = {
        "visit": visit,
        "answer_form": forms.get("answer_form") or answer_form_for(visit),
        "decline_form": forms.get("decline_form") or DeclineForm(prefix="decline"),
        "can_answer": can_answer_visit(current_user, visit),
        "can_act_for_visitors": can_act_for_visitors(current_user, visit),
    }
    return render_template("events/study_visits/visit_detail.html", **context), status


def _refused(visit_id: int, exc: EventError, **forms: Any) -> tuple[str, int]:
    """A rule said no: the request page again, the reason beside its field (or on top)
    and what was typed kept (422)."""
    db.session.rollback()
    for form in forms.values():
        put_error(form, exc)
    return _detail(db.get_or_404(StudyVisitRequest, visit_id), 422, **forms)


@bp.get("/visits/<int:visit_id>")
def visit_detail(visit_id: int) -> tuple[str, int]:
    """One request and what can be done next."""
    require_login()
    return _detail(_visit(visit_id))


@bp.post("/visits/<int:visit_id>/answer")
def answer_visit(visit_id: int) -> Response | tuple[str, int]:
    """Accept with dates, or propose other dates (``action`` says which)."""
    visit = _visit(visit_id)
    action = request.form.get("action")
    if action in ("accept", "propose"):
        require(can_answer_visit(current_user, visit))
    elif action == "accept_counter":
        require(can_act_for_visitors(current_user, visit))
    else:
        abort(400)
    form = VisitAnswerForm(prefix="answer")
    if not form.validate_on_submit():
        return _detail(visit, 400, answer_form=form)
    now = utcnow()
    try:
        if action == "accept":
            event = visits.accept_visit(
                visit, form.start_date.data, form.end_date.data, form.start_time.data,
                form.end_time.data, form.note.data or "", current_user, now,
            )  # fmt: skip
        elif action == "propose":
            visits.propose_other_date(
                visit, form.start_date.data, form.end_date.data, form.note.data or "", now,
                form.start_time.data, form.end_time.data,
            )  # fmt: skip
            event = None
        else:
            event = visits.accept_counter_proposal(
                visit, form.start_time.data, form.end_time.data, current_user, now
            )
    except EventError as exc:
        return _refused(visit_id, exc, answer_form=form)
    db.session.commit()
    if event is not None:
        flash(_("The visit is scheduled. Add its programme next."), "success")
        return redirect(url_for("events.show", event_id=event.id))
    flash(_("Your proposal was sent to the visitors."), "success")
    return redirect(url_for("events.visit_detail", visit_id=visit.id))


@bp.post("/visits/<int:visit_id>/decline")
def decline_visit(visit_id: int) -> Response | tuple[str, int]:
    """Say no, with a reason."""
    visit = _visit(visit_id)
    require(can_answer_visit(current_user, visit))
    form = DeclineForm(prefix="decline")
    if not form.validate_on_submit():
        return _detail(visit, 400, decline_form=form)
    try:
        visits.decline_visit(visit, form.reason.data, utcnow())
    except EventError as exc:
        return _refused(visit_id, exc, decline_form=form)
    db.session.commit()
    flash(_("The request was declined and the visitors will be told."), "success")
    return redirect(url_for("events.visit_detail", visit_id=visit.id))
