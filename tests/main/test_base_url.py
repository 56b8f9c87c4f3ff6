"""Absolute links follow the site's real address when ``BASE_URL`` is unset: the host and
port a request came in on, or ``HOST`` / ``PORT`` (``make run``) for CLI and workers.
With ``BASE_URL`` set (production must), that wins over whatever host a request names."""

from __future__ import annotations

from email import message_from_string
from email.policy import default as default_policy
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from scheduler_app.extensions import db
from scheduler_app.mail.models import OutboxMessage
from scheduler_app.web import base_url, site_url
from tests import factories
from tests.events.conftest import build_event

SERVED_AT = "http://ruamjai.local:5101"


class Links(HTMLParser):
    """Every href and every read-only input value (the copy boxes) of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in ("href", "value"):
            value = found.get(name)
            if value and "://" in value:
                self.urls.append(value)


def _links(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.urls


@pytest.fixture
def unset_app(make_app, monkeypatch):
    for name in ("HOST", "PORT"):
        monkeypatch.delenv(name, raising=False)
    application = make_app(BASE_URL="")
    with application.app_context():
        yield application
        db.session.remove()


def _outbox(kind: str) -> OutboxMessage:
    return db.session.execute(
        sa.select(OutboxMessage).where(OutboxMessage.kind == kind)
    ).scalar_one()


def test_feed_copy_boxes_and_webcal_follow_the_serving_host(unset_app):
    client = unset_app.test_client()
    html = client.get("/events/", base_url=SERVED_AT).get_data(as_text=True)
    urls = _links(html)
    assert f"{SERVED_AT}/feeds/all.ics?lang=th" in urls
    assert "webcal://ruamjai.local:5101/feeds/all.ics?lang=th" in urls
    assert not [u for u in urls if ":5000" in u]


def test_feed_event_links_follow_the_serving_host(unset_app):
    event = build_event(title_th="งานที่พอร์ตอื่น")
    client = unset_app.test_client()
    body = client.get("/feeds/all.ics", base_url=SERVED_AT).get_data()
    [vevent] = [v for v in Calendar.from_ical(body).walk("VEVENT") if "งานที่พอร์ตอื่น" in v["SUMMARY"]]
    assert str(vevent["URL"]) == f"{SERVED_AT}/events/{event.id}"
    # the same feed asked for on another address is not served from the first one's cache
    other = client.get("/feeds/all.ics", base_url="http://10.0.0.7:8080").get_data()
    [vevent] = [v for v in Calendar.from_ical(other).walk("VEVENT") if "งานที่พอร์ตอื่น" in v["SUMMARY"]]
    assert str(vevent["URL"]) == f"http://10.0.0.7:8080/events/{event.id}"


def test_mail_links_follow_the_serving_host(unset_app):
    person = factories.make_person(email="lost@example.org")
    client = unset_app.test_client()
    response = client.post("/reset-password", data={"email": person.email}, base_url=SERVED_AT)
    assert response.status_code == 302
    row = _outbox("password_reset")
    assert f"{SERVED_AT}/reset-password/" in row.body_text
    assert [u for u in _links(row.body_html) if u.startswith(f"{SERVED_AT}/reset-password/")]
    assert ":5000" not in row.body_text + row.body_html


def test_cli_mail_uses_host_and_port_of_make_run(unset_app, monkeypatch):
    monkeypatch.setenv("HOST", "0.0.0.0")  # noqa: S104 (listening everywhere: link to the loopback)
    monkeypatch.setenv("PORT", "5101")
    factories.make_person(email="new@example.org")
    result = unset_app.test_cli_runner().invoke(args=["followups", "run"])
    assert result.exit_code == 0, result.output
    row = _outbox("welcome")
    assert "http://127.0.0.1:5101/profile" in row.body_text
    assert "http://127.0.0.1:5101/profile" in _links(row.body_html)
    parsed = message_from_string(row.body_text, policy=default_policy)
    assert ":5000" not in parsed.get_content()


def test_cli_without_host_or_port_uses_the_make_run_default(unset_app):
    assert site_url("/events/") == "http://127.0.0.1:5000/events/"


def test_server_name_is_used_outside_requests(make_app):
    application = make_app(BASE_URL="", SERVER_NAME="ruamjai.lan:8000")
    with application.app_context():
        assert base_url() == "http://ruamjai.lan:8000"


def test_configured_base_url_wins_over_the_request_host(app, client):
    html = client.get("/events/", base_url="http://evil.example:666").get_data(as_text=True)
    urls = _links(html)
    assert "https://ruamjai.test/feeds/all.ics?lang=th" in urls
    assert not [u for u in urls if "evil.example" in u]
