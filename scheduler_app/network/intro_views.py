"""Sending introductions, answering them from the mail, and turning an accepted one
into a pre-filled study-visit request."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from scheduler_app.accounts.permissions import is_staff
from scheduler_app.directory.lookup import fixed_picker, member_source
from scheduler_app.directory.models import Member
from scheduler_app.events.study_visits import operations as visits
from scheduler_app.events.study_visits.forms import VisitRequestForm
from scheduler_app.extensions import db, utcnow
from scheduler_app.i18n import current_locale
from scheduler_app.network import introductions
from scheduler_app.network.forms import AnswerForm, IntroductionForm
from scheduler_app.network.models import Introduction
from scheduler_app.network.permissions import can_introduce, require
from scheduler_app.network.views import bp

REFUSALS = {
    "self": _l("A member cannot be introduced to itself."),
    "inactive": _l("One of these members is no longer active."),
    "opted_out": _l("One of these members does not want introductions."),
    "twice": _l("These two members were introduced recently. Wait for their answers."),
    "no_recipient": _l("One of these members has no one who could receive the e-mail."),
}
VISIT_START_DAYS = 30


def _back() -> str:
    target = request.form.get("next", "")
    return target if target.startswith("/network") else url_for(".suggestions")


@bp.post("/introductions")
def send_introduction() -> Response | tuple[str, int]:
    """Send an introduction a person chose (coordinators, or the host in the middle)."""
    form = IntroductionForm()
    require(can_introduce(current_user, form.middle_member_id.data))
    if not form.validate_on_submit():
        return render_template("network/refused.html", errors=form.errors), 400
    a = db.session.get(Member, form.a_member_id.data)
    b = db.session.get(Member, form.b_member_id.data)
    middle = db.session.get(Member, form.middle_member_id.data or 0)
    if a is None or b is None:
        abort(404)
    try:
        introductions.send_introduction(
            a, b, sender=current_user, now=utcnow(), middle=middle, note=form.note.data or ""
        )
    except introductions.IntroductionRefused as refused:
        db.session.rollback()
        return render_template("network/refused.html", reason=REFUSALS[refused.code]), 409
    db.session.commit()
    flash(_("The introduction was sent to both members."), "success")
    return redirect(_back())


@bp.route("/introductions/<token>", methods=["GET", "POST"])
def answer(token: str) -> str | tuple[str, int]:
    """'I'd like to meet / not now': the signed link in the mail is the credential."""
    found = introductions.read_token(token)
    if found is None:
        abort(404)
    intro, member_id = found
    other = intro.b_member if member_id == intro.a_member_id else intro.a_member
    form = AnswerForm()
    if request.method == "GET":
        form.answer.data = request.args.get("answer", "")
    elif form.validate_on_submit():
        became_accepted = introductions.answer(intro, member_id, form.answer.data, utcnow())
        if became_accepted:
            introductions.tell_accepted(intro)
        db.session.commit()
    status = 400 if request.method == "POST" and form.errors else 200
    return render_template(
        "network/answer.html", intro=intro, other=other, form=form, token=token,
        mine=intro.answer_of(member_id), is_post=request.method == "POST",
        # anonymous: the link asks them to log in first; signed in: only if it will work
        may_request_visit=not current_user.is_authenticated
        or introductions.can_request_visit_for(current_user, intro),
    ), status  # fmt: skip


@bp.route("/introductions/<int:intro_id>/visit", methods=["GET", "POST"])
def visit_request(intro_id: int) -> Response | tuple[str, int]:
    """The study-visit request an accepted introduction leads to, filled in already."""
    intro = db.get_or_404(Introduction, intro_id)
    require(introductions.can_request_visit_for(current_user, intro))
    if not intro.is_accepted:
        abort(409)
    form = _visit_form(intro)
    if form.validate_on_submit():
        visit = visits.request_visit(form.values(), current_user, utcnow())
        intro.visit_request_id = visit.id
        db.session.commit()
        flash(_("Your request was sent to the host organisation."), "success")
        return redirect(url_for("events.visit_detail", visit_id=visit.id))
    status = 400 if request.method == "POST" else 200
    lead = _(
        "Both members said they would like to meet. We filled in what we know; change "
        "anything before sending."
    )
    page = render_template("events/study_visits/visit_request.html", form=form, lead=lead)
    return page, status


def _visit_form(intro: Introduction) -> VisitRequestForm:
    locale = current_locale()
    form = VisitRequestForm()
    sides = [intro.a_member, intro.b_member]
    own = current_user.member_id
    visitor = next((m for m in sides if m.id == own), sides[0])
    host = sides[1] if visitor is sides[0] else sides[0]
    both = {m.id for m in sides}
    form.host_member_id.source = member_source(only=both, keep=both)
    if is_staff(current_user):
        form.visiting_member_id.source = member_source(only=both, keep=both)
    else:
        fixed_picker(form.visiting_member_id, visitor.id)
    if request.method == "GET":
        start = utcnow().date() + timedelta(days=VISIT_START_DAYS)
        form.visiting_member_id.data = visitor.id
        form.host_member_id.data = host.id
        form.proposed_start.data = form.proposed_end.data = start
        form.delegation_size.data = 10
        form.purpose.data = _(
            "Following the introduction by the network: to meet %(host)s and learn from "
            "each other.",
            host=host.display_name(locale),
        )
    return form
