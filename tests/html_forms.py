"""Read forms the way a browser submits them: each form's action, its fields' current
values (inputs, ticked boxes, selected options, text areas), the options a select
offers, and the error shown beside each field (``<p class="field-error" id="X-error">``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    values: dict[str, str] = field(default_factory=dict)
    buttons: list[tuple[str, str]] = field(default_factory=list)
    options: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Page:
    forms: list[Form] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    text_by_id: dict[str, str] = field(default_factory=dict)

    def form_with(self, name: str) -> Form:
        """The (first) form that has a field called ``name``."""
        return next(f for f in self.forms if name in f.values or name in f.options)

    def form_to(self, action_part: str) -> Form:
        """The (first) form whose action contains ``action_part``."""
        return next(f for f in self.forms if action_part in f.action)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.page = Page()
        self._form: Form | None = None
        self._select: str | None = None
        self._option: tuple[str, bool] | None = None
        self._option_text = ""
        self._textarea: str | None = None
        self._text_id: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(action=a.get("action", ""))
            self.page.forms.append(self._form)
        elif tag == "p" and "field-error" in a.get("class", "").split():
            self._text_id = a.get("id", "")
            self._text = ""
        elif a.get("id") and tag in ("p", "div", "span") and self._text_id is None:
            self._text_id = "#" + a["id"]
            self._text = ""
        form = self._form
        name = a.get("name")
        if form is None:
            return
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    form.values[name] = a.get("value", "on")
            elif kind == "submit":
                form.buttons.append((name, a.get("value", "")))
            else:
                form.values[name] = a.get("value", "")
        elif tag == "button" and name:
            form.buttons.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select = name
            form.options[name] = []
        elif tag == "option" and self._select:
            self._option = (a.get("value", ""), "selected" in a)
            self._option_text = ""
        elif tag == "textarea" and name:
            self._textarea = name
            form.values[name] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea and self._form is not None:
            self._form.values[self._textarea] += data
        if self._option is not None:
            self._option_text += data
        if self._text_id is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "option" and self._option is not None and self._select and self._form:
            value, selected = self._option
            self._form.options[self._select].append(value)
            if selected or self._select not in self._form.values:
                self._form.values[self._select] = value
            self._option = None
        elif tag == "select":
            self._select = None
        elif tag in ("p", "div", "span") and self._text_id is not None:
            if self._text_id.startswith("#"):
                self.page.text_by_id[self._text_id[1:]] = " ".join(self._text.split())
            else:
                field_id = self._text_id.removesuffix("-error")
                self.page.errors[field_id] = " ".join(self._text.split())
            self._text_id = None


def read_page(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    return reader.page
