"""Privacy pages: the notice, one's consent choices, "my data", "erase me"; for admins
the notice editor, export and erasure on request, and the audit log."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from scheduler_app.accounts import audit, channels, mail_preferences, notices, sessions
from scheduler_app.accounts import privacy_forms as forms
from scheduler_app.accounts.models import Person, Role
from scheduler_app.accounts.permissions import role_required
from scheduler_app.accounts.privacy_models import AuditAction, PrivacyNotice, Purpose
from scheduler_app.extensions import db, utcnow
from scheduler_app.privacy import erasure, export
from scheduler_app.web import ViewResult, form_page, form_status, submit

bp = Blueprint("privacy", __name__)


def privacy_notice_outdated() -> bool:
    """Whether the layout shows "our privacy notice has changed": from what the user
    loader read with the person (no query), else (signed in during this request) asked."""
    if not current_user.is_authenticated or request.blueprint == "privacy":
        return False
    state = sessions.notice_state(current_user.id)
    if state is not None:
        return state.needs_reading
    return notices.needs_to_read_notice(current_user.id)


@bp.app_context_processor
def _notice_banner() -> dict[str, object]:
    return {"privacy_notice_outdated": privacy_notice_outdated}


@bp.get("/privacy")
def notice() -> str:
    """The current privacy notice, in the reader's language."""
    return render_template("privacy/notice.html", notice=notices.current_notice())


@bp.route("/privacy/choices", methods=["GET", "POST"])
@login_required
def choices() -> ViewResult:
    """Give or withdraw consent per purpose; download one's data; erase one's account."""
    form = forms.ConsentForm()
    if request.method == "GET":
        current = notices.current_consents(current_user.id)
        form.purposes.data = [p for p, row in current.items() if row.is_given]

    def apply() -> None:
        changed = notices.record_consents(current_user, form.purposes.data or [], utcnow())
        if Purpose.MAIL.value in changed:
            mail_preferences.withdraw_unwanted(current_user)  # a withdrawal stops queued mail

    return submit(
        form, lambda: _choices_page(form), apply,
        then=url_for("privacy.choices"), saved=_("Your choices have been saved."),
    )  # fmt: skip


@bp.get("/privacy/my-data.zip")
@login_required
def my_data() -> Response:
    """Everything the site holds about the signed-in person, as JSON and CSV in a zip."""
    return _zip_response(current_user, "my-data.zip")


@bp.post("/privacy/erase")
@login_required
def erase_self() -> ViewResult:
    """Erase one's own account, after proving the password."""
    form = forms.EraseSelfForm(prefix="erase")
    if form.validate_on_submit() and not current_user.check_password(form.password.data):
        form.password.errors = [_("Your password is not correct.")]
    if form.errors or not form.is_submitted():
        return _choices_page(erase_form=form), 400
    person = current_user._get_current_object()
    _erase(person, person)
    logout_user()
    flash(_("Your account and your personal data have been erased."), "info")
    return redirect(url_for("main.home"))


@bp.route("/admin/privacy/notice", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_notice() -> ViewResult:
    """Publish a new version of the notice (everyone is asked to read it again)."""
    current = notices.current_notice()
    form = forms.NoticeForm(obj=current)

    def publish() -> PrivacyNotice:
        return notices.publish_notice(form.body_th.data, form.body_en.data, current_user, utcnow())

    return form_page(
        form,
        "privacy/notice_edit.html",
        publish,
        then=url_for("privacy.edit_notice"),
        saved=lambda new: _("Version %(n)d of the privacy notice is published.", n=new.version),
        notice=current,
    )


@bp.get("/admin/people/<int:person_id>/export.zip")
@role_required(Role.ADMIN)
def export_on_request(person_id: int) -> Response:
    """A person's data for them, on their request (written to the audit log)."""
    person = db.get_or_404(Person, person_id)
    audit.record(current_user, AuditAction.EXPORTED, person, "on request", utcnow())
    db.session.commit()
    return _zip_response(person, f"person-{person.id}-data.zip")


@bp.route("/admin/people/<int:person_id>/erase", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def erase_on_request(person_id: int) -> ViewResult:
    """Erase someone on their request: admins only (hosts and coordinators cannot)."""
    person = db.get_or_404(Person, person_id)
    if person.id == current_user.id or person.erased_at is not None:
        abort(409)
    form = forms.EraseOnRequestForm()
    if not form.validate_on_submit():
        page = render_template("privacy/erase_on_request.html", form=form, person=person)
        return page, form_status()
    _erase(person, current_user)
    flash(_("The person's account and personal data have been erased."), "success")
    return redirect(url_for("people.people_admin"))


@bp.get("/admin/audit")
@role_required(Role.ADMIN)
def audit_log() -> str:
    """What admins and coordinators changed about people, newest first."""
    page = audit.entries(request.args.get("page", 1, type=int) or 1, per_page=50)
    ids = {e.actor_id for e in page.items} | {e.subject_id for e in page.items}
    people = {
        p.id: p
        for p in db.session.execute(db.select(Person).where(Person.id.in_(ids - {None}))).scalars()
    }
    return render_template("privacy/audit.html", page=page, people=people)


# --- helpers ---------------------------------------------------------------------------


def _choices_page(
    form: forms.ConsentForm | None = None, erase_form: forms.EraseSelfForm | None = None
) -> str:
    if form is None:
        form = forms.ConsentForm(formdata=None)
        current = notices.current_consents(current_user.id)
        form.purposes.data = [p for p, row in current.items() if row.is_given]
    return render_template(
        "privacy/choices.html",
        form=form,
        erase_form=erase_form or forms.EraseSelfForm(prefix="erase", formdata=None),
        notice=notices.current_notice(),
        history=notices.consent_history(current_user.id),
        labels=forms.purpose_labels() | channels.consent_labels(),
        needs_reading=notices.needs_to_read_notice(current_user.id),
    )


def _zip_response(person: Person, filename: str) -> Response:
    data = export.build_zip(person, utcnow())
    response = Response(data, mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _erase(person: Person, actor: Person) -> None:
    """Erase ``person`` for good: the rows, committed, then their photo's file."""
    from scheduler_app.directory.photos import delete_photo

    photo = erasure.erase_person(person, actor, utcnow())
    db.session.commit()
    delete_photo(current_app.config["UPLOAD_DIR"], photo)
