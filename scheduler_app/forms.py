"""The base form every form uses: WTForms' own messages go through our Thai/English
catalogue, and common validators carry translated messages."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import get_translations
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import Field, Form, PasswordField, SelectMultipleField, StringField, validators
from wtforms.validators import StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from scheduler_app.core import date_entry, date_window, thaidate

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


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    """FlaskForm with CSRF, translated built-in messages, no NUL characters and text
    without surrounding white space.

    PostgreSQL refuses NUL in text where SQLite stores it; stripping it from every value
    here makes both databases see the same text, whatever a form's fields are. Every
    text field (not passwords) is stripped, so a title of spaces is empty, and
    ``required()`` refuses it.

    Cross-field checks in a form's ``validate`` run whatever the other fields said (use
    ``usable`` to skip only a check whose own fields failed), so a form shows every
    error in one round trip.
    """

    class Meta:
        def get_translations(self, form: Any) -> BabelTranslations:
            return BabelTranslations()

        def bind_field(self, form: Form, unbound_field: Any, options: dict[str, Any]) -> Any:
            cls = unbound_field.field_class
            if issubclass(cls, StringField) and not issubclass(cls, PasswordField):
                filters = [*unbound_field.kwargs.get("filters", ()), _strip]
                options = {**options, "filters": filters}
            return super().bind_field(form, unbound_field, options)  # type: ignore[misc]

        def wrap_formdata(self, form: Form, formdata: Any) -> Any:
            wrapped = super().wrap_formdata(form, formdata)  # type: ignore[misc]
            if wrapped is None or not hasattr(wrapped, "getlist"):
                return wrapped
            return MultiDict(
                [(key, _without_nul(value)) for key in wrapped for value in wrapped.getlist(key)]
            )


def usable(*fields: Field) -> bool:
    """Whether every field read a value without an error: a cross-field check runs when
    its own fields are usable, whatever other fields said."""
    return all(not f.errors and f.data is not None for f in fields)


def add_error(field: Field, message: object) -> None:
    """Add a message beside ``field`` (after its own errors)."""
    field.errors = [*field.errors, message]


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


ZONE = ZoneInfo("Asia/Bangkok")


def local_today() -> date:
    """Today in Thailand (the day plausibility and "in the past" are measured from)."""
    from scheduler_app.extensions import utcnow

    return utcnow().astimezone(ZONE).date()


def _locale() -> str:
    from scheduler_app.i18n import current_locale

    return current_locale()


def _year_hint(locale: str, today: date) -> str:
    example = date_entry.format_date(today, locale)
    if locale == "th":
        return _(
            "Thai dates take the Buddhist Era year (e.g. %(example)s); a date written "
            "yyyy-mm-dd takes the Common Era year.",
            example=example,
        )
    return _(
        "Dates take the Common Era year (e.g. %(example)s), also when written yyyy-mm-dd.",
        example=example,
    )


def plausibility_message(value: date, today: date) -> str | None:
    """The translated reason a typed date is implausible (None when it is fine)."""
    problem = date_entry.plausibility(value, today)
    if problem is None:
        return None
    locale = _locale()
    if problem == "too_early":
        reason = _(
            "Please check the year: dates before %(earliest)s are not accepted.",
            earliest=thaidate.format_date(date_entry.EARLIEST_PLAUSIBLE, locale),
        )
    else:
        reason = _(
            "Please check the year: dates more than five years ahead (after %(latest)s) "
            "are not accepted.",
            latest=thaidate.format_date(date_entry.latest_plausible(today), locale),
        )
    return f"{reason} {_year_hint(locale, today)}"


class Plausible:
    """Refuse a date before 2500 BE or more than five years ahead (see ``core.date_entry``)."""

    def __call__(self, form: Form, field: Field) -> None:
        value = field.data
        if value is None:
            return
        day = value.date() if isinstance(value, datetime) else value
        message = plausibility_message(day, local_today())
        if message:
            # One reason beside the field: this one explains the era, which the wider
            # window's "between … and …" would only repeat less helpfully.
            raise StopValidation(message)


def _picker_words(locale: str) -> dict[str, Any]:
    """The calendar picker's words in the reader's language (``static/js/dates.js``)."""
    thai = locale == "th"
    return {
        "months": list(thaidate.THAI_MONTHS_LONG if thai else thaidate.EN_MONTHS_LONG),
        "days": ["จ", "อ", "พ", "พฤ", "ศ", "ส", "อา"]
        if thai
        else ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"],
        "days_long": list(thaidate.THAI_WEEKDAYS if thai else thaidate.EN_WEEKDAYS),
        "open": _("Choose a date"),
        "prev": _("Previous month"),
        "next": _("Next month"),
        "today": _("Today"),
        "close": _("Close"),
        "default_time": "09:00",
    }


class DateEntryInput(TextInput):
    """The one date (or date-and-time) widget: a text box the reader types in their own
    calendar, which ``static/js/dates.js`` gives a calendar picker."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind

    def __call__(self, field: Field, **kwargs: Any) -> Markup:
        locale = _locale()
        if self.kind == "date":  # digits only (20022570) work too; a date and time needs a space
            kwargs.setdefault("inputmode", "numeric")
        kwargs.setdefault("autocomplete", "off")
        kwargs.setdefault("spellcheck", "false")
        kwargs.setdefault("placeholder", field.pattern(locale))
        kwargs["data-date-entry"] = self.kind
        kwargs["data-locale"] = locale
        kwargs["data-picker"] = json.dumps(_picker_words(locale), ensure_ascii=False)
        kwargs["size"] = 16 if self.kind == "datetime" else 10
        return super().__call__(field, **kwargs)


def read_typed_entry(
    field: Field,
    valuelist: list[Any],
    parse: Callable[[str], Any],
    invalid: Callable[[], str],
) -> None:
    """Set ``field.data`` from the date or time typed in it: None when left empty,
    ``parse(text)`` otherwise; a text ``parse`` cannot read leaves None and is refused
    with the ``invalid()`` message."""
    if not valuelist:
        return
    text = str(valuelist[0]).strip()
    field.data = None
    if not text:
        return
    try:
        field.data = parse(text)
    except date_entry.DateEntryError:
        raise ValueError(invalid()) from None


class _DateEntryField(Field):
    """Shared reading and showing of typed dates; the server's parse is the truth."""

    kind = "date"
    data: Any

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        kwargs.pop("format", None)  # the format follows the reader's language
        super().__init__(label, [*(validators or []), Plausible(), InDateWindow()], **kwargs)

    def pattern(self, locale: str) -> str:
        return date_entry.date_pattern(locale)

    def example(self, locale: str, today: date) -> str:
        return date_entry.format_date(today, locale)

    @property
    def entry_hint(self) -> str:
        """'Format: วว/ดด/ปปปป (Buddhist Era), e.g. 20/02/2570' under the field."""
        locale = _locale()
        era = _("Buddhist Era") if locale == "th" else _("Common Era")
        return _(
            "Format: %(pattern)s (%(era)s year), e.g. %(example)s",
            pattern=self.pattern(locale),
            era=era,
            example=self.example(locale, local_today()),
        )

    def _format(self, value: Any, locale: str) -> str:
        return date_entry.format_date(value, locale)

    def _parse(self, text: str, locale: str) -> Any:
        return date_entry.parse_date(text, locale)

    # What a value that cannot be read is told (the date-and-time field says its own).
    invalid = _l("Please write the date as %(pattern)s, e.g. %(example)s.")

    def _invalid_message(self, locale: str) -> str:
        return str(self.invalid) % {
            "pattern": self.pattern(locale),
            "example": self.example(locale, local_today()),
        }

    def _value(self) -> str:
        if self.raw_data:
            return " ".join(str(v) for v in self.raw_data)
        if self.data is None:
            return ""
        return self._format(self.data, _locale())

    def process_formdata(self, valuelist: list[Any]) -> None:
        locale = _locale()
        read_typed_entry(
            self,
            valuelist,
            lambda text: self._parse(text, locale),
            lambda: self._invalid_message(locale),
        )


class BoundedDateField(_DateEntryField):
    """A date typed in the reader's calendar (BE in Thai, CE in English, or ISO), inside
    the app's window and plausible; every date form field is one of these."""

    widget = DateEntryInput("date")


class BoundedDateTimeField(_DateEntryField):
    """A local date and 24-hour time, typed like ``20/02/2570 09:30`` in Thai."""

    widget = DateEntryInput("datetime")
    kind = "datetime"

    def pattern(self, locale: str) -> str:
        return f"{date_entry.date_pattern(locale)} {date_entry.time_pattern(locale)}"

    def example(self, locale: str, today: date) -> str:
        return date_entry.format_datetime(datetime.combine(today, datetime.min.time()), locale)

    def _format(self, value: Any, locale: str) -> str:
        return date_entry.format_datetime(value, locale)

    def _parse(self, text: str, locale: str) -> Any:
        return date_entry.parse_datetime(text, locale)

    invalid = _l("Please write the date and time as %(pattern)s, e.g. %(example)s.")


class TimeEntryField(Field):
    """A time of day on the 24-hour clock (``14:30``), typed in a text box: the browser's
    own time box shows AM/PM in some languages."""

    widget = TextInput()
    data: Any

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        kwargs.pop("format", None)
        render_kw = dict(kwargs.pop("render_kw", None) or {})
        render_kw.setdefault("inputmode", "numeric")
        render_kw.setdefault("autocomplete", "off")
        render_kw.setdefault("size", 5)
        render_kw.setdefault("maxlength", 8)
        render_kw["data-time-entry"] = "1"
        super().__init__(label, validators, render_kw=render_kw, **kwargs)

    @property
    def entry_hint(self) -> str:
        locale = _locale()
        return _(
            "24-hour clock, %(pattern)s, e.g. %(example)s",
            pattern=date_entry.time_pattern(locale),
            example="14:30",
        )

    def __call__(self, **kwargs: Any) -> Markup:
        kwargs.setdefault("placeholder", date_entry.time_pattern(_locale()))
        return super().__call__(**kwargs)

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return "" if self.data is None else f"{self.data.hour:02d}:{self.data.minute:02d}"

    def process_formdata(self, valuelist: list[Any]) -> None:
        read_typed_entry(self, valuelist, date_entry.parse_time, self._invalid_message)

    def _invalid_message(self) -> str:
        return _(
            "Please write the time on the 24-hour clock as %(pattern)s, e.g. 14:30.",
            pattern=date_entry.time_pattern(_locale()),
        )


class DateListField(StringField):
    """Dates typed as a list, separated by commas or new lines, in the reader's
    calendar; ``data`` is the list. An error names the item that is not a date."""

    data: Any

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return date_entry.format_date_list(list(self.data or []), _locale())

    max_chars = 1000

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist:
            return
        locale = _locale()
        text = str(valuelist[0])
        if len(text) > self.max_chars:
            self.data = []
            raise ValueError(_("Please use at most %(max)d characters.", max=self.max_chars))
        try:
            days = date_entry.parse_date_list(text, locale)
        except date_entry.DateEntryError as exc:
            self.data = []
            raise ValueError(
                _(
                    "“%(item)s” is not a date. Please write dates as %(pattern)s, "
                    "e.g. %(example)s, separated by commas.",
                    item=str(exc),
                    pattern=date_entry.date_pattern(locale),
                    example=date_entry.format_date(local_today(), locale),
                )
            ) from None
        today = local_today()
        for day in days:
            message = plausibility_message(day, today)
            if message:
                self.data = days
                raise ValueError(f"{date_entry.format_date(day, locale)}: {message}")
        self.data = days


def check_date_window(values: Mapping[str, object], error: type[FieldError] = FieldError) -> None:
    """Raise ``error`` (a ``FieldError``) beside the first date or datetime in ``values``
    outside the window: services call it so a date that skipped a form is refused too."""
    for name, value in values.items():
        if isinstance(value, date | datetime) and not date_window.in_window(value):
            raise error(date_window_message(), field=name)


class InputRequired(validators.InputRequired):
    """WTForms' ``InputRequired`` that also refuses white space only ("   ")."""

    def __call__(self, form: Form, field: Field) -> None:
        raw = field.raw_data[0] if field.raw_data else None
        if isinstance(raw, str) and raw.strip():
            return
        if raw is not None and not isinstance(raw, str) and raw:
            return
        field.errors[:] = []
        raise StopValidation(self.message or field.gettext("This field is required."))


def required() -> validators.InputRequired:
    return InputRequired(message=_l("This field is required."))


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
