"""Sign up, log in and out, reset a forgotten password, and edit one's own profile."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask import session as http_session
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import refresh as refresh_locale
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy.exc import IntegrityError

from scheduler_app.accounts import forms, notices, services
from scheduler_app.accounts import signup as signup_service
from scheduler_app.accounts.models import Person
from scheduler_app.accounts.sessions import end_all_sessions
from scheduler_app.extensions import db, limiter, utcnow
from scheduler_app.web import ViewResult, done, form_page, form_status, safe_next, stop

bp = Blueprint("accounts", __name__)


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
        account = signup_service.NewAccount(
            email=form.email.data,
            password=form.password.data,
            given_name=form.given_name.data,
            family_name=form.family_name.data or "",
            honorific=form.honorific.data or "",
            preferred_language=form.preferred_language.data,
        )
        person = signup_service.start_signup(account, utcnow())
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
    person = _person_from_link("signup", token)
    welcome = _("Welcome to Ruamjai! Your account is ready.")
    return _sign_in(person, url_for("accounts.profile"), welcome)


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
        refusal = _("The e-mail address or password is incorrect.")
    elif not person.is_active_account:
        refusal = _("This account has been deactivated. Please contact a network coordinator.")
    elif not person.is_email_confirmed:
        refusal = _("Please confirm your e-mail address first: open the link we sent you.")
    else:
        remember = bool(form.remember.data)
        return _sign_in(person, next_url, _("You are now logged in."), remember=remember)
    form.form_errors.append(refusal)
    return render_template("accounts/login.html", form=form, next_url=next_url), 400


@bp.post("/logout")
def logout() -> ViewResult:
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
    services.request_password_reset(form.email.data)
    # The same answer whether or not the address is registered.
    sent = _(
        "If that address is registered, we have sent a link to reset the password. "
        "Please check your e-mail."
    )
    return done(url_for("accounts.login"), sent, "info")


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> ViewResult:
    """Choose a new password from an e-mailed link."""
    person = _person_from_link("reset", token)
    form = forms.ResetPasswordForm()
    return form_page(
        form,
        "accounts/reset_password.html",
        lambda: services.reset_password(person, form.password.data),
        then=url_for("accounts.login"),
        saved=_("Your password has been changed. You can now log in."),
    )


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile() -> ViewResult:
    """Edit one's own names, position, phone and language."""
    form = forms.ProfileForm(obj=current_user, prefix="profile")
    if request.method == "GET":
        form.preferred_language.data = current_user.preferred_language or _current_language()
    if not form.validate_on_submit():
        return _render_profile(form, status=form_status())
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
    replaced = _(
        "Your private feed link has been replaced. Calendars using the old link must be updated."
    )
    return _profile_button(
        lambda: services.regenerate_feed_token(current_user), url_for("accounts.profile"), replaced
    )


@bp.post("/profile/sessions/end")
@login_required
def end_sessions() -> ViewResult:
    """Log out everywhere: every browser and remember-me cookie, this one included."""

    def log_out_everywhere() -> None:
        end_all_sessions(current_user)
        logout_user()

    ended = _("You have been logged out everywhere. Please log in again.")
    return _profile_button(log_out_everywhere, url_for("main.home"), ended, "info")


# --- helpers ---------------------------------------------------------------------------


def _current_language() -> str:
    from scheduler_app.i18n import current_locale

    return current_locale()


def _form_values(form: forms.BaseForm) -> dict[str, object]:
    skip = {"csrf_token", "submit"}
    return {name: f.data for name, f in form._fields.items() if name not in skip}


def _render_invalid(template: str, form: forms.BaseForm, **context: object) -> ViewResult:
    return render_template(template, form=form, **context), form_status()


def _profile_button(
    act: Callable[[], object], then: str, saved: str, category: str = "success"
) -> ViewResult:
    """A button of the profile page: ``act``, commit, say so and go on to ``then``; a form
    gone stale shows the profile page again (400)."""
    if not forms.ActionForm().validate_on_submit():
        return _render_profile(status=400)
    act()
    return done(then, saved, category)


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


def _sign_in(person: Person, then: str, saved: str, *, remember: bool = False) -> ViewResult:
    """Sign ``person`` in (the time recorded), speak their language, and go on to ``then``."""
    login_user(person, remember=remember)
    services.record_login(person, utcnow())
    refresh_locale()
    return done(then, saved)


# The e-mailed links that name a person: how each is read, and what one that expired or
# is not valid (or was used already) says.
_LINKS: dict[str, tuple[Callable[[str], Person], Any, Any]] = {
    "signup": (
        signup_service.confirm_signup,
        _l("This confirmation link has expired. Please sign up again."),
        _l("This confirmation link is not valid or has already been used."),
    ),
    "reset": (
        services.person_from_reset_token,
        _l("This reset link has expired. Please ask for a new one."),
        _l("This reset link is not valid or has already been used."),
    ),
}


def _person_from_link(link: str, token: str) -> Person:
    """The person a ``link`` (``_LINKS``) with ``token`` names; a link that expired or is
    not valid stops the request at a page that says which (400)."""
    read, expired, invalid = _LINKS[link]
    try:
        return read(token)
    except services.ResetTokenExpired:
        message = str(expired)
    except services.ResetTokenInvalid:
        message = str(invalid)
    stop(render_template("accounts/reset_invalid.html", message=message), 400)
