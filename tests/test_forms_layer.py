"""The base form, checked on every form of the app: a required text field refuses white
space only, and text is stripped."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any

from werkzeug.datastructures import MultiDict
from wtforms import PasswordField, StringField

import scheduler_app
from scheduler_app.forms import BaseForm, InputRequired


def _all_forms() -> list[type[BaseForm]]:
    for module in pkgutil.walk_packages(scheduler_app.__path__, "scheduler_app."):
        importlib.import_module(module.name)
    seen: list[type[BaseForm]] = []
    stack: list[type[Any]] = [BaseForm]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.append(sub)
                stack.append(sub)
    return seen


def _required_text_fields(form: BaseForm) -> list[str]:
    return [
        field.name
        for field in form
        if isinstance(field, StringField)
        and not isinstance(field, PasswordField)
        and any(isinstance(v, InputRequired) for v in field.validators)
    ]


def test_every_required_text_field_refuses_white_space_only(app):
    checked: list[str] = []
    with app.test_request_context(method="POST"):
        for cls in _all_forms():
            if inspect.signature(cls.__init__).parameters.keys() - {"self", "args", "kwargs"}:
                params = inspect.signature(cls.__init__).parameters.values()
                if any(p.default is inspect.Parameter.empty and p.kind == p.KEYWORD_ONLY
                       for p in params):  # fmt: skip
                    continue
            probe = cls(formdata=MultiDict(), meta={"csrf": False})
            for name in _required_text_fields(probe):
                form = cls(formdata=MultiDict({name: "  \t \u3000 "}), meta={"csrf": False})
                for field in form:  # choices a view would fill in
                    if getattr(field, "choices", ()) is None:
                        field.choices = []
                form.validate()
                assert form[name].errors, f"{cls.__qualname__}.{name} accepted white space"
                assert str(form[name].errors[0]) == "กรุณากรอกข้อมูลในช่องนี้"  # Thai by default
                assert form[name].data == ""
                checked.append(f"{cls.__qualname__}.{name}")
    assert len(checked) >= 25, checked
    assert "EventForm.title_th" in checked


def test_text_is_stripped_but_passwords_are_not(app):
    from scheduler_app.accounts.forms import LoginForm

    with app.test_request_context(method="POST"):
        form = LoginForm(
            formdata=MultiDict({"email": "  a@example.org ", "password": " secret "}),
            meta={"csrf": False},
        )
        assert form.email.data == "a@example.org"
        assert form.password.data == " secret "
