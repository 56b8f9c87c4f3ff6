"""Forms for events: times are entered in the event's zone and converted by the view."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    Field,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice

from scheduler_app.core import events_time
from scheduler_app.core.reminders import (
    OffsetError,
    format_offsets,
    parse_offset,
    parse_offsets,
)
from scheduler_app.events.labels import (
    KIND_LABELS,
    LEVEL_HELP,
    LEVEL_LABELS,
    REMINDER_CHOICES,
    TIMEZONE_HELP,
    TIMEZONE_LABELS,
    level_choice,
    offset_label,
)
from scheduler_app.events.operations import EventValues
from scheduler_app.extensions import utcnow
from scheduler_app.forms import (
    BaseForm,
    BoundedDateField,
    BoundedDateTimeField,
    CheckboxesField,
    TimeEntryField,
    add_error,
    local_today,
    max_length,
    number_range,
    optional,
    required,
    usable,
)
from scheduler_app.pickers import PickerField


def select_choices(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs (labels evaluated now, in the request)."""
    return [SelectChoice(str(value), str(label)) for value, label in pairs]


def in_order(first: Field, last: Field, message: Any, *, strictly: bool = False) -> bool:
    """The cross-field check "``last`` is not before ``first``" (``strictly``: is after
    it). When both fields are usable and it fails, ``message`` goes beside ``last``.
    Returns whether the check let the form pass."""
    if not usable(first, last):
        return True
    if last.data > first.data or (last.data == first.data and not strictly):
        return True
    add_error(last, message)
    return False


def optional_int(value: Any) -> int | None:
    if value in (None, "", "0", 0, "None"):
        return None
    return int(value)


class ReminderOffsetsField(CheckboxesField):
    """Reminder moments as check boxes; the event keeps them as text ("7d,1d").

    A stored moment that is not one of the offered boxes (an older "36h") is offered too,
    ticked, so saving the form keeps it.
    """

    def process_data(self, value: Any) -> None:
        if isinstance(value, str):
            try:
                self.data = [label for label, _ in parse_offsets(value)]
            except OffsetError:
                self.data = []
        else:
            self.data = list(value or [])

    def offer(self) -> None:
        """The offered boxes plus any readable moment already chosen, longest first."""
        offsets = set(REMINDER_CHOICES)
        for value in self.data or []:
            try:
                parse_offset(value)
            except OffsetError:
                continue
            offsets.add(value)
        ordered = sorted(offsets, key=parse_offset, reverse=True)
        self.choices = select_choices((o, offset_label(o)) for o in ordered)

    def text(self) -> str:
        """The chosen moments as the stored text (call after ``validate``)."""
        return format_offsets(",".join(self.data or []))


class MemberFilterForm(BaseForm):
    """The member filter of the agenda and calendar (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    member = PickerField(_l("Member (with its sub-networks)"), id="f-member")


class EventForm(BaseForm):
    """Create or edit an event of any kind."""

    # The view offers the kinds the person may create and refuses others with a reason.
    kind = SelectField(_l("Kind of activity"), validators=[required()], validate_choice=False)
    title_th = StringField(_l("Title in Thai"), validators=[required(), max_length(200)])
    title_en = StringField(_l("Title in English"), validators=[optional(), max_length(200)])
    description = TextAreaField(_l("Description"), validators=[optional(), max_length(10000)])
    host_member_id = PickerField(_l("Host organisation"))
    is_all_day = BooleanField(_l("All-day event"))
    start_date = BoundedDateField(_l("Starts on"), validators=[required()])
    start_time = TimeEntryField(_l("Start time"), validators=[optional()])
    end_date = BoundedDateField(_l("Ends on"), validators=[required()])
    end_time = TimeEntryField(_l("End time"), validators=[optional()])
    timezone = SelectField(_l("Time zone"), default="Asia/Bangkok", description=TIMEZONE_HELP)
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
    registration_opens_at = BoundedDateTimeField(_l("Registration opens"), validators=[optional()])
    registration_closes_at = BoundedDateTimeField(
        _l("Registration closes"), validators=[optional()]
    )
    participation_level = SelectField(
        _l("Participation level"),
        default="inform",
        description=LEVEL_HELP,
    )
    attendance_threshold = IntegerField(
        _l("Attendance needed for a certificate (%)"),
        validators=[optional(), number_range(1, 100)],
        default=80,
    )
    term_label = StringField(_l("Term"), validators=[optional(), max_length(40)])
    reminder_offsets = ReminderOffsetsField(
        _l("Reminders before the start"),
        default="7d,1d",
        description=_l("Tick when participants get a reminder e-mail. Tick none for no reminders."),
    )

    def __init__(self, *args: Any, is_new: bool | None = None, **kwargs: Any) -> None:
        """``is_new`` (default: no ``obj`` to edit) refuses a start in the past."""
        super().__init__(*args, **kwargs)
        self.is_new = "obj" not in kwargs if is_new is None else is_new
        self.kind.choices = select_choices(KIND_LABELS.items())
        self.timezone.choices = select_choices(TIMEZONE_LABELS.items())
        self.participation_level.choices = select_choices(
            (level, level_choice(level)) for level in LEVEL_LABELS
        )
        self.reminder_offsets.offer()

    def validate(self, extra_validators: Any = None) -> bool:
        ok = bool(super().validate(extra_validators))
        if not self.is_all_day.data:
            for f in (self.start_time, self.end_time):
                if f.data is None and not f.errors:
                    add_error(f, _l("Please enter a time, or tick all-day."))
                    ok = False
        times_usable = self.is_all_day.data or usable(self.start_time, self.end_time)
        if usable(self.start_date, self.end_date, self.timezone) and times_usable:
            if self._ends_before_start():
                add_error(self.end_date, _l("The end must be after the start."))
                ok = False
            if self.is_new and self._starts_in_past():
                add_error(self.start_date, _l("A new activity cannot start in the past."))
                ok = False
        if not self.reminder_offsets.errors:
            try:
                self.reminder_offsets.text()
            except OffsetError:
                add_error(self.reminder_offsets, _l("Please tick at most 5 reminders."))
                ok = False
        if usable(self.registration_opens_at, self.registration_closes_at, self.timezone):
            opens, closes = self.registration_window()
            if opens and closes and closes <= opens:
                add_error(
                    self.registration_closes_at, _l("Registration must close after it opens.")
                )
                ok = False
        return ok

    def _starts_in_past(self) -> bool:
        if self.is_all_day.data:
            return bool(self.start_date.data < local_today())
        return self.times().start_at < utcnow()

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
            reminder_offsets=self.reminder_offsets.text(),
        )


class CancelForm(BaseForm):
    reason = TextAreaField(_l("Reason for cancelling"), validators=[required(), max_length(2000)])


class ActionForm(BaseForm):
    """A button-only form (CSRF only)."""


class DuplicateForm(BaseForm):
    """ "Duplicate as draft": the copy's first day (its parts move with it)."""

    start_date = BoundedDateField(_l("The copy starts on"), validators=[optional()])
