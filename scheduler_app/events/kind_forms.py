"""Forms for rally stops, training sessions, roll-call, programme items, learning
reports and study-visit requests."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    FloatField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.widgets import CheckboxInput, ListWidget

from scheduler_app.events.forms import optional_int, select_choices
from scheduler_app.events.labels import LINK_LABELS
from scheduler_app.forms import (
    BaseForm,
    BoundedDateField,
    latitude,
    longitude,
    max_length,
    number_range,
    optional,
    required,
)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class StopForm(BaseForm):
    name = StringField(_l("Stop name"), validators=[required(), max_length(200)])
    host_member_id = SelectField(_l("Host at this stop"), coerce=optional_int)
    venue_id = SelectField(_l("Venue"), coerce=optional_int, validators=[optional()])
    latitude = FloatField(_l("Latitude"), validators=[optional(), latitude()])
    longitude = FloatField(_l("Longitude"), validators=[optional(), longitude()])
    arrive_date = BoundedDateField(_l("Arrival date"), validators=[required()])
    arrive_time = TimeField(_l("Arrival time"), validators=[required()])
    depart_time = TimeField(_l("Departure time"), validators=[required()])

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        if ok and self.depart_time.data < self.arrive_time.data:
            self.depart_time.errors = [_l("Departure must not be before arrival.")]
            ok = False
        if ok and (self.latitude.data is None) != (self.longitude.data is None):
            self.longitude.errors = [_l("Please give both latitude and longitude.")]
            ok = False
        return ok


class SessionForm(BaseForm):
    title = StringField(_l("Session title"), validators=[optional(), max_length(200)])
    day = BoundedDateField(_l("Date"), validators=[required()])
    start_time = TimeField(_l("Start time"), validators=[required()])
    end_time = TimeField(_l("End time"), validators=[required()])

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        if ok and self.end_time.data <= self.start_time.data:
            self.end_time.errors = [_l("The end must be after the start.")]
            ok = False
        return ok


class SeriesForm(SessionForm):
    every_weeks = SelectField(
        _l("Repeat"),
        default="1",
    )
    count = IntegerField(_l("Number of sessions"), validators=[required(), number_range(1, 52)])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.every_weeks.choices = select_choices(
            [("1", _l("Every week")), ("2", _l("Every two weeks"))]
        )

    exceptions = StringField(
        _l("Skip these dates"),
        validators=[optional(), max_length(500)],
        description=_l("Dates in YYYY-MM-DD form, separated by commas (e.g. public holidays)."),
    )


class ProgrammeItemForm(BaseForm):
    day = BoundedDateField(_l("Date"), validators=[required()])
    time = TimeField(_l("Time"), validators=[required()])
    title = StringField(_l("Programme item"), validators=[required(), max_length(300)])


class ReportForm(BaseForm):
    text = TextAreaField(
        _l("What did your delegation learn?"), validators=[required(), max_length(10000)]
    )


class VisitRequestForm(BaseForm):
    visiting_member_id = SelectField(_l("Visiting organisation"), coerce=optional_int)
    host_member_id = SelectField(_l("Organisation to visit"), coerce=optional_int)
    proposed_start = BoundedDateField(_l("First day"), validators=[required()])
    proposed_end = BoundedDateField(_l("Last day"), validators=[required()])
    delegation_size = IntegerField(
        _l("Delegation size"), validators=[required(), number_range(1, 500)]
    )
    purpose = TextAreaField(_l("Purpose of the visit"), validators=[required(), max_length(5000)])
    link_kinds = MultiCheckboxField(_l("What would you like to link with?"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.link_kinds.choices = select_choices(LINK_LABELS.items())

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        if ok and self.proposed_end.data < self.proposed_start.data:
            self.proposed_end.errors = [_l("The last day must not be before the first.")]
            ok = False
        if ok and self.visiting_member_id.data == self.host_member_id.data:
            self.host_member_id.errors = [_l("An organisation cannot visit itself.")]
            ok = False
        return ok


class VisitAnswerForm(BaseForm):
    """Accept with dates/times, or propose other dates."""

    start_date = BoundedDateField(_l("First day"), validators=[required()])
    end_date = BoundedDateField(_l("Last day"), validators=[required()])
    start_time = TimeField(_l("Start time"), validators=[required()])
    end_time = TimeField(_l("End time"), validators=[required()])
    note = TextAreaField(_l("Note to the visitors"), validators=[optional(), max_length(2000)])

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        if ok and (
            self.end_date.data < self.start_date.data
            or (
                self.end_date.data == self.start_date.data
                and self.end_time.data <= self.start_time.data
            )
        ):
            self.end_date.errors = [_l("The end must be after the start.")]
            ok = False
        return ok


class DeclineForm(BaseForm):
    reason = TextAreaField(_l("Reason"), validators=[required(), max_length(2000)])
