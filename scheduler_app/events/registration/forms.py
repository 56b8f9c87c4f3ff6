"""The register form: a button, and for a rally where the rider joins and leaves."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField

from scheduler_app.events.forms import optional_int, select_choices
from scheduler_app.events.models import Event
from scheduler_app.forms import BaseForm, optional


class RegisterForm(BaseForm):
    """Register; a rally also asks where the rider joins and leaves."""

    from_stop_id = SelectField(
        _l("Join at"),
        coerce=optional_int,
        validators=[optional()],
        description=_l("Leave empty to ride from the start."),
    )
    to_stop_id = SelectField(
        _l("Leave at"),
        coerce=optional_int,
        validators=[optional()],
        description=_l("Leave empty to ride to the end."),
    )


def register_form(event: Event) -> RegisterForm:
    """The form with the event's stops to choose from (none for other kinds)."""
    form = RegisterForm()
    choices = [(s.id, f"{s.position}. {s.name}") for s in event.stops]
    form.from_stop_id.choices = select_choices([(0, "—"), *choices])
    form.to_stop_id.choices = select_choices([(0, "—"), *choices])
    return form
