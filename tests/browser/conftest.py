"""Real-browser fixtures: the app served on 127.0.0.1, an SMTP sink, headless Chromium.

The whole folder skips with a clear message when Chromium, the ``playwright`` package or
``node_modules/axe-core`` is missing (``make browser-deps`` installs them). The browser
tests always run on their own SQLite file with the Loei demo loaded; under
``TEST_DATABASE_URL`` (the PostgreSQL pass of CI) they are skipped because they would only
repeat the SQLite run.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from scheduler_app import create_app
from scheduler_app.accounts.models import Person
from scheduler_app.extensions import db, utcnow
from tests.conftest import base_test_config
from tests.mail.conftest import RecordingHandler, SmtpServer, free_port

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "tests" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
DEMO_PASSWORD = "ruamjai-demo"  # the published demo password
HOST_EMAIL = "host@demo.ruamjai.local"
MEMBER_EMAIL = "member@demo.ruamjai.local"
COORDINATOR_EMAIL = "coordinator@demo.ruamjai.local"
VISITOR_EMAIL = "visitor.host@demo.ruamjai.local"  # made here: a host of Chiang Khan
SEED_SERIES_NAME = "เวทีแลกเปลี่ยนเรียนรู้ชุมชนอำเภอเชียงคาน"
DESKTOP = {"width": 1200, "height": 800}
PHONE = {"width": 360, "height": 740}


def _missing_requirement() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if os.environ.get("TEST_DATABASE_URL"):
        return "browser tests run once, on SQLite (skipped in the PostgreSQL pass)"
    if shutil.which("chromium") is None:
        return "Chromium is not installed (run `make browser-deps`, or apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing (pip install -e '.[dev]')"
    if not AXE_JS.exists():
        return "node_modules/axe-core is missing (run `make browser-deps`, i.e. npm ci)"
    return None


@dataclass
class LiveServer:
    url: str
    app: Flask
    smtp: SmtpServer

    def person(self, email: str) -> Person:
        with self.app.app_context():
            person = db.session.execute(db.select(Person).where(Person.email == email)).scalar_one()
            db.session.expunge(person)
            return person

    def send_due_mail(self) -> Any:
        """What ``flask mail send-due`` does, against this server's database."""
        from scheduler_app.mail.sending import send_due

        with self.app.app_context():
            summary = send_due(utcnow() + timedelta(minutes=1))
            db.session.commit()
            return summary


def _seed(app: Flask) -> None:
    """The Loei demo (as ``flask demo``) plus a host login for a second organisation."""
    from scheduler_app.demo.loader import load_demo
    from scheduler_app.directory.models import Member

    with app.app_context():
        db.create_all()
        load_demo(utcnow())
        db.session.commit()
        chiang_khan = db.session.execute(
            db.select(Member).where(Member.external_ref == "demo:district:4203")
        ).scalar_one()
        visitor = Person(
            email=VISITOR_EMAIL,
            honorific="นาย",
            given_name="สมพงษ์",
            family_name="ผู้มาเยือน",
            position="ปลัดเทศบาล",
            member=chiang_khan,
            role="host",
            preferred_language="th",
            created_at=utcnow(),
            updated_at=utcnow(),
        )
        visitor.set_password(DEMO_PASSWORD)
        db.session.add(visitor)
        _seed_rotation()
        db.session.commit()
        db.session.remove()


def _seed_rotation() -> None:
    """One planned rotation series, so its page exists whatever test runs first."""
    from scheduler_app.directory.models import Member
    from scheduler_app.rotation import services

    communities = db.session.execute(
        db.select(Member.id)
        .where(Member.external_ref.like("demo:subdistrict:4203%"))
        .order_by(Member.external_ref)
        .limit(6)
    ).scalars()
    values = {
        "name_th": SEED_SERIES_NAME,
        "name_en": "Chiang Khan community exchange",
        "terms_per_year": 2,
        "preferred_months": [3, 11],
        "horizon_terms": 6,
    }
    series = services.create_series(values, list(communities), None, utcnow())
    services.apply_plan(series, utcnow())


def _closing(app: Flask) -> Callable[..., Iterator[bytes]]:
    """Close every response, even when the browser drops the connection mid-way.

    Werkzeug's development server skips ``close()`` when reading the dropped socket fails,
    which leaves static files open (a ResourceWarning, an error under filterwarnings).
    """

    def wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterator[bytes]:
        body = app(environ, start_response)
        try:
            yield from body
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()

    return wsgi


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    reason = _missing_requirement()
    if reason:
        pytest.skip(f"browser tests skipped: {reason}")
    folder = tmp_path_factory.mktemp("browser")
    smtp = SmtpServer(RecordingHandler(), free_port())
    smtp.start()
    port = free_port()
    config = base_test_config(folder)
    config.update(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'browser.sqlite3'}",
        WTF_CSRF_ENABLED=True,
        BASE_URL=f"http://127.0.0.1:{port}",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=smtp.port,
        MAIL_TIMEOUT=5,
        MAIL_SUPPRESS_SEND=False,  # TESTING suppresses sending otherwise (Flask-Mail)
        # No map tiles: the browser has no network here (and tests must not load OSM's
        # servers); maps draw the offline province outline instead.
        MAP_TILE_URL="",
    )
    app = create_app(config)
    _seed(app)
    server: BaseWSGIServer = make_server("127.0.0.1", port, _closing(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", app, smtp)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        smtp.stop()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser(live_server: LiveServer) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def signed_in_state(browser: Any, live_server: LiveServer) -> Callable[[str], dict[str, Any]]:
    """``signed_in_state(email)``: cookies of a session signed in once through the form."""
    states: dict[str, dict[str, Any]] = {}

    def _state(email: str) -> dict[str, Any]:
        if email not in states:
            context = browser.new_context(base_url=live_server.url, locale="th-TH")
            page = context.new_page()
            log_in(page, email)
            states[email] = context.storage_state()
            context.close()
        return states[email]

    return _state


@pytest.fixture
def new_page(
    browser: Any, live_server: LiveServer, signed_in_state: Callable[[str], dict[str, Any]]
) -> Iterator[Callable[..., Any]]:
    """``new_page(viewport=PHONE, as_user=EMAIL)``: a page in its own Thai browser context."""
    contexts: list[Any] = []

    def _open(
        viewport: dict[str, int] | None = None, as_user: str | None = None, **options: Any
    ) -> Any:
        if as_user:
            options["storage_state"] = signed_in_state(as_user)
        context = browser.new_context(
            base_url=live_server.url,
            locale="th-TH",
            timezone_id="Asia/Bangkok",
            extra_http_headers={"Accept-Language": "th-TH,th;q=0.9"},
            viewport=viewport or DESKTOP,
            **options,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []  # type: ignore[attr-defined]
        page.on(
            "console",
            lambda msg: page.console_errors.append(msg.text) if msg.type == "error" else None,
        )
        return page

    yield _open
    for context in contexts:
        context.close()


def expect(target: Any) -> Any:
    """Playwright's auto-waiting ``expect`` (imported late: the package may be missing)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


def submit(page: Any, target: Any) -> None:
    """Click a submit button (or link) and wait until the next page has loaded."""
    with page.expect_navigation():
        target.click()


def log_in(page: Any, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the real login form (Thai labels)."""
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    submit(page, page.locator("form.stacked button[type=submit]"))
    assert "/login" not in page.url, page.locator(".form-errors, .field-error").all_inner_texts()


def run_axe(page: Any) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations on the current page.

    The script is evaluated through the DevTools protocol, so the page's CSP (no inline
    scripts) does not need loosening.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)
            }));
        }"""
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


def overflow_width(page: Any) -> int:
    """How wide the document is (more than the viewport means the body scrolls sideways)."""
    return int(page.evaluate("() => document.documentElement.scrollWidth"))


def save_screenshot(page: Any, name: str) -> Path:
    """A small PNG (256-colour palette) of the viewport in tests/screenshots/."""
    from PIL import Image

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    raw = page.screenshot(full_page=False, animations="disabled", caret="hide")
    image = Image.open(io.BytesIO(raw)).convert("RGB").quantize(colors=256)
    target = SCREENSHOTS / f"{name}.png"
    image.save(target, format="PNG", optimize=True)
    return target


def event_id_from(url: str) -> int:
    found = re.search(r"/events/(\d+)", url)
    assert found, url
    return int(found.group(1))


def pick_member(page: Any, field_id: str, typed: str, name: str, *, keyboard: bool = False) -> None:
    """Type ``typed`` into a member picker and choose the suggestion called ``name``: by
    tapping it, or (``keyboard``) with the arrow keys and Enter only."""
    box = page.locator(f"#{field_id}")
    box.fill("")
    box.press_sequentially(typed, delay=20)
    listbox = page.locator(f"#{field_id}-listbox")
    option = listbox.get_by_text(name, exact=True).first  # the label, not the hint
    expect(option).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    if not keyboard:
        option.click()
        return
    for _ in range(listbox.get_by_role("option").count()):
        box.press("ArrowDown")
        active = box.get_attribute("aria-activedescendant") or ""
        if active and page.locator(f"#{active} > span").first.inner_text() == name:
            break
    else:
        raise AssertionError(f"{name} is not among the suggestions for {typed}")
    box.press("Enter")
    expect(box).to_have_attribute("aria-expanded", "false")
