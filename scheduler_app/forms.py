"""The base form every form uses: WTForms' own messages go through our Thai/English
catalogue, and common validators carry translated messages."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from flask_babel import get_translations
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import DateField, DateTimeLocalField, Field, Form, SelectMultipleField, validators
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from scheduler_app.core import date_window, thaidate

# WTForms emits these itself; listing them here puts them in our catalogue.
WTFORMS_MESSAGES = (
    _l("This field is required."),
    _l("Not a valid integer value."),
    _l("Not a valid decimal value."),
    _l("Not a valid float value."),
    _l("Not a valid date value."),
    _l("Not a valid datetime value."),
    _l("Not a valid time value."),
    _l("Not a valid choice."),
    _l("Invalid Choice: could not coerce."),
    _l("Invalid email address."),
    _l("Invalid input."),
    _l("Field must be equal to %(other_name)s."),
    _l("The CSRF token is missing."),
    _l("The CSRF token is invalid."),
    _l("The CSRF token has expired."),
    _l("The CSRF tokens do not match."),
    _l("Invalid field name '%s'."),
    _l("File does not have an approved extension: %(extensions)s"),
    _l("'%(value)s' is not a valid choice for this field."),
    _l("'%(value)s' are not valid choices for this field."),
)


class FieldError(Exception):
    """A change a service refuses; ``field`` names the form field to show it beside."""

    def __init__(self, message: object, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


class BabelTranslations:
    """Adapter handing WTForms' strings to our catalogue, unformatted: WTForms fills
    the placeholders itself (Flask-Babel's own ngettext would format with ``num`` only)."""

    def gettext(self, string: str) -> str:
        return str(get_translations().ugettext(string))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return str(get_translations().ungettext(singular, plural, n))


class CheckboxesField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class BaseForm(FlaskForm):
    """FlaskForm with CSRF, translated built-in messages and no NUL characters.

    PostgreSQL refuses NUL in text where SQLite stores it; stripping it from every value
    here makes both databases see the same text, whatever a form's fields are.
    """

    class Meta:
        def get_translations(self, form: Any) -> BabelTranslations:
            return BabelTranslations()

        def wrap_formdata(self, form: Form, formdata: Any) -> Any:
            wrapped = super().wrap_formdata(form, formdata)  # type: ignore[misc]
            if wrapped is None or not hasattr(wrapped, "getlist"):
                return wrapped
            return MultiDict(
                [(key, _without_nul(value)) for key in wrapped for value in wrapped.getlist(key)]
            )


def _without_nul(value: Any) -> Any:
    return value.replace("\x00", "") if isinstance(value, str) else value


def date_window_message() -> str:
    """ "Please enter a date between …", with the window's ends in the reader's calendar."""
    from scheduler_app.i18n import current_locale

    locale = current_locale()
    return _(
        "Please enter a date between %(earliest)s and %(latest)s.",
        earliest=thaidate.format_date(date_window.EARLIEST, locale),
        latest=thaidate.format_date(date_window.LATEST, locale),
    )


class InDateWindow:
    """Refuse dates outside ``core.date_window`` (year 0001, 9999, a BE year typed as AD)."""

    def __call__(self, form: Form, field: Field) -> None:
        if not date_window.in_window(field.data):
            raise ValidationError(date_window_message())


def _window_attrs(render_kw: dict[str, Any] | None, fmt: str) -> dict[str, Any]:
    attrs = dict(render_kw or {})
    attrs.setdefault("min", date_window.EARLIEST.strftime(fmt))
    attrs.setdefault("max", date_window.LATEST.strftime(fmt))
    return attrs


class BoundedDateField(DateField):
    """A date inside the app's date window; every date form field is one of these."""

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        kwargs["render_kw"] = _window_attrs(kwargs.get("render_kw"), "%Y-%m-%d")
        super().__init__(label, [*(validators or []), InDateWindow()], **kwargs)


class BoundedDateTimeField(DateTimeLocalField):
    """A local date and time inside the app's date window."""

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("format", "%Y-%m-%dT%H:%M")
        kwargs["render_kw"] = _window_attrs(kwargs.get("render_kw"), "%Y-%m-%dT00:00")
        super().__init__(label, [*(validators or []), InDateWindow()], **kwargs)


def check_date_window(values: Mapping[str, object], error: type[FieldError] = FieldError) -> None:
    """Raise ``error`` (a ``FieldError``) beside the first date or datetime in ``values``
    outside the window: services call it so a date that skipped a form is refused too."""
    for name, value in values.items():
        if isinstance(value, date | datetime) and not date_window.in_window(value):
            raise error(date_window_message(), field=name)


def required() -> validators.InputRequired:
    return validators.InputRequired(message=_l("This field is required."))


def optional() -> validators.Optional:
    return validators.Optional()


def max_length(n: int) -> validators.Length:
    return validators.Length(max=n, message=_l("Please use at most %(max)d characters."))


def length_between(lo: int, hi: int) -> validators.Length:
    return validators.Length(
        min=lo, max=hi, message=_l("Please use between %(min)d and %(max)d characters.")
    )


class DeliverableEmail(validators.Email):
    """A valid address our mail can reach: SMTP without SMTPUTF8 carries ASCII addresses
    only, so one with Thai letters (``ผู้ใช้@ตัวอย่าง.ไทย``) is refused here rather than
    accepted and never reached (no reset link could ever arrive)."""

    def __call__(self, form: Form, field: Field) -> None:
        if isinstance(field.data, str) and not field.data.isascii():
            raise ValidationError(
                _(
                    "Our mail cannot reach addresses written with Thai or other non-Latin "
                    "letters yet. Please use an address in Latin letters."
                )
            )
        super().__call__(form, field)


def email_address() -> validators.Email:
    return DeliverableEmail(
        message=_l("Please enter a valid e-mail address."), check_deliverability=False
    )


def number_range(lo: float | None = None, hi: float | None = None) -> validators.NumberRange:
    if lo is not None and hi is not None:
        message = _l("Please enter a number between %(min)s and %(max)s.")
    elif lo is not None:
        message = _l("Please enter a number of at least %(min)s.")
    else:
        message = _l("Please enter a number of at most %(max)s.")
    return validators.NumberRange(min=lo, max=hi, message=message)


def latitude() -> validators.NumberRange:
    return validators.NumberRange(-90, 90, message=_l("Latitude must be between -90 and 90."))


def longitude() -> validators.NumberRange:
    return validators.NumberRange(-180, 180, message=_l("Longitude must be between -180 and 180."))


def thailand_point_error(lat: float | None, lon: float | None) -> Any:
    """A translated message when a member's or venue's point lies outside Thailand (None
    when it is inside, or not given). Swapped values get their own message: the latitude
    range check alone would only say "between -90 and 90"."""
    from scheduler_app.core.geobounds import in_thailand, looks_swapped

    if lat is None or lon is None or in_thailand(lat, lon):
        return None
    if looks_swapped(lat, lon):
        return _l(
            "Latitude and longitude look swapped: in Thailand the latitude is about 6 to 20 "
            "and the longitude about 97 to 106."
        )
    return _l("This point is outside Thailand. Please check the latitude and longitude.")


def check_thailand_point(lat: Any, lon: Any) -> bool:
    """Add the outside-Thailand message to a form's latitude field; False when added.

    A swapped pair replaces the range error; otherwise the range errors stand alone.
    """
    outside = thailand_point_error(lat.data, lon.data)
    if outside is None or (lon.errors and not lat.errors):
        return True
    from scheduler_app.core.geobounds import looks_swapped

    if lat.errors and not looks_swapped(lat.data, lon.data):
        return True
    lat.errors = [str(outside)]
    return False


def check_point_pair(lat: Any, lon: Any) -> bool:
    """Check a latitude/longitude pair: inside Thailand, and both given or neither.

    Adds the message to the offending field; False when one was added.
    """
    if not check_thailand_point(lat, lon):
        return False
    if lat.errors or lon.errors or (lat.data is None) == (lon.data is None):
        return True
    missing = lat if lat.data is None else lon
    missing.errors = [
        *missing.errors,
        str(_l("Please give both latitude and longitude, or neither.")),
    ]
    return False
