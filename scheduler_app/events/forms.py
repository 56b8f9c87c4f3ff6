"""Forms for events: times are entered in the event's zone and converted by the view."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice

from scheduler_app.core import events_time
from scheduler_app.core.reminders import OffsetError, format_offsets
from scheduler_app.events.labels import KIND_LABELS, LEVEL_LABELS, TIMEZONES
from scheduler_app.events.operations import EventValues
from scheduler_app.forms import (
    BaseForm,
    BoundedDateField,
    BoundedDateTimeField,
    max_length,
    number_range,
    optional,
    required,
)


def select_choices(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs (labels evaluated now, in the request)."""
    return [SelectChoice(str(value), str(label)) for value, label in pairs]


def optional_int(value: Any) -> int | None:
    if value in (None, "", "0", 0, "None"):
        return None
    return int(value)


class EventForm(BaseForm):
    """Create or edit an event of any kind."""

    # The view offers the kinds the person may create and refuses others with a reason.
    kind = SelectField(_l("Kind of activity"), validators=[required()], validate_choice=False)
    title_th = StringField(_l("Title in Thai"), validators=[required(), max_length(200)])
    title_en = StringField(_l("Title in English"), validators=[optional(), max_length(200)])
    description = TextAreaField(_l("Description"), validators=[optional(), max_length(10000)])
    host_member_id = SelectField(_l("Host organisation"), coerce=optional_int)
    is_all_day = BooleanField(_l("All-day event"))
    start_date = BoundedDateField(_l("Starts on"), validators=[required()])
    start_time = TimeField(_l("Start time"), validators=[optional()])
    end_date = BoundedDateField(_l("Ends on"), validators=[required()])
    end_time = TimeField(_l("End time"), validators=[optional()])
    timezone = SelectField(_l("Time zone"), default="Asia/Bangkok")
    venue_id = SelectField(_l("Venue"), coerce=optional_int, validators=[optional()])
    capacity = IntegerField(
        _l("Places"),
        validators=[optional(), number_range(1, 100000)],
        description=_l("Leave empty for no limit."),
    )
    per_member_quota = IntegerField(
        _l("Places per organisation"),
        validators=[optional(), number_range(1, 100000)],
        description=_l("Stops one organisation from taking every place. Leave empty for none."),
    )
    registration_opens_at = BoundedDateTimeField(
        _l("Registration opens"), validators=[optional()], format="%Y-%m-%dT%H:%M"
    )
    registration_closes_at = BoundedDateTimeField(
        _l("Registration closes"), validators=[optional()], format="%Y-%m-%dT%H:%M"
    )
    participation_level = SelectField(
        _l("Participation level (IAP2)"),
        default="inform",
    )
    attendance_threshold = IntegerField(
        _l("Attendance needed for a certificate (%)"),
        validators=[optional(), number_range(1, 100)],
        default=80,
    )
    term_label = StringField(_l("Term"), validators=[optional(), max_length(40)])
    reminder_offsets = StringField(
        _l("Reminders before the start"),
        validators=[optional(), max_length(40)],
        default="7d,1d",
        description=_l(
            "Days (d), hours (h) or minutes (m) before, separated by commas, e.g. 7d,1d. "
            "Leave empty for no reminders."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = select_choices(KIND_LABELS.items())
        self.timezone.choices = select_choices((z, z) for z in TIMEZONES)
        self.participation_level.choices = select_choices(LEVEL_LABELS.items())

    def validate(self, extra_validators: Any = None) -> bool:
        ok = bool(super().validate(extra_validators))
        if not ok:
            return False
        if not self.is_all_day.data:
            for f in (self.start_time, self.end_time):
                if f.data is None:
                    f.errors = [*f.errors, _l("Please enter a time, or tick all-day.")]
                    ok = False
        if ok and self._ends_before_start():
            self.end_date.errors = [*self.end_date.errors, _l("The end must be after the start.")]
            ok = False
        try:
            format_offsets(self.reminder_offsets.data)
        except OffsetError:
            self.reminder_offsets.errors = [
                *self.reminder_offsets.errors,
                _l("Please write offsets like 7d,1d or 3h (at most 5, up to 60 days)."),
            ]
            ok = False
        opens, closes = self.registration_window()
        if opens and closes and closes <= opens:
            self.registration_closes_at.errors = [
                *self.registration_closes_at.errors,
                _l("Registration must close after it opens."),
            ]
            ok = False
        return ok

    def _ends_before_start(self) -> bool:
        if self.is_all_day.data:
            return bool(self.end_date.data < self.start_date.data)
        times = self.times()
        return times.end_at <= times.start_at

    def times(self) -> events_time.EventTimes:
        """Stored times from the entered local ones (call after ``validate``)."""
        zone_name = self.timezone.data or events_time.DEFAULT_ZONE_NAME
        start_day: date = self.start_date.data
        end_day: date = self.end_date.data
        if self.is_all_day.data:
            return events_time.all_day(start_day, end_day, zone_name)
        return events_time.timed(
            start_day, self.start_time.data, end_day, self.end_time.data, zone_name
        )

    def registration_window(self) -> tuple[datetime | None, datetime | None]:
        zone_name = self.timezone.data or events_time.DEFAULT_ZONE_NAME

        def convert(value: datetime | None) -> datetime | None:
            if value is None:
                return None
            return events_time.local_to_utc(value.date(), value.time(), zone_name)

        return convert(self.registration_opens_at.data), convert(self.registration_closes_at.data)

    def values(self) -> EventValues:
        """Column values for the operations (call after ``validate``)."""
        times = self.times()
        opens, closes = self.registration_window()
        return EventValues(
            kind=self.kind.data,
            title_th=self.title_th.data.strip(),
            title_en=(self.title_en.data or "").strip(),
            description=self.description.data or "",
            host_member_id=self.host_member_id.data,
            is_all_day=bool(self.is_all_day.data),
            start_at=times.start_at,
            end_at=times.end_at,
            start_date=times.start_date,
            end_date=times.end_date,
            timezone=self.timezone.data,
            venue_id=self.venue_id.data,
            capacity=self.capacity.data,
            per_member_quota=self.per_member_quota.data,
            registration_opens_at=opens,
            registration_closes_at=closes,
            participation_level=self.participation_level.data,
            attendance_threshold=self.attendance_threshold.data or 80,
            term_label=(self.term_label.data or "").strip(),
            reminder_offsets=format_offsets(self.reminder_offsets.data),
        )


class CancelForm(BaseForm):
    reason = TextAreaField(_l("Reason for cancelling"), validators=[required(), max_length(2000)])


class ActionForm(BaseForm):
    """A button-only form (CSRF only)."""
