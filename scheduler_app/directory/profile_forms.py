"""Forms for what a member is, offers and seeks, and for the shared topics list."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.fields import SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from scheduler_app.core.geography import Gazetteer
from scheduler_app.directory.forms import clean_text, optional_int, subdistrict_choices
from scheduler_app.directory.profile_models import OfferKind, Topic
from scheduler_app.forms import (
    BaseForm,
    CheckboxesField,
    max_length,
    number_range,
    optional,
    required,
)

OFFER_KIND_LABELS = {
    OfferKind.TEACH.value: _l("Can teach or show"),
    OfferKind.LEND.value: _l("Can lend"),
    OfferKind.SKILL.value: _l("Staff skill"),
}
OFFICIAL_CODE = re.compile(r"^[0-9]{4,16}$")
MAX_PEOPLE = 100_000_000


def topic_choices(topics: Iterable[Topic], locale: str) -> list[SelectChoice]:
    return [SelectChoice(t.id, t.display_name(locale)) for t in topics]


class ProfileForm(BaseForm):
    interests = CheckboxesField(_l("Topics it wants to learn about"), coerce=int)
    expertise = CheckboxesField(_l("Topics it knows well and can share"), coerce=int)
    population = IntegerField(
        _l("Population"), validators=[optional(), number_range(0, MAX_PEOPLE)]
    )
    households = IntegerField(
        _l("Households"), validators=[optional(), number_range(0, MAX_PEOPLE)]
    )
    official_code = StringField(
        _l("Official organisation code (DOPA / LAO)"),
        filters=[clean_text],
        description=_l("The code in the government's list of local administrative organisations."),
        validators=[optional(), max_length(16)],
    )
    service_area = SelectMultipleField(
        _l("Service area (sub-districts it serves)"), validate_choice=False
    )
    accepts_introductions = BooleanField(_l("Happy to be introduced to other members"))

    def __init__(
        self, *args: Any, topics: Iterable[Topic], gazetteer: Gazetteer, locale: str, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.gazetteer = gazetteer
        choices = topic_choices(topics, locale)
        self.interests.choices = choices
        self.expertise.choices = choices
        self.service_area.choices = subdistrict_choices(gazetteer, locale)

    def validate_official_code(self, field: StringField) -> None:
        if field.data and not OFFICIAL_CODE.match(field.data):
            raise ValidationError(_l("Please enter the code as 4 to 16 digits."))

    def validate_service_area(self, field: SelectMultipleField) -> None:
        if any(self.gazetteer.subdistrict(code) is None for code in field.data or []):
            raise ValidationError(
                _l("Please choose sub-districts from the list; places outside it are not served.")
            )


class OfferForm(BaseForm):
    kind = SelectField(_l("Kind of offer"), validators=[required()])
    topic_id = SelectField(_l("Topic"), coerce=optional_int)
    description = StringField(
        _l("What it offers"),
        filters=[clean_text],
        description=_l("For example: a waste-bank learning centre, a 40-seat bus, tents."),
        validators=[required(), max_length(300)],
    )
    quantity = IntegerField(_l("How many"), validators=[optional(), number_range(1, 100_000)])

    def __init__(self, *args: Any, topics: Iterable[Topic], locale: str, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.kind.choices = [SelectChoice(k, str(v)) for k, v in OFFER_KIND_LABELS.items()]
        self.topic_id.choices = [SelectChoice("", "—"), *topic_choices(topics, locale)]


class NeedForm(BaseForm):
    topic_id = SelectField(_l("Topic"), coerce=optional_int)
    description = StringField(
        _l("What it wants to learn"),
        filters=[clean_text],
        validators=[required(), max_length(300)],
    )

    def __init__(self, *args: Any, topics: Iterable[Topic], locale: str, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.topic_id.choices = [SelectChoice("", "—"), *topic_choices(topics, locale)]


class TopicForm(BaseForm):
    name_th = StringField(
        _l("Name in Thai"), filters=[clean_text], validators=[required(), max_length(120)]
    )
    name_en = StringField(
        _l("Name in English"), filters=[clean_text], validators=[optional(), max_length(120)]
    )
    is_active = BooleanField(_l("In use"), default=True)
