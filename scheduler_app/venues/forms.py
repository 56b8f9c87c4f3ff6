"""Venue forms: the create/edit form and the list filters."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FloatField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import ValidationError

from scheduler_app.core.geography import Gazetteer
from scheduler_app.forms import (
    BaseForm,
    check_point_pair,
    latitude,
    longitude,
    max_length,
    number_range,
    optional,
    required,
)
from scheduler_app.pickers import PickerField, PickSource

MAX_CAPACITY = 100_000


def district_choices(gaz: Gazetteer, locale: str) -> list[tuple[str, str]]:
    """``(code, name)`` pairs for every district, with an empty first choice."""
    return [("", str(_l("— Choose a district —")))] + [
        (d.code, d.display_name(locale)) for d in gaz.districts
    ]


def subdistrict_choices(gaz: Gazetteer, locale: str) -> dict[str, list[tuple[str, str]]]:
    """Sub-districts grouped under their district's name (rendered as ``<optgroup>``)."""
    groups: dict[str, list[tuple[str, str]]] = {"": [("", str(_l("— Choose a sub-district —")))]}
    for d in gaz.districts:
        groups[d.display_name(locale)] = [(s.code, s.display_name(locale)) for s in d.subdistricts]
    return groups


class VenueForm(BaseForm):
    """Create or edit a venue; views drop ``owner_member_id`` for people who may not set it."""

    name_th = StringField(_l("Name (Thai)"), validators=[required(), max_length(200)])
    name_en = StringField(_l("Name (English)"), validators=[optional(), max_length(200)])
    owner_member_id = PickerField(
        _l("Owner (member organisation)"),
        description=_l(
            "Hosts of this member may edit the venue. Leave empty for a venue the network runs."
        ),
    )
    address = TextAreaField(_l("Address"), validators=[optional(), max_length(1000)])
    district_code = SelectField(_l("District"), validators=[required()])
    subdistrict_code = SelectField(_l("Sub-district"), validators=[optional()])
    latitude = FloatField(
        _l("Latitude"),
        validators=[optional(), latitude()],
        description=_l("Leave empty to use the sub-district's reference point."),
    )
    longitude = FloatField(_l("Longitude"), validators=[optional(), longitude()])
    capacity = IntegerField(
        _l("Capacity (people)"), validators=[optional(), number_range(1, MAX_CAPACITY)]
    )
    facilities = TextAreaField(
        _l("Facilities"),
        validators=[optional(), max_length(2000)],
        description=_l(
            "For example: meeting hall, projector, toilets, parking, wheelchair access."
        ),
    )
    is_exchange_centre = BooleanField(_l("Knowledge-exchange centre"))

    def set_choices(self, gaz: Gazetteer, locale: str, owners: PickSource | None) -> None:
        """Fill the select boxes; ``owners`` is the owner picker's source (networks and
        coordinating organisations); ``None`` removes the owner field."""
        self.district_code.choices = district_choices(gaz, locale)
        self.subdistrict_code.choices = subdistrict_choices(gaz, locale)
        self._gazetteer = gaz
        if owners is None:
            del self.owner_member_id
        else:
            self.owner_member_id.source = owners

    def validate_district_code(self, field: SelectField) -> None:
        if field.data and self._gazetteer.district(field.data) is None:
            raise ValidationError(_l("Not a valid choice."))

    def validate_subdistrict_code(self, field: SelectField) -> None:
        if not field.data:
            return
        sub = self._gazetteer.subdistrict(field.data)
        if sub is None:
            raise ValidationError(_l("Not a valid choice."))
        if self.district_code.data and sub.district_code != self.district_code.data:
            raise ValidationError(_l("This sub-district is not in the chosen district."))

    def validate(self, extra_validators: Any = None) -> bool:
        valid = bool(super().validate(extra_validators))
        return check_point_pair(self.latitude, self.longitude) and valid
