"""Rate limits guard the forms that need them and cost nothing elsewhere (issue 16):
pages and feed polls never reach the limiter; log-in, sign-up and password reset do (their
views check their own limits, so reading those forms still asks it, and is never limited)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from scheduler_app.extensions import limiter
from tests.factories import make_person

EN = {"Accept-Language": "en"}


@pytest.fixture
def limiter_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every time the limiter resolves limits for a request, the path asked for."""
    from flask import request

    calls: list[str] = []
    resolve = limiter.limit_manager.resolve_limits

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(request.path)
        return resolve(*args, **kwargs)

    monkeypatch.setattr(limiter.limit_manager, "resolve_limits", spy)
    return calls


def test_pages_and_feeds_do_not_reach_the_limiter(
    make_app: Callable[..., Flask], limiter_calls: list[str]
) -> None:
    app = make_app(LOGIN_RATE_LIMIT="2 per minute")
    with app.app_context():
        person = make_person(email="host@example.org")
        client = app.test_client()
        for path in ("/", "/events/", "/members/", "/venues/", "/feeds/all.ics"):
            assert client.get(path, headers=EN).status_code == 200, path
        assert client.get(f"/feeds/u/{person.feed_token}.ics").status_code == 200
        assert limiter_calls == []


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/login", {"email": "host@example.org", "password": "wrong password!"}),
        ("/signup", {"email": "new@example.org"}),
        ("/reset-password", {"email": "host@example.org"}),
    ],
)
def test_forms_that_need_limits_are_still_limited(
    make_app: Callable[..., Flask], limiter_calls: list[str], path: str, data: dict[str, str]
) -> None:
    app = make_app(LOGIN_RATE_LIMIT="2 per minute")
    with app.app_context():
        make_person(email="host@example.org")
        client = app.test_client()
        codes = [client.post(path, data=data, headers=EN).status_code for _ in range(3)]
        assert codes[:2] != [429, 429] and codes[2] == 429
        assert "Too many attempts" in client.post(path, data=data, headers=EN).get_data(
            as_text=True
        )
        assert set(limiter_calls) == {path}
