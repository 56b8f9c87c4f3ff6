"""With CSRF on (as in production), directory forms carry a token and refuse posts without."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import Flask, g

from scheduler_app.accounts.models import Role
from scheduler_app.directory.models import Member
from scheduler_app.extensions import db
from tests import factories


def test_forms_need_their_csrf_token(make_app: Callable[..., Flask]) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        member = factories.make_member(name_th="เดิม")
        coordinator = factories.make_person(role=Role.COORDINATOR)
        client = app.test_client()
        with client.session_transaction() as sess:
            sess["_user_id"] = str(coordinator.id)
            sess["_fresh"] = True
        g.pop("_login_user", None)
        for url in (f"/members/{member.id}/deactivate", f"/members/{member.id}/people"):
            assert client.post(url, data={"email": "a@example.org"}).status_code == 400
        page = client.get(f"/members/{member.id}").text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        assert token, "the deactivate button's form carries a token"
        url = f"/members/{member.id}/deactivate"
        assert client.post(url, data={"csrf_token": token.group(1)}).status_code == 302
        db.session.expire_all()
        assert db.session.get(Member, member.id).is_active is False
