"""Forms for members, their organisation chart and chart photos, plus display labels."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    EmailField,
    FloatField,
    IntegerField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from scheduler_app.core.geography import Gazetteer
from scheduler_app.directory.models import MemberKind, OrgType
from scheduler_app.forms import (
    BaseForm,
    check_point_pair,
    email_address,
    latitude,
    longitude,
    max_length,
    number_range,
    optional,
    required,
)
from scheduler_app.pickers import PickerField

KIND_LABELS = {
    MemberKind.INDIVIDUAL.value: _l("Individual"),
    MemberKind.NODE.value: _l("Coordinating organisation"),
    MemberKind.NETWORK.value: _l("Network"),
}
ORG_TYPE_LABELS = {
    OrgType.MUNICIPALITY.value: _l("Municipality"),
    OrgType.SAO.value: _l("Sub-district Administrative Organisation (SAO)"),
    OrgType.PAO.value: _l("Provincial Administrative Organisation (PAO)"),
    OrgType.SCHOOL.value: _l("School"),
    OrgType.COMMUNITY_GROUP.value: _l("Community group"),
    OrgType.NGO.value: _l("Non-governmental organisation"),
    OrgType.UNIVERSITY.value: _l("University"),
    OrgType.PRIVATE.value: _l("Private sector"),
    OrgType.AGENCY.value: _l("Government agency"),
}
LONG_TEXT = 5000


def clean_text(value: Any) -> Any:
    """Trim whitespace and drop NUL characters (PostgreSQL refuses them in text)."""
    if isinstance(value, str):
        return value.replace("\x00", "").strip()
    return value


def optional_int(value: Any) -> int | None:
    """Coerce a select value: empty means none, anything else must be an integer."""
    if value in (None, ""):
        return None
    return int(value)


def finite() -> Any:
    def check(form: BaseForm, field: FloatField) -> None:
        if field.data is not None and not math.isfinite(field.data):
            raise ValidationError(_l("Please enter a number."))

    return check


def _choices(labels: dict[str, Any], blank: Any = None) -> list[SelectChoice]:
    first = [SelectChoice("", blank)] if blank is not None else []
    return first + [SelectChoice(value, str(label)) for value, label in labels.items()]


def district_choices(gaz: Gazetteer, locale: str) -> list[SelectChoice]:
    ordered = sorted(gaz.districts, key=lambda d: d.display_name(locale))
    return [SelectChoice(d.code, d.display_name(locale)) for d in ordered]


def subdistrict_choices(gaz: Gazetteer, locale: str) -> list[SelectChoice]:
    """Sub-districts grouped by district (``<optgroup>``)."""
    result = []
    for d in sorted(gaz.districts, key=lambda d: d.display_name(locale)):
        for s in sorted(d.subdistricts, key=lambda s: s.display_name(locale)):
            group = d.display_name(locale)
            result.append(SelectChoice(s.code, s.display_name(locale), optgroup=group))
    return result


def _text(label: Any, n: int, *extra: Any, area: bool = False) -> Any:
    field_class = TextAreaField if area else StringField
    return field_class(label, filters=[clean_text], validators=[optional(), max_length(n), *extra])


class MemberForm(BaseForm):
    kind = SelectField(_l("Kind of member"), validators=[required()])
    org_type = SelectField(_l("Type of organisation"))
    name_th = StringField(
        _l("Name in Thai"), filters=[clean_text], validators=[required(), max_length(200)]
    )
    name_en = _text(_l("Name in English"), 200)
    parent_id = PickerField(
        _l("Belongs to network"),
        description=_l("A network or coordinating organisation; leave empty for none."),
    )
    district_code = SelectField(_l("District"))
    subdistrict_code = SelectField(
        _l("Sub-district"),
        description=_l("If you leave the location empty, the sub-district's centre is used."),
    )
    address = _text(_l("Address"), 1000, area=True)
    latitude = FloatField(_l("Latitude"), validators=[optional(), finite(), latitude()])
    longitude = FloatField(_l("Longitude"), validators=[optional(), finite(), longitude()])
    contact_email = EmailField(
        _l("Contact e-mail"),
        filters=[clean_text],
        validators=[optional(), max_length(254), email_address()],
    )
    contact_phone = TelField(
        _l("Contact phone"), filters=[clean_text], validators=[optional(), max_length(32)]
    )
    line_id = _text(_l("LINE ID"), 64)
    description = _text(_l("About this member"), LONG_TEXT, area=True)
    visitor_rules = _text(_l("Community rules for visitors"), LONG_TEXT, area=True)
    visitor_risks = _text(_l("Risks for visitors"), LONG_TEXT, area=True)
    is_active = BooleanField(_l("Active member"), default=True)

    def __init__(
        self,
        *args: Any,
        gazetteer: Gazetteer,
        locale: str,
        blocked_parent_ids: Iterable[int] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.gazetteer = gazetteer
        self.kind.choices = _choices(KIND_LABELS)
        self.org_type.choices = _choices(ORG_TYPE_LABELS, blank="—")
        self.district_code.choices = [SelectChoice("", "—"), *district_choices(gazetteer, locale)]
        self.subdistrict_code.choices = [
            SelectChoice("", "—"),
            *subdistrict_choices(gazetteer, locale),
        ]
        # The view sets ``parent_id.source``: active networks and coordinating
        # organisations, without these (offered by no search, refused here).
        self.blocked_parent_ids = set(blocked_parent_ids)

    def validate_parent_id(self, field: PickerField) -> None:
        if field.data is not None and field.data in self.blocked_parent_ids:
            raise ValidationError(
                _l("A member cannot belong to itself or to one of its own sub-members.")
            )

    def validate_subdistrict_code(self, field: SelectField) -> None:
        sub = self.gazetteer.subdistrict(field.data)
        if sub and self.district_code.data and sub.district_code != self.district_code.data:
            raise ValidationError(_l("This sub-district is not in the chosen district."))

    def validate(self, extra_validators: Any = None) -> bool:
        is_valid = bool(super().validate(extra_validators))
        return check_point_pair(self.latitude, self.longitude) and is_valid


class PersonForm(BaseForm):
    """A place in the organisation chart (the account's own settings live elsewhere)."""

    honorific = _text(_l("Title"), 40)
    given_name = StringField(
        _l("Given name"), filters=[clean_text], validators=[required(), max_length(100)]
    )
    family_name = _text(_l("Family name"), 100)
    position = _text(_l("Position"), 200)
    chart_order = IntegerField(
        _l("Order in the chart"),
        default=0,
        description=_l("Smaller numbers come first."),
        validators=[optional(), number_range(0, 9999)],
    )
    # What a contact without a login agreed to (the view removes both for accounts,
    # whose owners answer for themselves on their privacy page).
    shown_publicly = BooleanField(
        _l("This person agreed to appear in the public organisation chart"),
        description=_l("Without this, only the people who manage this chart see the entry."),
    )
    photo_public = BooleanField(
        _l("This person agreed to their photo being shown publicly"),
        description=_l("Without this, only the people who manage this chart see the photo."),
    )

    def agreed_purposes(self) -> list[str]:
        """The consent purposes ticked (see ``notices.CONTACT_PURPOSES``)."""
        ticked = []
        if "shown_publicly" in self and self.shown_publicly.data:
            ticked.append("public_chart")
        if "photo_public" in self and self.photo_public.data:
            ticked.append("photos")
        return ticked


class NewPersonForm(PersonForm):
    email = EmailField(
        _l("E-mail"),
        description=_l("Leave empty if the person has no e-mail address. Without one they "
                       "receive no mail and cannot log in."),
        filters=[clean_text],
        validators=[optional(), max_length(254), email_address()],
    )  # fmt: skip


class PhotoForm(BaseForm):
    photo = FileField(_l("Photo"), description=_l("JPEG, PNG or WebP."))


class ConfirmForm(BaseForm):
    """An empty form: only the CSRF token, for buttons that change something."""
