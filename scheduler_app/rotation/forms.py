"""Forms for rotation series, pool settings, blackouts, swaps and overrides."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import ValidationError

from scheduler_app.forms import (
    BaseForm,
    BoundedDateField,
    add_error,
    length_between,
    max_length,
    number_range,
    optional,
    required,
)
from scheduler_app.pickers import PickerField


def parse_months(text: str) -> list[int]:
    """'3, 11' -> [3, 11]; raises ValueError on anything else."""
    parts = [p for p in text.replace(" ", ",").split(",") if p]
    months = [int(p) for p in parts]
    if not months or any(m < 1 or m > 12 for m in months):
        raise ValueError(text)
    return months


class SeriesForm(BaseForm):
    name_th = StringField(_l("Name (Thai)"), validators=[required(), length_between(1, 200)])
    name_en = StringField(_l("Name (English)"), validators=[optional(), max_length(200)])
    network_id = PickerField(_l("Also include every member under this network"))
    members = PickerField(
        _l("Member communities in the pool"),
        multiple=True,
        default=[],
        description=_l("Type part of a name and choose it; untick one to take it out."),
    )
    terms_per_year = IntegerField(
        _l("Terms per year"), default=2, validators=[required(), number_range(1, 12)]
    )
    preferred_months = StringField(
        _l("Preferred month of each term"),
        default="3, 11",
        description=_l("Month numbers separated by commas, one per term, e.g. 3, 11."),
        validators=[required(), max_length(60)],
    )
    horizon_terms = IntegerField(
        _l("Terms to plan ahead"), default=8, validators=[required(), number_range(1, 48)]
    )
    lead_weeks = IntegerField(
        _l("Lead time in weeks"),
        default=8,
        description=_l("No term is planned closer than this to today, so hosts can prepare."),
        validators=[required(), number_range(0, 104)],
    )

    def validate_preferred_months(self, field: Any) -> None:
        try:
            months = parse_months(field.data or "")
        except ValueError:
            raise ValidationError(_l("Please enter month numbers from 1 to 12.")) from None
        if self.terms_per_year.data and len(months) != self.terms_per_year.data:
            raise ValidationError(_l("Please give exactly one month for each term."))

    def validate(self, extra_validators: Any = None) -> bool:
        ok = bool(super().validate(extra_validators))
        if (
            not (self.members.errors or self.network_id.errors)
            and not self.members.data
            and not self.network_id.data
        ):
            add_error(self.members, _l("Choose member communities or a network."))
            return False
        return ok

    def values(self) -> dict[str, Any]:
        return {
            "name_th": self.name_th.data.strip(),
            "name_en": (self.name_en.data or "").strip(),
            "network_id": self.network_id.data or None,
            "terms_per_year": self.terms_per_year.data,
            "preferred_months": parse_months(self.preferred_months.data),
            "horizon_terms": self.horizon_terms.data,
            "lead_weeks": self.lead_weeks.data,
        }


def ce_year(value: int) -> int:
    """Years may be typed in the Buddhist Era (2569) or the Common Era (2026)."""
    return value - 543 if value > 2400 else value


class ReadinessForm(BaseForm):
    """ "Not before <term>", with a reason: a member's own say, or the coordinator's."""

    not_before_year = IntegerField(_l("Not before year"), validators=[optional()])
    not_before_term = IntegerField(_l("Not before term"), validators=[optional()])
    not_before_reason = StringField(
        _l("Why not before then"), validators=[optional(), max_length(500)]
    )

    def validate(self, extra_validators: Any = None) -> bool:
        # Optional fields stop their own validators when empty, so the pairing is checked
        # here, after each field has been read.
        ok = bool(super().validate(extra_validators))
        year, term = self.not_before_year.data, self.not_before_term.data
        if self.not_before_year.errors or self.not_before_term.errors:
            return False
        if (year is None) != (term is None):
            add_error(self.not_before_term, _l("Give both the year and the term, or neither."))
            ok = False
        elif term is not None and not 1 <= term <= 12:
            add_error(self.not_before_term, _l("Please enter a number between 1 and 12."))
            ok = False
        if year is not None and not (self.not_before_reason.data or "").strip():
            add_error(self.not_before_reason, _l("Please say why."))
            ok = False
        return ok

    def values(self) -> dict[str, Any]:
        not_before = None
        if self.not_before_year.data is not None and self.not_before_term.data is not None:
            not_before = (ce_year(self.not_before_year.data), self.not_before_term.data)
        return {
            "not_before": not_before,
            "not_before_reason": (self.not_before_reason.data or "").strip(),
        }


class PoolEntryForm(ReadinessForm):
    weight = IntegerField(
        _l("Weight"),
        default=1,
        description=_l(
            "Turns per round: 1 hosts once while everyone else hosts once; 2 hosts twice."
        ),
        validators=[required(), number_range(1, 10)],
    )
    is_unable_to_host = BooleanField(_l("Unable to host for now"))
    is_room_waived = BooleanField(_l("May host without a venue large enough"))

    def values(self) -> dict[str, Any]:
        return super().values() | {
            "weight": self.weight.data,
            "is_unable_to_host": bool(self.is_unable_to_host.data),
            "is_room_waived": bool(self.is_room_waived.data),
        }


class BlackoutForm(BaseForm):
    name = StringField(
        _l("What the days are"),
        description=_l("For example Songkran, or the rice harvest."),
        validators=[required(), length_between(1, 120)],
    )
    start_date = BoundedDateField(_l("First day"), validators=[required()])
    end_date = BoundedDateField(_l("Last day"), validators=[required()])

    def validate_end_date(self, field: Any) -> None:
        if self.start_date.data and field.data and field.data < self.start_date.data:
            raise ValidationError(_l("The last day cannot be before the first day."))


class DeclineForm(BaseForm):
    reason = TextAreaField(
        _l("Why your organisation cannot host this term"),
        validators=[required(), length_between(3, 2000)],
    )


class PastHostForm(BaseForm):
    year = IntegerField(
        _l("Year"),
        description=_l("Buddhist Era (2566) or Common Era (2023)."),
        validators=[required(), number_range(1900, 3000)],
    )
    term = IntegerField(_l("Term"), validators=[required(), number_range(1, 12)])
    member_id = SelectField(_l("Host"), coerce=int, validators=[required()])
    note = StringField(_l("Note"), validators=[optional(), max_length(500)])


class HolidayForm(BaseForm):
    day = BoundedDateField(_l("Day"), validators=[required()])
    name_th = StringField(_l("Name (Thai)"), validators=[required(), length_between(1, 120)])
    name_en = StringField(_l("Name (English)"), validators=[optional(), max_length(120)])


class ActionForm(BaseForm):
    """A button that changes something (CSRF only)."""


class SwapForm(BaseForm):
    other = SelectField(_l("Swap with"), coerce=int, validators=[required()])


class OverrideForm(BaseForm):
    term = SelectField(_l("Term"), validators=[required()])
    member_id = SelectField(_l("Host"), coerce=int, validators=[required()])
    reason = TextAreaField(
        _l("Reason (kept in the log)"), validators=[required(), length_between(3, 2000)]
    )

    def term_value(self) -> tuple[int, int]:
        year, term = str(self.term.data).split("-")
        return int(year), int(term)
