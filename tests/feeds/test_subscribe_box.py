"""The subscribe box macro: webcal, https, copy button and Google links; CSP-clean."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import render_template_string

TEMPLATE = """{% from "feeds/_subscribe.html" import subscribe_box, add_to_calendar %}
{{ subscribe_box(feed_links(endpoint, **values), private=private, box_id="box") }}
{{ add_to_calendar(7) }}"""


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text = ""
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.script_text += data

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [
            a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())
        ]


def _render(app, endpoint: str, private: bool = False, **values) -> Collector:
    with app.test_request_context("/"):
        html = render_template_string(TEMPLATE, endpoint=endpoint, values=values, private=private)
    parsed = Collector()
    parsed.feed(html)
    parsed.html = html  # type: ignore[attr-defined]
    return parsed


def test_links_for_the_all_events_feed(app):
    page = _render(app, "feeds.all_events")
    (url_input,) = page.find("input", id="box-url")
    assert url_input["value"] == "https://ruamjai.test/feeds/all.ics"
    assert "readonly" in url_input
    hrefs = [a["href"] for a in page.find("a")]
    assert "webcal://ruamjai.test/feeds/all.ics" in hrefs
    google = next(h for h in hrefs if h.startswith("https://calendar.google.com/"))
    assert parse_qs(urlsplit(google).query)["cid"] == ["webcal://ruamjai.test/feeds/all.ics"]
    (button,) = page.find("button", type="button")
    assert button["data-copy-target"] == "box-url"
    assert "/events/7.ics?lang=th" in hrefs


def test_csp_clean(app):
    page = _render(app, "feeds.kind_events", kind="rally", lang="en")
    scripts = page.find("script")
    assert scripts and all(s.get("src", "").endswith("/static/js/feeds.js") for s in scripts)
    assert page.script_text.strip() == ""
    assert all("style" not in attrs for _, attrs in page.tags)
    assert all(not k.startswith("on") for _, attrs in page.tags for k in attrs)
    (url_input,) = page.find("input", id="box-url")
    assert url_input["value"] == "https://ruamjai.test/feeds/kind/rally.ics?lang=en"


@pytest.mark.parametrize("private", [True, False])
def test_private_warning(app, make_person, private):
    person = make_person()
    page = _render(app, "feeds.person_events", private=private, token=person.feed_token)
    assert (person.feed_token in page.html) is True
    assert ("Do not share it" in page.html or "โปรดอย่าส่งต่อ" in page.html) is private


def test_static_script_is_served(client):
    response = client.get("/static/js/feeds.js")
    assert response.status_code == 200
    assert b"data-copy-target" in response.get_data()
    response.close()
