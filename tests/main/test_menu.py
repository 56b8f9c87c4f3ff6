"""The header menu (issue 12): one disclosure button for phones, the full menu in the page
for desktops and for browsers without JavaScript, and a "Manage" group only for staff."""

from __future__ import annotations

import pytest
from flask import g

from tests.html_tree import parse


def _header(client):
    return parse(client.get("/").get_data(as_text=True)).find("header", "site-header")


def test_the_menu_button_controls_the_whole_menu(client):
    header = _header(client)
    button = header.find("button", "menu-toggle")
    assert button.attrs["type"] == "button" and button.attrs["aria-expanded"] == "false"
    assert "hidden" in button.attrs  # shown by site-menu.js; without it the menu just shows
    assert button.text == "เมนู"
    menu = header.by_id(button.attrs["aria-controls"])
    assert menu.find("nav").attrs["aria-label"] == "เมนูหลัก"
    assert menu.find("form", "lang-switch") and menu.find(
        "a", where=lambda a: a.attrs.get("href") == "/login"
    )
    assert (
        parse(client.get("/").get_data(as_text=True))
        .find("script", where=lambda s: s.attrs.get("src", "").endswith("/js/site-menu.js"))
        .attrs.get("defer")
        is not None
    )


STAFF_MENU = ["/admin/people", "/members/topics", "/coordination/quiet-members", "/network/health"]
ADMIN_MENU = [*STAFF_MENU, "/admin/outbox", "/dev/outbox", "/admin/privacy/notice", "/admin/audit"]


@pytest.mark.parametrize(
    ("role", "manage"),
    [(None, None), ("member", None), ("host", None), ("coordinator", STAFF_MENU),
     ("admin", ADMIN_MENU)],
)  # fmt: skip
def test_each_role_sees_only_the_menu_it_may_use(client, auth, make_person, role, manage):
    if role:
        g.pop("_login_user", None)
        auth.login_as(make_person(role=role))
    header = _header(client)
    links = [a.attrs["href"] for a in header.find("ul", "site-nav").find_all("a")]
    signed_in = ["/network", "/events/mine"] if role else []
    main = ["/", "/members/", "/venues/", "/map", "/events/", "/events/calendar", "/rotation/"]
    assert links[: len(main) + len(signed_in)] == main + signed_in
    groups = header.find_all("li", "nav-group")
    if manage is None:
        assert groups == []
    else:
        assert groups[0].find("summary").text == "จัดการ"
        assert [a.attrs["href"] for a in groups[0].find_all("a")] == manage
