"""Forms for the survey, the welcome question and mail preferences."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice

from scheduler_app.events.labels import LINK_LABELS
from scheduler_app.forms import BaseForm, CheckboxesField, max_length, optional, required

RATING_LABELS = {
    1: _l("1 – poor"),
    2: _l("2"),
    3: _l("3 – fair"),
    4: _l("4"),
    5: _l("5 – excellent"),
}
FREQUENCY_LABELS = {
    "monthly": _l("Monthly"),
    "weekly": _l("Weekly"),
    "never": _l("Never"),
}


def choices(labels: dict[Any, Any]) -> list[SelectChoice]:
    """Choices with their labels translated now, in the request's language."""
    return [SelectChoice(value, str(label)) for value, label in labels.items()]


class FeedbackForm(BaseForm):
    rating = RadioField(
        _l("How useful was the event?"),
        coerce=int,
        validators=[required()],
    )
    comment = TextAreaField(
        _l("What should the host keep or change?"), validators=[optional(), max_length(2000)]
    )
    # Confirmed ties for the network picture (scheduler_app/followups/met.py).
    met = CheckboxesField(
        _l("Whom did you meet that you will contact again?"), coerce=int, validators=[optional()]
    )
    t = HiddenField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rating.choices = choices(RATING_LABELS)
        self.met.choices = []  # the organisations present; set by the view


class HopesForm(BaseForm):
    hopes = CheckboxesField(
        _l("What do you hope to gain from the network?"),
        validators=[optional()],
    )
    text = TextAreaField(_l("Anything else?"), validators=[optional(), max_length(2000)])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hopes.choices = choices(LINK_LABELS)


class PreferencesForm(BaseForm):
    wants_reminders = BooleanField(_l("Reminders before events I registered for"))
    wants_followups = BooleanField(_l("Thank-you notes, surveys and invitations to come back"))
    wants_network_news = BooleanField(_l("Network news (rotation hosts announced)"))
    digest_frequency = SelectField(
        _l("Digest of upcoming events"),
        default="monthly",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.digest_frequency.choices = choices(FREQUENCY_LABELS)
