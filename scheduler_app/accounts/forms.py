"""Forms for signing up, signing in, resetting passwords, the profile and the people admin."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SearchField,
    SelectField,
    StringField,
    SubmitField,
    TelField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import EqualTo

from scheduler_app.accounts.models import Role
from scheduler_app.accounts.privacy_forms import SignupConsentMixin
from scheduler_app.forms import (
    BaseForm,
    email_address,
    length_between,
    max_length,
    optional,
    required,
)
from scheduler_app.pickers import PickerField

PASSWORD_MIN_LENGTH = 10


def strip_text(value: str | None) -> str | None:
    """Drop the spaces people paste around addresses and names."""
    return value.strip() if isinstance(value, str) else value


PASSWORD_MAX_LENGTH = 200


def language_choices() -> list[SelectChoice]:
    # Each language is named in itself so anyone can find their own.
    return [SelectChoice("th", "ไทย (Thai)"), SelectChoice("en", "English")]


def role_labels() -> dict[str, str]:
    return {
        Role.ADMIN.value: str(_l("Administrator")),
        Role.COORDINATOR.value: str(_l("Network coordinator")),
        Role.HOST.value: str(_l("Host")),
        Role.MEMBER.value: str(_l("Member")),
    }


def new_password_field(label: str) -> PasswordField:
    return PasswordField(
        label,
        validators=[required(), length_between(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)],
        description=_l("At least %(n)d characters.", n=PASSWORD_MIN_LENGTH),
        render_kw={"autocomplete": "new-password"},
    )


def confirm_password_field(other: str = "password") -> PasswordField:
    return PasswordField(
        _l("Confirm password"),
        validators=[required(), EqualTo(other, message=_l("The two passwords do not match."))],
        render_kw={"autocomplete": "new-password"},
    )


class NameFieldsMixin:
    """Honorific and names, shared by sign-up and the profile."""

    honorific = StringField(
        _l("Title"),
        validators=[optional(), max_length(40)],
        description=_l("For example นาย, นาง, นางสาว, Dr."),
        render_kw={"autocomplete": "honorific-prefix"},
    )
    given_name = StringField(
        _l("Given name"),
        validators=[required(), max_length(100)],
        render_kw={"autocomplete": "given-name"},
    )
    family_name = StringField(
        _l("Family name"),
        validators=[optional(), max_length(100)],
        render_kw={"autocomplete": "family-name"},
    )
    preferred_language = SelectField(
        _l("Preferred language"), choices=language_choices(), validators=[required()]
    )


class SignupForm(NameFieldsMixin, SignupConsentMixin, BaseForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[required(), max_length(254), email_address()],
        filters=[strip_text],
        render_kw={"autocomplete": "email"},
    )
    password = new_password_field(_l("Password"))
    confirm = confirm_password_field()
    submit = SubmitField(_l("Sign up"))


class LoginForm(BaseForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[required(), max_length(254)],
        filters=[strip_text],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[required(), max_length(PASSWORD_MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me signed in on this device"))
    submit = SubmitField(_l("Log in"))


class ResetRequestForm(BaseForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[required(), max_length(254), email_address()],
        filters=[strip_text],
        render_kw={"autocomplete": "email"},
    )
    submit = SubmitField(_l("Send me a reset link"))


class ResetPasswordForm(BaseForm):
    password = new_password_field(_l("New password"))
    confirm = confirm_password_field()
    submit = SubmitField(_l("Set new password"))


class ProfileForm(NameFieldsMixin, BaseForm):
    position = StringField(
        _l("Position"),
        validators=[optional(), max_length(200)],
        description=_l("Your position in your organisation, e.g. ปลัดเทศบาล."),
        render_kw={"autocomplete": "organization-title"},
    )
    phone = TelField(
        _l("Phone"),
        validators=[optional(), max_length(32)],
        render_kw={"autocomplete": "tel"},
    )
    submit = SubmitField(_l("Save profile"))


class ChangePasswordForm(BaseForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[required(), max_length(PASSWORD_MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    password = new_password_field(_l("New password"))
    confirm = confirm_password_field()
    submit = SubmitField(_l("Change password"))


class ActionForm(BaseForm):
    """A button-only form: just the CSRF token (logout, regenerate feed link)."""


class PeopleSearchForm(BaseForm):
    class Meta:
        csrf = False

    q = SearchField(_l("Name or e-mail"), validators=[optional(), max_length(100)])


class PersonAdminForm(BaseForm):
    role = SelectField(_l("Role"), validators=[required()])
    member_id = PickerField(
        _l("Organisation"), description=_l("Type part of its name; leave empty for none.")
    )
    is_active_account = BooleanField(_l("Account is active (can log in)"))
    submit = SubmitField(_l("Save changes"))
