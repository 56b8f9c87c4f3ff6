"""The stop form: where the rally goes next, and when."""

from __future__ import annotations

from datetime import date, time
from typing import Any, TypedDict

from flask_babel import lazy_gettext as _l
from wtforms import FloatField, SelectField, StringField

from scheduler_app.events.forms import in_order, optional_int
from scheduler_app.forms import (
    BaseForm,
    BoundedDateField,
    TimeEntryField,
    add_error,
    latitude,
    longitude,
    max_length,
    optional,
    required,
)
from scheduler_app.pickers import PickerField


class StopValues(TypedDict):
    """What ``add_stop`` and ``edit_stop`` take."""

    name: str
    host_member_id: int | None
    venue_id: int | None
    latitude: float | None
    longitude: float | None
    arrive_date: date
    arrive_time: time
    depart_time: time


class StopForm(BaseForm):
    name = StringField(_l("Stop name"), validators=[required(), max_length(200)])
    host_member_id = PickerField(_l("Host at this stop"))
    venue_id = SelectField(_l("Venue"), coerce=optional_int, validators=[optional()])
    latitude = FloatField(_l("Latitude"), validators=[optional(), latitude()])
    longitude = FloatField(_l("Longitude"), validators=[optional(), longitude()])
    arrive_date = BoundedDateField(_l("Arrival date"), validators=[required()])
    arrive_time = TimeEntryField(_l("Arrival time"), validators=[required()])
    depart_time = TimeEntryField(_l("Departure time"), validators=[required()])

    def validate(self, extra_validators: Any = None) -> bool:
        ok = bool(super().validate(extra_validators))
        ok &= in_order(
            self.arrive_time, self.depart_time, _l("Departure must not be before arrival.")
        )
        if not (self.latitude.errors or self.longitude.errors) and (self.latitude.data is None) != (
            self.longitude.data is None
        ):
            add_error(self.longitude, _l("Please give both latitude and longitude."))
            ok = False
        return ok

    def values(self) -> StopValues:
        """Typed values for the operations (call after ``validate``)."""
        return StopValues(
            name=self.name.data.strip(),
            host_member_id=self.host_member_id.data,
            venue_id=self.venue_id.data,
            latitude=self.latitude.data,
            longitude=self.longitude.data,
            arrive_date=self.arrive_date.data,
            arrive_time=self.arrive_time.data,
            depart_time=self.depart_time.data,
        )
