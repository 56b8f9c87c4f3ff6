"""Forms for the privacy notice, consent choices and erasure."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, TextAreaField
from wtforms.validators import DataRequired

from scheduler_app.accounts.privacy_models import Purpose
from scheduler_app.forms import BaseForm, CheckboxesField, length_between, max_length, required


def purpose_labels() -> dict[str, str]:
    return {
        Purpose.ACCOUNT.value: str(_l("My account: keeping my name and contacts to run it")),
        Purpose.MAIL.value: str(_l("E-mail about events and the network")),
        Purpose.LINE.value: str(_l("LINE messages about events and the network")),
        Purpose.PUBLIC_CHART.value: str(
            _l("Appearing by name in my organisation's public organisation chart")
        ),
        Purpose.PHOTOS.value: str(_l("Showing my photo on the site")),
    }


OPTIONAL_PURPOSES = [p.value for p in Purpose if p is not Purpose.ACCOUNT]


class ConsentForm(BaseForm):
    """Every purpose with a box; unticking a box withdraws that consent."""

    purposes = CheckboxesField(
        _l("I agree to my data being used for"),
        choices=lambda: list(purpose_labels().items()),
    )


class SignupConsentMixin:
    accept_notice = BooleanField(
        _l("I have read the privacy notice and agree to my data being used for my account."),
        validators=[DataRequired(message=_l("Please read and accept the privacy notice."))],
    )
    optional_purposes = CheckboxesField(
        _l("You may also agree to (optional)"),
        choices=lambda: [(p, purpose_labels()[p]) for p in OPTIONAL_PURPOSES],
    )


class NoticeForm(BaseForm):
    body_th = TextAreaField(
        _l("Notice in Thai"), validators=[required(), length_between(20, 50000)]
    )
    body_en = TextAreaField(
        _l("Notice in English"), validators=[required(), length_between(20, 50000)]
    )


class EraseSelfForm(BaseForm):
    password = PasswordField(
        _l("Your password"),
        validators=[required(), max_length(200)],
        render_kw={"autocomplete": "current-password"},
    )
    confirm = BooleanField(
        _l("I understand that my account and my data are erased for good."),
        validators=[DataRequired(message=_l("Please tick the box to confirm."))],
    )


class EraseOnRequestForm(BaseForm):
    confirm = BooleanField(
        _l("The person asked for erasure, and I have checked who they are."),
        validators=[DataRequired(message=_l("Please tick the box to confirm."))],
    )
