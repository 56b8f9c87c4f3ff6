"""The LINE choices form: per topic e-mail, LINE, both or neither."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import RadioField

from scheduler_app.accounts import channels
from scheduler_app.forms import BaseForm

EMAIL_ONLY, LINE_ONLY, BOTH, NEITHER = "email", "line", "both", "none"


def way_labels() -> list[tuple[str, str]]:
    return [
        (EMAIL_ONLY, str(_l("E-mail"))),
        (LINE_ONLY, str(_l("LINE"))),
        (BOTH, str(_l("Both"))),
        (NEITHER, str(_l("Neither"))),
    ]


def way_of(email: bool, line: bool) -> str:
    return {(True, False): EMAIL_ONLY, (False, True): LINE_ONLY, (True, True): BOTH}.get(
        (email, line), NEITHER
    )


class ChoicesForm(BaseForm):
    """One radio group per topic (fields named after the topics)."""

    invitations = RadioField(_l("Invitations and changes to my registrations"))
    reminders = RadioField(_l("Reminders before events I registered for"))
    digest = RadioField(_l("Digest of upcoming events"))
    followups = RadioField(_l("Thank-you notes, surveys and invitations to come back"))
    introductions = RadioField(_l("Introductions to other organisations"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for topic in channels.Topic:
            self[topic.value].choices = way_labels()

    def fill(self, current: dict[str, str]) -> None:
        for topic, way in current.items():
            self[topic].data = way

    def chosen(self) -> dict[str, str]:
        return {topic.value: str(self[topic.value].data) for topic in channels.Topic}
