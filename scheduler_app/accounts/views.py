"""Sign up, log in and out, reset a forgotten password, and edit one's own profile."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask import session as http_session
from flask_babel import gettext as _
from flask_babel import refresh as refresh_locale
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response as WerkzeugResponse

from scheduler_app.accounts import forms, notices, services
from scheduler_app.accounts import signup as signup_service
from scheduler_app.accounts.sessions import end_all_sessions
from scheduler_app.extensions import db, limiter, utcnow
from scheduler_app.web import safe_next

bp = Blueprint("accounts", __name__)

ViewResult = str | tuple[str, int] | WerkzeugResponse


def _login_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT"])


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def signup() -> ViewResult:
    """Ask for an account; the same answer whether or not the address is registered."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = forms.SignupForm()
    if request.method == "GET":
        form.preferred_language.data = http_session.get("lang") or _current_language()
    if not form.validate_on_submit():
        return _render_invalid("accounts/signup.html", form, notice=notices.current_notice())
    try:
        person = signup_service.start_signup(
            email=form.email.data,
            password=form.password.data,
            given_name=form.given_name.data,
            family_name=form.family_name.data or "",
            honorific=form.honorific.data or "",
            preferred_language=form.preferred_language.data,
            now=utcnow(),
        )
        if person is not None:
            notices.record_consents(
                person, ["account", *(form.optional_purposes.data or [])], utcnow()
            )
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # a concurrent sign-up won the address: same answer
    flash(
        _(
            "Thank you. We have sent a message to %(email)s: please open the link in it to "
            "finish signing up.",
            email=services.normalise_email(form.email.data),
        ),
        "info",
    )
    return redirect(url_for("accounts.login"))


@bp.get("/signup/confirm/<token>")
def confirm_signup(token: str) -> ViewResult:
    """Open the mailed link: the address is proven, the account ready, the person in."""
    try:
        person = signup_service.confirm_signup(token)
    except services.ResetTokenExpired:
        return _bad_link(_("This confirmation link has expired. Please sign up again."))
    except services.ResetTokenInvalid:
        return _bad_link(_("This confirmation link is not valid or has already been used."))
    services.record_login(person, utcnow())
    db.session.commit()
    login_user(person)
    refresh_locale()
    flash(_("Welcome to Ruamjai! Your account is ready."), "success")
    return redirect(url_for("accounts.profile"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login() -> ViewResult:
    """Sign in with e-mail and password."""
    next_url = safe_next(request.args.get("next"), url_for("main.home"))
    if current_user.is_authenticated:
        return redirect(next_url)
    form = forms.LoginForm()
    if not form.validate_on_submit():
        return _render_invalid("accounts/login.html", form, next_url=next_url)
    person = services.authenticate(form.email.data, form.password.data)
    if person is None:
        form.form_errors.append(_("The e-mail address or password is incorrect."))
        return render_template("accounts/login.html", form=form, next_url=next_url), 400
    if not person.is_active_account:
        form.form_errors.append(
            _("This account has been deactivated. Please contact a network coordinator.")
        )
        return render_template("accounts/login.html", form=form, next_url=next_url), 400
    if not person.is_email_confirmed:
        form.form_errors.append(
            _("Please confirm your e-mail address first: open the link we sent you.")
        )
        return render_template("accounts/login.html", form=form, next_url=next_url), 400
    login_user(person, remember=bool(form.remember.data))
    services.record_login(person, utcnow())
    db.session.commit()
    refresh_locale()
    flash(_("You are now logged in."), "success")
    return redirect(next_url)


@bp.post("/logout")
def logout() -> WerkzeugResponse:
    """Sign out (POST with a CSRF token, so no other site can sign anyone out).

    Every session of the person ends, so a copied cookie opens nothing afterwards."""
    if current_user.is_authenticated:
        end_all_sessions(current_user)
        db.session.commit()
    logout_user()
    flash(_("You have been logged out."), "info")
    return redirect(url_for("main.home"))


@bp.route("/reset-password", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def reset_request() -> ViewResult:
    """Ask for a password-reset link by e-mail."""
    form = forms.ResetRequestForm()
    if not form.validate_on_submit():
        return _render_invalid("accounts/reset_request.html", form)
    if services.request_password_reset(form.email.data):
        db.session.commit()
    # The same answer whether or not the address is registered.
    flash(
        _(
            "If that address is registered, we have sent a link to reset the password. "
            "Please check your e-mail."
        ),
        "info",
    )
    return redirect(url_for("accounts.login"))


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> ViewResult:
    """Choose a new password from an e-mailed link."""
    try:
        person = services.person_from_reset_token(token)
    except services.ResetTokenExpired:
        return _bad_link(_("This reset link has expired. Please ask for a new one."))
    except services.ResetTokenInvalid:
        return _bad_link(_("This reset link is not valid or has already been used."))
    form = forms.ResetPasswordForm()
    if not form.validate_on_submit():
        return _render_invalid("accounts/reset_password.html", form)
    services.reset_password(person, form.password.data)
    db.session.commit()
    flash(_("Your password has been changed. You can now log in."), "success")
    return redirect(url_for("accounts.login"))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile() -> ViewResult:
    """Edit one's own names, position, phone and language."""
    form = forms.ProfileForm(obj=current_user, prefix="profile")
    if request.method == "GET":
        form.preferred_language.data = current_user.preferred_language or _current_language()
    if not form.validate_on_submit():
        return _render_profile(form, status=400 if request.method == "POST" else 200)
    services.update_profile(current_user, **_form_values(form))
    db.session.commit()
    http_session["lang"] = current_user.preferred_language
    refresh_locale()
    flash(_("Your profile has been saved."), "success")
    return redirect(url_for("accounts.profile"))


@bp.post("/profile/password")
@login_required
def change_password() -> ViewResult:
    """Change one's password, proving the current one first."""
    form = forms.ChangePasswordForm(prefix="password")
    is_valid = form.validate_on_submit()
    if is_valid and not current_user.check_password(form.current_password.data):
        form.current_password.errors = [_("Your current password is not correct.")]
        is_valid = False
    if not is_valid:
        return _render_profile(password_form=form, status=400)
    person = current_user._get_current_object()
    services.change_password(person, form.password.data)
    db.session.commit()
    login_user(person)  # this browser stays in; every other session has ended
    flash(_("Your password has been changed. You have been logged out everywhere else."), "success")
    return redirect(url_for("accounts.profile"))


@bp.post("/profile/feed-token")
@login_required
def regenerate_feed_token() -> ViewResult:
    """Replace the private feed link; the old one stops working at once."""
    form = forms.ActionForm()
    if not form.validate_on_submit():
        return _render_profile(status=400)
    services.regenerate_feed_token(current_user)
    db.session.commit()
    flash(
        _(
            "Your private feed link has been replaced. Calendars using the old link must be "
            "updated."
        ),
        "success",
    )
    return redirect(url_for("accounts.profile"))


@bp.post("/profile/sessions/end")
@login_required
def end_sessions() -> ViewResult:
    """Log out everywhere: every browser and remember-me cookie, this one included."""
    form = forms.ActionForm()
    if not form.validate_on_submit():
        return _render_profile(status=400)
    end_all_sessions(current_user)
    db.session.commit()
    logout_user()
    flash(_("You have been logged out everywhere. Please log in again."), "info")
    return redirect(url_for("main.home"))


# --- helpers ---------------------------------------------------------------------------


def _current_language() -> str:
    from scheduler_app.i18n import current_locale

    return current_locale()


def _form_values(form: forms.BaseForm) -> dict[str, object]:
    skip = {"csrf_token", "submit"}
    return {name: f.data for name, f in form._fields.items() if name not in skip}


def _render_invalid(template: str, form: forms.BaseForm, **context: object) -> ViewResult:
    status = 400 if request.method == "POST" else 200
    return render_template(template, form=form, **context), status


def _render_profile(
    form: forms.ProfileForm | None = None,
    password_form: forms.ChangePasswordForm | None = None,
    status: int = 200,
) -> tuple[str, int]:
    if form is None:
        form = forms.ProfileForm(obj=current_user, prefix="profile", formdata=None)
        form.preferred_language.data = current_user.preferred_language or _current_language()
    html = render_template(
        "accounts/profile.html",
        form=form,
        password_form=password_form or forms.ChangePasswordForm(prefix="password", formdata=None),
        action_form=forms.ActionForm(formdata=None),
        role_labels=forms.role_labels(),
    )
    return html, status


def _bad_link(message: str) -> tuple[str, int]:
    return render_template("accounts/reset_invalid.html", message=message), 400
