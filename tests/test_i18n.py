"""Thai and English catalogues are complete, current and used by the pages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tools.i18n import catalogue_path, load, problems

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("locale", ["th", "en"])
def test_catalogue_has_no_untranslated_or_fuzzy_messages(locale):
    assert problems(load(catalogue_path(locale), locale)) == []


@pytest.mark.parametrize("locale", ["th", "en"])
def test_placeholders_agree_between_source_and_translation(locale):
    catalog = load(catalogue_path(locale), locale)
    errors = [(m.id, [str(e) for e in errs]) for m, errs in catalog.check()]
    assert errors == []


def test_catalogue_covers_every_string_in_the_code(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
            "-k", "_l", "-k", "lazy_gettext", "-o", str(pot), "--no-location", ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )  # fmt: skip
    with pot.open("rb") as fh:
        wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
    have = {
        m.id if isinstance(m.id, str) else m.id[0] for m in load(catalogue_path("th"), "th") if m.id
    }
    missing = sorted(wanted - have)
    assert missing == [], f"run `make catalog` and translate: {missing[:10]}"


def test_compiled_catalogue_is_current():
    for locale in ("th", "en"):
        po = catalogue_path(locale)
        mo = po.with_suffix(".mo")
        assert mo.exists(), "the build compiles .mo files (make translations)"
        assert mo.stat().st_mtime >= po.stat().st_mtime


def test_home_is_thai_by_default(client):
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="th">' in html
    assert "สมาชิก" in html


def test_accept_language_english(client):
    html = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Browse the member directory" in html


def test_switcher_is_remembered_in_the_session(client):
    response = client.post("/language", data={"lang": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/", headers={"Accept-Language": "th"}).get_data(as_text=True)
    assert '<html lang="en">' in html


def test_switcher_is_remembered_on_the_account(client, auth, make_person, app):
    person = make_person()
    auth.login_as(person)
    client.post("/language", data={"lang": "en", "next": "/"})
    from scheduler_app.extensions import db

    db.session.refresh(person)
    assert person.preferred_language == "en"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:x"])
def test_switcher_refuses_open_redirects(client, target):
    response = client.post("/language", data={"lang": "th", "next": target})
    assert response.headers["Location"] == "/"


def test_sarabun_font_is_served_locally(client):
    response = client.get("/static/css/app.css")
    css = response.get_data(as_text=True)
    response.close()
    assert "sarabun-thai-400-normal.woff2" in css
    assert "http" not in css.split("*/", 1)[1]
    font = client.get("/static/fonts/sarabun-thai-400-normal.woff2")
    assert font.status_code == 200 and font.data[:4] == b"wOF2"
    font.close()
