"""Survey, welcome question, mail preferences, unsubscribe pages, feedback results for
hosts and the coordinators' list of members gone quiet."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from scheduler_app.accounts import channels
from scheduler_app.accounts import mail_preferences as preferences
from scheduler_app.accounts.models import Person
from scheduler_app.events.models import Event
from scheduler_app.extensions import csrf, db, utcnow
from scheduler_app.followups import services, winback
from scheduler_app.followups.forms import FeedbackForm, HopesForm, PreferencesForm
from scheduler_app.followups.met import members_present, met_member_ids, record_met
from scheduler_app.followups.permissions import can_see_feedback, can_see_quiet_members
from scheduler_app.i18n import current_locale
from scheduler_app.web import page_arg, require

bp = Blueprint("followups", __name__)

ViewResult = str | tuple[str, int] | Response
CHANGE_LABELS = {
    "time": lambda: _("the date or time"),
    "place": lambda: _("the place"),
    "title": lambda: _("the title"),
    "description": lambda: _("the description"),
    "status": lambda: _("the status"),
    "details": lambda: _("the details"),
}
CATEGORY_LABELS = {
    "reminders": lambda: _("reminders before events"),
    "followups": lambda: _("thank-you notes, surveys and invitations to come back"),
    "digest": lambda: _("the digest of upcoming events"),
    "network": lambda: _("network news"),
}


@bp.app_template_global()
def pick(th: str, en: str) -> str:
    """The Thai or English variant for the language being rendered."""
    from scheduler_app.i18n import current_locale

    return th if current_locale() == "th" or not en else en


@bp.app_template_global()
def change_labels(groups: list[str]) -> str:
    return ", ".join(CHANGE_LABELS.get(g, CHANGE_LABELS["details"])() for g in groups)


@bp.app_template_global()
def mail_preferences_form() -> PreferencesForm:
    return PreferencesForm(obj=current_user, formdata=None)


def _survey_person(event: Event, token: str) -> Person | None:
    if token:
        return services.person_from_survey_token(token, event)
    return current_user if current_user.is_authenticated else None


@bp.route("/feedback/<int:event_id>", methods=["GET", "POST"])
def survey(event_id: int) -> ViewResult:
    """The short survey after an event: a rating and a comment."""
    event = db.get_or_404(Event, event_id)
    form = FeedbackForm()
    token = form.t.data or request.args.get("t", "")
    person = _survey_person(event, token)
    if person is None:
        if token:
            abort(404)
        require(False)
    assert person is not None
    if not services.took_part(person, event) or event.end_at > utcnow():
        return render_template("followups/survey_closed.html", event=event), 403
    form.met.choices = [
        (m.id, m.display_name(current_locale())) for m in members_present(event, person)
    ]
    if request.method == "GET":
        form.t.data = token
        existing = services.feedback_of(person, event)
        if existing is not None:
            form.rating.data, form.comment.data = existing.rating, existing.comment
        form.met.data = met_member_ids(event, person)
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("followups/survey.html", form=form, event=event), status
    services.submit_feedback(event, person, form.rating.data, form.comment.data or "", utcnow())
    record_met(event, person, form.met.data or [], utcnow())
    db.session.commit()
    return render_template("followups/survey_thanks.html", event=event)


@bp.get("/events/<int:event_id>/feedback")
def feedback_results(event_id: int) -> str:
    """What participants said about an event (its hosts, coordinators and admins)."""
    event = db.get_or_404(Event, event_id)
    require(can_see_feedback(current_user, event))
    summary = services.summarise_feedback(event)
    return render_template("followups/results.html", event=event, summary=summary)


@bp.route("/welcome/hopes", methods=["GET", "POST"])
@login_required
def hopes() -> ViewResult:
    """The welcome question: what do you hope to gain from the network?"""
    answer = services.hopes_of(current_user)
    form = HopesForm()
    if request.method == "GET" and answer is not None:
        form.hopes.data = [h for h in answer.hopes.split(",") if h]
        form.text.data = answer.text
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("followups/hopes.html", form=form), status
    services.save_hopes(current_user, form.hopes.data or [], form.text.data or "", utcnow())
    db.session.commit()
    flash(_("Thank you! Coordinators will use your answer to plan activities."), "success")
    return redirect(url_for("main.home"))


@bp.route("/account/mail", methods=["GET", "POST"])
@login_required
def mail_preferences() -> ViewResult:
    """Which e-mails I receive, and how often the digest comes."""
    form = PreferencesForm(obj=current_user)
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("followups/preferences.html", form=form), status
    form.populate_obj(current_user)
    if current_user.digest_frequency != preferences.DigestFrequency.NEVER:
        # A digest frequency chosen here is a digest by e-mail (it may have been LINE only).
        channels.set_choice(current_user, channels.Topic.DIGEST, channels.EMAIL, True, utcnow())
    preferences.withdraw_unwanted(current_user)
    db.session.commit()
    flash(_("Your e-mail preferences are saved."), "success")
    return redirect(url_for("followups.mail_preferences"))


def _token_or_404(token: str) -> tuple[Person, preferences.Category]:
    found = preferences.read_token(token)
    if found is None:
        abort(404)
    return found


@bp.get("/unsubscribe/<token>")
def unsubscribe(token: str) -> str:
    """What this link stops, and a button to stop it."""
    person, category = _token_or_404(token)
    label = CATEGORY_LABELS[category]()
    return render_template(
        "followups/unsubscribe.html", token=token, label=label, done=False,
        already=not preferences.email_allows(person, category),
    )  # fmt: skip


@bp.post("/unsubscribe/<token>")
def unsubscribe_now(token: str) -> Any:
    """One-click unsubscribe (RFC 8058): works without login or CSRF token."""
    person, category = _token_or_404(token)
    preferences.opt_out(person, category)
    preferences.withdraw_unwanted(person)
    db.session.commit()
    label = CATEGORY_LABELS[category]()
    return render_template(
        "followups/unsubscribe.html", token=token, label=label, done=True, already=True
    )


csrf.exempt(unsubscribe_now)


@bp.get("/coordination/quiet-members")
def quiet_members() -> str:
    """People with no registration and no login for six months (coordinators)."""
    require(can_see_quiet_members(current_user))
    page = db.paginate(
        winback.quiet_people_query(utcnow()),
        page=page_arg(),
        per_page=50,
        error_out=False,
        count=True,
    )
    people = list(page.items)
    registered = winback.last_registrations([p.id for p in people])
    rows = [(p, winback.activity_of(p, registered.get(p.id))) for p in people]
    return render_template("followups/quiet.html", page=page, rows=rows)


from scheduler_app.followups import quiet_views  # noqa: E402, F401
