"""Every page can be found (issue 12): crawl from the home page as each role, following
the links a person sees, and check that each role reaches the pages it may use, and that
no link it is shown ends on a refusal."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from flask import Flask, g
from flask.testing import FlaskClient
from werkzeug.exceptions import HTTPException

from scheduler_app.accounts.models import Person
from scheduler_app.extensions import db, utcnow
from tests.html_tree import parse

PER_ENDPOINT = 3  # distinct addresses fetched per endpoint (members, events: a sample)
# Every demo event (each kind carries its own links), a few of everything else.
FETCH_LIMIT = {"events.show": 80}
MAX_PAGES = 600


@dataclass
class Crawl:
    reached: set[str] = field(default_factory=set)  # endpoints some shown link points to
    refused: list[tuple[str, str, int]] = field(default_factory=list)  # (from, to, status)
    pages: int = 0


def _endpoint(app: Flask, path: str, query: str) -> str | None:
    adapter = app.url_map.bind("localhost", query_args=query)
    try:
        endpoint, _ = adapter.match(path, method="GET")
    except HTTPException:
        return None
    return str(endpoint)


def crawl(app: Flask, client: FlaskClient) -> Crawl:
    result = Crawl()
    queue: deque[tuple[str, str]] = deque([("/", "(start)")])
    seen: set[str] = {"/"}
    fetched: dict[str, int] = {}
    while queue and result.pages < MAX_PAGES:
        url, source = queue.popleft()
        parts = urlsplit(url)
        endpoint = _endpoint(app, parts.path, parts.query)
        if endpoint is None or endpoint == "static":
            continue
        if fetched.get(endpoint, 0) >= FETCH_LIMIT.get(endpoint, PER_ENDPOINT):
            continue
        fetched[endpoint] = fetched.get(endpoint, 0) + 1
        response = client.get(url)
        result.pages += 1
        if response.status_code >= 400 or (
            response.status_code in (301, 302, 303)
            and "/login" in (response.location or "")
            and endpoint != "accounts.login"
        ):
            result.refused.append((source, url, response.status_code))
            continue
        if response.mimetype != "text/html" or response.status_code != 200:
            continue
        for link in parse(response.get_data(as_text=True)).find_all("a"):
            href = link.attrs.get("href", "")
            target = urlsplit(href)
            if (
                not href
                or target.scheme not in ("", "http")
                or target.netloc not in ("", "localhost")
            ):
                continue
            if not target.path.startswith("/"):
                continue
            linked = _endpoint(app, target.path, target.query)
            if linked is None or linked == "static":
                continue
            result.reached.add(linked)
            address = target.path + (f"?{target.query}" if target.query else "")
            if address not in seen:
                seen.add(address)
                queue.append((address, url))
    return result


@pytest.fixture
def demo(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Flask:
    from scheduler_app.demo import network
    from scheduler_app.demo.loader import load_demo

    monkeypatch.setattr(network, "load_network_history", lambda now: {})  # tests/network
    load_demo(utcnow())
    db.session.commit()
    return app


def _sign_in(client: FlaskClient, email: str) -> None:
    person = db.session.execute(db.select(Person).where(Person.email == email)).scalar_one()
    g.pop("_login_user", None)
    with client.session_transaction() as sess:
        sess["_user_id"] = str(person.id)
        sess["_fresh"] = True


# What each role must find by following links from the home page.
EVERYONE = {
    "main.home", "directory.index", "directory.show", "venues.index", "venues.show",
    "maps.index", "events.agenda", "events.calendar", "events.show", "feeds.event_ics",
    "rotation.index", "rotation.show", "rotation.holidays", "privacy.notice",
}  # fmt: skip
SIGNED_IN = EVERYONE | {
    "accounts.profile", "events.mine", "events.unregister", "network.index", "privacy.choices",
    "privacy.my_data", "followups.mail_preferences",
}  # fmt: skip
HOST = SIGNED_IN | {
    "directory.edit", "directory.profile", "directory.people", "directory.edit_person",
    "venues.create", "venues.edit", "events.create", "events.edit", "events.cancel",
    "events.registrations", "events.registrations_csv", "events.sign_in_sheet",
    "events.sessions", "events.edit_session", "events.roll_call", "events.visit_list",
    "events.visit_detail", "events.request_visit", "followups.feedback_results",
    "events.duplicate", "events.delete_session",
}  # fmt: skip
STAFF = HOST | {
    "directory.new", "directory.topics", "people.people_admin", "people.person_admin",
    "followups.quiet_members", "network.health", "network.suggestions", "network.ties_csv",
    "network.measures_csv", "network.participation_csv", "network.snapshots_csv",
    "network.introductions_csv", "network.graphml", "rotation.create", "rotation.edit",
    "rotation.what_if", "events.stops", "events.edit_stop", "events.stop_check_in",
    "events.programme", "events.edit_programme_item", "events.report",
    "events.delete_stop", "events.delete_programme_item", "followups.quiet_organisations",
    "followups.quiet_organisations_csv", "network.participation_page",
}  # fmt: skip
EXPECTED = {
    "anonymous": EVERYONE | {"accounts.login", "accounts.signup", "accounts.reset_request"},
    "member": SIGNED_IN,
    "host": HOST,
    "coordinator": STAFF,
    "admin": STAFF | {
        "mail.admin_outbox", "mail.dev_outbox", "mail.dev_message", "mail.dev_message_raw",
        "privacy.audit_log", "privacy.edit_notice", "privacy.export_on_request",
        "privacy.erase_on_request",
    },
}  # fmt: skip
# GET routes no role reaches by a link, and why.
NOT_LINKED = {
    # Reached from a link in an e-mail (each carries a signed token or is the mail's topic).
    "accounts.confirm_signup": "the sign-up confirmation mail",
    "accounts.reset_password": "the password reset mail",
    "followups.unsubscribe": "every mail's unsubscribe link",
    "followups.survey": "the feedback survey mail",
    "followups.hopes": "the welcome mail's question",
    "network.answer": "the introduction mail",
    "network.visit_request": "the introduction mail (the 'plan a visit' answer)",
    # Not pages: read by programs, shown in copy boxes or embedded.
    "feeds.all_events": "a calendar feed: its address is in a copy box (and webcal:)",
    "feeds.kind_events": "a calendar feed: its address is in a copy box",
    "feeds.member_events": "a calendar feed: its address is in a copy box",
    "feeds.person_events": "a private calendar feed: its address is in a copy box",
    "directory.photo": "an image, shown with <img>",
    "main.event_card_png": "a link-preview picture, named in the page's og:image tag",
    "main.member_card_png": "a link-preview picture, named in the page's og:image tag",
    "main.map_card_png": "a link-preview picture, named in the page's og:image tag",
    # LINE is off in this crawl (no channel settings); with LINE on, the profile links them.
    "line.settings_page": "the profile's LINE section (LINE configured)",
    "line.code_qr": "an image on the LINE page",
    "line.quota_page": "the Manage menu's LINE quota (LINE configured)",
    "maps.outline_geojson": "map data read by map.js",
    "maps.layers_geojson": "map data read by map.js",
    "directory.lookup": "member suggestions read by member-picker.js",
    "mail.dev_message_html": "the HTML part, embedded in the development outbox message page",
    "main.healthz": "for load balancers",
    "main.readyz": "for orchestrators and load balancers (compose healthcheck)",
    "events.certificate": "linked from the class page and my activities, for those who earned it",
}
# Links shown that end on a refusal: none.
KNOWN_REFUSALS: set[str] = set()


def test_every_get_route_is_expected_somewhere_or_explained(app: Flask) -> None:
    routes = {
        r.endpoint
        for r in app.url_map.iter_rules()
        if "GET" in (r.methods or ()) and r.endpoint != "static"
    }
    linked = set().union(*EXPECTED.values())
    assert routes - linked - set(NOT_LINKED) == set(), "add a new page to EXPECTED or NOT_LINKED"
    assert (linked | set(NOT_LINKED)) - routes == set(), "a listed endpoint no longer exists"


@pytest.mark.parametrize("role", ["anonymous", "member", "host", "coordinator", "admin"])
def test_each_role_finds_its_pages_from_the_home_page(
    demo: Flask, client: FlaskClient, role: str
) -> None:
    if role != "anonymous":
        _sign_in(client, f"{role}@demo.ruamjai.local")
    result = crawl(demo, client)
    assert EXPECTED[role] - result.reached == set(), f"{role} cannot find these pages"
    refused = [
        (source, url, status)
        for source, url, status in result.refused
        if _endpoint(demo, urlsplit(url).path, "") not in KNOWN_REFUSALS
    ]
    assert refused == [], f"{role} is shown links that refuse them"
