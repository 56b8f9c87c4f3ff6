"""Forms for study visits: the request, the host's answer, the programme, the report."""

from __future__ import annotations

from datetime import time
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    IntegerField,
    StringField,
    TextAreaField,
)

from scheduler_app.events.forms import in_order, select_choices
from scheduler_app.events.labels import LINK_LABELS
from scheduler_app.events.study_visits.models import StudyVisitRequest
from scheduler_app.events.study_visits.operations import VisitRequestValues
from scheduler_app.forms import (
    BaseForm,
    BoundedDateField,
    CheckboxesField,
    TimeEntryField,
    add_error,
    max_length,
    number_range,
    optional,
    required,
    usable,
)
from scheduler_app.pickers import PickerField


class ProgrammeItemForm(BaseForm):
    day = BoundedDateField(_l("Date"), validators=[required()])
    time = TimeEntryField(_l("Time"), validators=[required()])
    title = StringField(_l("Programme item"), validators=[required(), max_length(300)])


class ReportForm(BaseForm):
    text = TextAreaField(
        _l("What did your delegation learn?"), validators=[required(), max_length(10000)]
    )


class VisitRequestForm(BaseForm):
    visiting_member_id = PickerField(
        _l("Visiting organisation"), required=_l("Please choose the visiting organisation.")
    )
    host_member_id = PickerField(
        _l("Organisation to visit"), required=_l("Please choose the organisation to visit.")
    )
    proposed_start = BoundedDateField(_l("First day"), validators=[required()])
    proposed_end = BoundedDateField(_l("Last day"), validators=[required()])
    delegation_size = IntegerField(
        _l("Delegation size"), validators=[required(), number_range(1, 500)]
    )
    purpose = TextAreaField(_l("Purpose of the visit"), validators=[required(), max_length(5000)])
    link_kinds = CheckboxesField(_l("What would you like to link with?"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.link_kinds.choices = select_choices(LINK_LABELS.items())

    def validate(self, extra_validators: Any = None) -> bool:
        ok = bool(super().validate(extra_validators))
        ok &= in_order(
            self.proposed_start, self.proposed_end, _l("The last day must not be before the first.")
        )
        if (
            usable(self.visiting_member_id, self.host_member_id)
            and self.visiting_member_id.data == self.host_member_id.data
        ):
            add_error(self.host_member_id, _l("An organisation cannot visit itself."))
            ok = False
        return ok

    def values(self) -> VisitRequestValues:
        """Typed values for ``request_visit`` (call after ``validate``)."""
        return VisitRequestValues(
            visiting_member_id=self.visiting_member_id.data,
            host_member_id=self.host_member_id.data,
            proposed_start=self.proposed_start.data,
            proposed_end=self.proposed_end.data,
            delegation_size=self.delegation_size.data,
            purpose=self.purpose.data.strip(),
            link_kinds=list(self.link_kinds.data or []),
        )


class VisitAnswerForm(BaseForm):
    """Accept with dates/times, or propose other dates."""

    start_date = BoundedDateField(_l("First day"), validators=[required()])
    end_date = BoundedDateField(_l("Last day"), validators=[required()])
    start_time = TimeEntryField(_l("Start time"), validators=[required()])
    end_time = TimeEntryField(_l("End time"), validators=[required()])
    note = TextAreaField(_l("Note to the visitors"), validators=[optional(), max_length(2000)])

    def validate(self, extra_validators: Any = None) -> bool:
        ok = bool(super().validate(extra_validators))
        if usable(self.start_date, self.end_date, self.start_time, self.end_time) and (
            self.end_date.data < self.start_date.data
            or (
                self.end_date.data == self.start_date.data
                and self.end_time.data <= self.start_time.data
            )
        ):
            add_error(self.end_date, _l("The end must be after the start."))
            ok = False
        return ok


# A visiting day when nobody has said otherwise (the request itself names only dates).
DAY_STARTS, DAY_ENDS = time(9, 0), time(16, 0)


def answer_form_for(visit: StudyVisitRequest) -> VisitAnswerForm:
    """The answer form filled in from the request: its dates, and the day's times a host
    proposed (else 09:00–16:00), so accepting as asked needs no retyping."""
    return VisitAnswerForm(
        prefix="answer",
        formdata=None,
        data={
            "start_date": visit.proposed_start,
            "end_date": visit.proposed_end,
            "start_time": visit.proposed_start_time or DAY_STARTS,
            "end_time": visit.proposed_end_time or DAY_ENDS,
        },
    )


class DeclineForm(BaseForm):
    reason = TextAreaField(_l("Reason"), validators=[required(), max_length(2000)])
