"""Forms of the network pages: sending an introduction and answering one."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, TextAreaField
from wtforms.validators import ValidationError

from scheduler_app.forms import BaseForm, max_length, optional, required


class IntroductionForm(BaseForm):
    a_member_id = IntegerField(_l("First member"), validators=[required()])
    b_member_id = IntegerField(_l("Second member"), validators=[required()])
    middle_member_id = IntegerField(_l("Member in the middle"), validators=[optional()])
    note = TextAreaField(
        _l("A personal note to both (optional)"), validators=[optional(), max_length(2000)]
    )

    def validate_b_member_id(self, field: IntegerField) -> None:
        if field.data is not None and field.data == self.a_member_id.data:
            raise ValidationError(_l("A member cannot be introduced to itself."))


class AnswerForm(BaseForm):
    answer = HiddenField(validators=[required()])

    def validate_answer(self, field: HiddenField) -> None:
        if field.data not in ("yes", "not_now"):
            raise ValidationError(_l("Please choose one of the answers."))


class RecomputeForm(BaseForm):
    """Only the CSRF token: the button that recomputes the network now."""
