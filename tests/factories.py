"""Callable factories: each returns a saved model with sensible defaults, overridable."""

from __future__ import annotations

import itertools
from typing import Any

from scheduler_app.accounts.models import Person, Role
from scheduler_app.directory.models import Member, MemberKind, OrgType
from scheduler_app.extensions import db
from scheduler_app.venues.models import Venue

DEFAULT_PASSWORD = "correct horse battery"
_seq = itertools.count(1)


def make_member(**kw: Any) -> Member:
    n = next(_seq)
    values: dict[str, Any] = {
        "kind": MemberKind.NODE.value,
        "org_type": OrgType.MUNICIPALITY.value,
        "name_th": f"เทศบาลตำบลทดสอบ {n}",
        "name_en": f"Test Municipality {n}",
        "district_code": "4201",
        "subdistrict_code": "420101",
    }
    values.update(kw)
    member = Member(**values)
    db.session.add(member)
    db.session.commit()
    return member


def make_person(
    role: Role | str = Role.MEMBER, password: str | None = DEFAULT_PASSWORD, **kw: Any
) -> Person:
    n = next(_seq)
    values: dict[str, Any] = {
        "email": f"person{n}@example.org",
        "honorific": "นาย",
        "given_name": f"สมชาย{n}",
        "family_name": "ใจดี",
        "role": str(role),
    }
    values.update(kw)
    person = Person(**values)
    if password:
        person.set_password(password)
    db.session.add(person)
    db.session.commit()
    return person


def make_venue(**kw: Any) -> Venue:
    n = next(_seq)
    values: dict[str, Any] = {
        "name_th": f"ศูนย์เรียนรู้ทดสอบ {n}",
        "name_en": f"Test Learning Centre {n}",
        "district_code": "4201",
        "subdistrict_code": "420101",
        "capacity": 80,
    }
    values.update(kw)
    venue = Venue(**values)
    db.session.add(venue)
    db.session.commit()
    return venue
