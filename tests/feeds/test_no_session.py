"""Feeds are read by calendar apps and shared caches: they never carry the session."""

from __future__ import annotations

import pytest

from tests.feeds.conftest import build_event


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_feeds_send_no_cookie_and_no_vary_cookie(make_person, client, signed_in):
    event = build_event()
    person = make_person()
    if signed_in:
        with client.session_transaction() as session:
            session["_user_id"] = str(person.id)
            session.permanent = True  # Flask would refresh this cookie on every response
    urls = [
        "/feeds/all.ics",
        "/feeds/all.ics?lang=en",
        "/feeds/kind/exchange.ics",
        f"/feeds/member/{event.host_member_id}.ics",
        f"/events/{event.id}.ics",
        f"/feeds/u/{person.feed_token}.ics",
    ]
    for url in urls:
        for headers in ({}, {"If-None-Match": client.get(url).headers["ETag"]}):
            response = client.get(url, headers=headers)
            assert response.status_code in (200, 304), url
            assert "Set-Cookie" not in response.headers, url
            assert "cookie" not in response.headers.get("Vary", "").lower(), url
    # Pages still vary on the cookie (and a signed-in session is refreshed there).
    page = client.get("/")
    assert "cookie" in page.headers.get("Vary", "").lower()
    if signed_in:
        assert "Set-Cookie" in page.headers
