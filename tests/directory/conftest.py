"""Directory test helpers: signing in as each kind of person, HTML parsing helpers."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import g

from scheduler_app.accounts.models import Person, Role
from scheduler_app.directory.models import Member
from scheduler_app.extensions import db

ROLES = ("anonymous", "member", "host_other", "host_own", "coordinator", "admin")


@pytest.fixture
def login(auth: Any) -> Callable[[Person | None], None]:
    """Sign in (or out, with None); forgets the user Flask-Login cached on ``g``."""

    def _login(person: Person | None) -> None:
        if person is None:
            auth.logout()
        else:
            auth.login_as(person)
        g.pop("_login_user", None)

    return _login


@pytest.fixture
def actor(make_person: Callable[..., Person], make_member: Callable[..., Member]) -> Any:
    """``actor(role_name, member)``: a person of that kind relative to ``member``."""

    def _actor(role_name: str, member: Member) -> Person | None:
        if role_name == "anonymous":
            return None
        if role_name == "host_own":
            return make_person(role=Role.HOST, member_id=member.id)
        if role_name == "host_other":
            other = make_member(name_th="องค์กรอื่น")
            return make_person(role=Role.HOST, member_id=other.id)
        return make_person(role=role_name)

    return _actor


def field_error(html: str, field_id: str) -> str:
    """The error text the ``field()`` macro prints beside a field ('' if none)."""
    match = re.search(rf'<p class="field-error" id="{re.escape(field_id)}-error">([^<]*)<', html)
    return match.group(1) if match else ""


def count(model: type) -> int:
    return db.session.execute(db.select(db.func.count()).select_from(model)).scalar_one()


def fresh(obj: Any) -> Any:
    """Reload ``obj`` from the database, dropping anything only in the session."""
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)
