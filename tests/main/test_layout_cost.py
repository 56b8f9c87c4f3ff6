"""What every page's layout costs (issue 16): a signed-in page reads the person and what the
layout needs about them in one query, whatever the privacy notice's state, and the
"privacy notice has changed" banner still follows a new notice at once."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import g
from flask.testing import FlaskClient

from scheduler_app.accounts import notices
from scheduler_app.extensions import db, utcnow
from tests.html_tree import parse

ENGLISH = {"Accept-Language": "en"}


def _queries(client: FlaskClient, url: str) -> tuple[int, str]:
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    client.get(
        url, headers=ENGLISH
    )  # refills the page's per-process caches a commit may have emptied
    db.session.expire_all()
    g.pop("_login_user", None)
    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        response = client.get(url, headers=ENGLISH)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    assert response.status_code == 200, (url, response.status_code)
    return len(statements), response.get_data(as_text=True)


def _banner(page: str) -> bool:
    main = parse(page).find("main")
    assert main is not None
    return any(
        p.find("a", where=lambda a: a.attrs.get("href") == "/privacy/choices") is not None
        for p in main.find_all("p", "flash-info")
    )


def test_a_signed_in_light_page_pays_one_layout_query(client, auth, make_person):
    anonymous, _page = _queries(client, "/map")
    admin = make_person(role="admin")
    person = make_person(role="coordinator", preferred_language="en")
    auth.login_as(person)
    before_any_notice, page = _queries(client, "/map")
    assert before_any_notice == anonymous + 1  # the person, and nothing else
    assert not _banner(page)

    notices.publish_notice("ประกาศ", "Notice", admin, utcnow())
    db.session.commit()
    unread, page = _queries(client, "/map")
    assert _banner(page)  # at once, no cache to wait for
    assert unread == anonymous + 1

    notices.record_consents(person, ["account"], utcnow())
    db.session.commit()
    answered, page = _queries(client, "/map")
    assert not _banner(page)
    assert answered == anonymous + 1

    notices.publish_notice("ประกาศ 2", "Notice 2", admin, utcnow())
    db.session.commit()
    again, page = _queries(client, "/map")
    assert _banner(page)
    assert again == anonymous + 1


def test_the_banner_is_not_shown_on_the_privacy_pages_themselves(client, auth, make_person):
    admin = make_person(role="admin")
    notices.publish_notice("ประกาศ", "Notice", admin, utcnow())
    db.session.commit()
    auth.login_as(make_person(preferred_language="en"))
    assert _banner(_queries(client, "/map")[1])
    assert not _banner(_queries(client, "/privacy")[1])


def _menu(client: FlaskClient, url: str, language: str) -> tuple[list[tuple[str, str, bool]], bool]:
    """(href, label, is current) of the main menu's links, and whether "Manage" shows."""
    g.pop("_login_user", None)
    page = client.get(url, headers={"Accept-Language": language}).get_data(as_text=True)
    nav = parse(page).find("header", "site-header").find("ul", "site-nav")
    links = [
        (a.attrs["href"], a.text, a.attrs.get("aria-current") == "page") for a in nav.find_all("a")
    ]
    return links, bool(nav.find_all("li", "nav-group"))


def test_the_menu_rendered_once_is_reused_only_where_it_is_the_same(client, auth, make_person):
    """The menu is kept rendered per language, page and set of items: whoever comes next
    sees their own language, their own items and their own page marked."""
    coordinator = make_person(role="coordinator", preferred_language="th")
    member = make_person(role="member", preferred_language="en")
    auth.login_as(coordinator)
    for _ in range(2):  # the second view comes from the kept menu
        links, manage = _menu(client, "/", "th")
        assert manage
        assert ("/", "หน้าแรก", True) in links and ("/network", "เครือข่าย", False) in links
    auth.logout()
    auth.login_as(member)
    links, manage = _menu(client, "/venues/", "en")
    assert not manage
    assert ("/venues/", "Venues", True) in links and ("/", "Home", False) in links
    auth.logout()
    links, manage = _menu(client, "/venues/", "en")
    assert not manage
    assert ("/venues/", "Venues", True) in links
    assert "/network" not in [href for href, _label, _current in links]
    auth.login_as(coordinator)
    links, manage = _menu(client, "/venues/", "th")
    assert manage and ("/venues/", "สถานที่", True) in links
