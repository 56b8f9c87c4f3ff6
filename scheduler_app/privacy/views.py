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
from werkzeug.wrappers import Response as WerkzeugResponse

from scheduler_app.accounts import audit, channels, mail_preferences, notices, sessions
from scheduler_app.accounts import privacy_forms as forms
from scheduler_app.accounts.models import Person, Role
from scheduler_app.accounts.permissions import role_required
from scheduler_app.accounts.privacy_models import AuditAction, Purpose
from scheduler_app.extensions import db, utcnow
from scheduler_app.privacy import erasure, export

bp = Blueprint("privacy", __name__)

ViewResult = str | tuple[str, int] | WerkzeugResponse


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
    if not form.validate_on_submit():
        return _render_choices(form, status=400 if request.method == "POST" else 200)
    changed = notices.record_consents(current_user, form.purposes.data or [], utcnow())
    if Purpose.MAIL.value in changed:
        mail_preferences.withdraw_unwanted(current_user)  # a withdrawal stops queued mail
    db.session.commit()
    flash(_("Your choices have been saved."), "success")
    return redirect(url_for("privacy.choices"))


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
        return _render_choices(erase_form=form, status=400)
    person = current_user._get_current_object()
    photo = erasure.erase_person(person, person, utcnow())
    db.session.commit()
    _delete_photo(photo)
    logout_user()
    flash(_("Your account and your personal data have been erased."), "info")
    return redirect(url_for("main.home"))


@bp.route("/admin/privacy/notice", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_notice() -> ViewResult:
    """Publish a new version of the notice (everyone is asked to read it again)."""
    current = notices.current_notice()
    form = forms.NoticeForm(obj=current)
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("privacy/notice_edit.html", form=form, notice=current), status
    published = notices.publish_notice(form.body_th.data, form.body_en.data, current_user, utcnow())
    db.session.commit()
    flash(_("Version %(n)d of the privacy notice is published.", n=published.version), "success")
    return redirect(url_for("privacy.edit_notice"))


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
        status = 400 if request.method == "POST" else 200
        return render_template("privacy/erase_on_request.html", form=form, person=person), status
    photo = erasure.erase_person(person, current_user, utcnow())
    db.session.commit()
    _delete_photo(photo)
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


def _render_choices(
    form: forms.ConsentForm | None = None,
    erase_form: forms.EraseSelfForm | None = None,
    status: int = 200,
) -> tuple[str, int]:
    if form is None:
        form = forms.ConsentForm(formdata=None)
        current = notices.current_consents(current_user.id)
        form.purposes.data = [p for p, row in current.items() if row.is_given]
    html = render_template(
        "privacy/choices.html",
        form=form,
        erase_form=erase_form or forms.EraseSelfForm(prefix="erase", formdata=None),
        notice=notices.current_notice(),
        history=notices.consent_history(current_user.id),
        labels=forms.purpose_labels() | channels.consent_labels(),
        needs_reading=notices.needs_to_read_notice(current_user.id),
    )
    return html, status


def _zip_response(person: Person, filename: str) -> Response:
    data = export.build_zip(person, utcnow())
    response = Response(data, mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _delete_photo(filename: str | None) -> None:
    from scheduler_app.directory.photos import delete_photo

    delete_photo(current_app.config["UPLOAD_DIR"], filename)
