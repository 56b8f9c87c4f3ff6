"""Forms for training sessions: one session, or a weekly / fortnightly series."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField

from scheduler_app.events.forms import in_order, select_choices
from scheduler_app.forms import (
    BaseForm,
    BoundedDateField,
    DateListField,
    TimeEntryField,
    max_length,
    number_range,
    optional,
    required,
)


class SessionForm(BaseForm):
    title = StringField(_l("Session title"), validators=[optional(), max_length(200)])
    day = BoundedDateField(_l("Date"), validators=[required()])
    start_time = TimeEntryField(_l("Start time"), validators=[required()])
    end_time = TimeEntryField(_l("End time"), validators=[required()])

    def validate(self, extra_validators: Any = None) -> bool:
        ok = bool(super().validate(extra_validators))
        ok &= in_order(
            self.start_time, self.end_time, _l("The end must be after the start."), strictly=True
        )
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

    exceptions = DateListField(
        _l("Skip these dates"),
        description=_l("Dates separated by commas (e.g. public holidays)."),
    )
