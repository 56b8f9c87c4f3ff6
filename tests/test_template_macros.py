"""The shared form and list macros (templates/_forms.html): what each page's form and
table get from them."""

from __future__ import annotations

from types import SimpleNamespace

from flask import render_template_string
from wtforms import HiddenField, StringField
from wtforms.validators import InputRequired

from scheduler_app.forms import BaseForm
from tests.html_tree import Element, parse

POST_FORM = """{% from "_forms.html" import fields, post_form %}
{% call post_form(form, action, "Save", **options) %}
{{ fields(form, "name", "place") }}
{% endcall %}"""


class _Form(BaseForm):
    name = StringField("Name", validators=[InputRequired()])
    place = StringField("Place")
    token = HiddenField(default="t-1")


def _render_form(make_app, action: str | None = "/save", validate: bool = True,
                 **options: object) -> Element:  # fmt: skip
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.test_request_context("/", method="POST", data={}):
        form = _Form()
        if validate:
            form.validate()
        return parse(render_template_string(POST_FORM, form=form, action=action, options=options))


def test_post_form_puts_errors_csrf_fields_and_actions_in_place(make_app) -> None:
    page = _render_form(make_app, link=("/back", "Back"))
    assert page.find("div", "form-errors").attrs["role"] == "alert"
    form = page.find("form", "stacked")
    assert form.attrs["method"] == "post" and form.attrs["action"] == "/save"
    assert "novalidate" in form.attrs
    hidden = [e.attrs["name"] for e in form.find_all("input") if e.attrs.get("type") == "hidden"]
    assert hidden == ["csrf_token"]  # the CSRF field only, unless hidden_tag=True
    name = page.by_id("name")
    assert name.attrs["aria-invalid"] == "true" and name.attrs["aria-describedby"] == "name-error"
    assert page.by_id("name-error").text  # "This field is required.", in the default Thai
    assert [e.attrs["for"] for e in form.find_all("label")] == ["name", "place"]
    actions = form.find("div", "actions")
    assert actions.find("button").attrs == {"type": "submit", "class": "primary"}
    assert actions.find("button").text == "Save"
    assert actions.find("a").attrs["href"] == "/back" and actions.find("a").text == "Back"


def test_post_form_options(make_app) -> None:
    page = _render_form(
        make_app, action=None, validate=False, button=None, actions=None, hidden_tag=True,
        novalidate=False,
    )  # fmt: skip
    form = page.find("form", "stacked")
    assert "action" not in form.attrs and "novalidate" not in form.attrs
    hidden = {e.attrs["name"] for e in form.find_all("input") if e.attrs.get("type") == "hidden"}
    assert hidden == {"csrf_token", "token"}
    assert not form.find_all(class_="actions")
    assert form.find("button").attrs == {"type": "submit"}
    assert not page.find_all(class_="form-errors")


def test_post_form_can_leave_the_errors_box_out(make_app) -> None:
    page = _render_form(make_app, errors=False, actions="p")
    assert not page.find_all(class_="form-errors")
    assert page.by_id("name-error").text  # the field's own error stays beside it
    assert page.find("p", "actions").find("button").text == "Save"


PAGED_TABLE = """{% from "_forms.html" import paged_table %}
{% call paged_table(page, "main.index", ["When", "Who"], "Nothing yet.",
                    cls="data log", actions="Actions") %}
{% for row in page.items %}<tr><td>{{ row }}</td><td></td><td></td></tr>{% endfor %}
{% endcall %}"""


def _render_table(app, items: list[str]) -> Element:
    page = SimpleNamespace(items=items, pages=1)
    with app.test_request_context("/"):
        return parse(render_template_string(PAGED_TABLE, page=page))


def test_paged_table_lists_rows_under_headings(app) -> None:
    page = _render_table(app, ["a", "b"])
    table = page.find("div", "table-wrap").find("table")
    assert table.classes == {"data", "log"}
    headings = table.find("thead").find_all("th")
    assert [h.attrs["scope"] for h in headings] == ["col", "col", "col"]
    assert [h.text for h in headings] == ["When", "Who", "Actions"]
    assert headings[-1].find("span", "visually-hidden").text == "Actions"
    assert [r.find("td").text for r in table.find("tbody").find_all("tr")] == ["a", "b"]
    assert not page.find_all(class_="empty-state")


def test_paged_table_says_so_when_empty(app) -> None:
    page = _render_table(app, [])
    assert not page.find_all("table")
    assert page.find("div", "empty-state").text == "Nothing yet."
