"""Small helpers shared by the accounts tests."""

from __future__ import annotations

import re
from typing import Any

from scheduler_app.accounts.models import Person
from scheduler_app.extensions import db

GOOD_PASSWORD = "a long enough secret"


def person_count() -> int:
    return db.session.execute(db.select(db.func.count()).select_from(Person)).scalar_one()


def field_error(html: str, field_id: str) -> str:
    """The text of the error paragraph the ``field()`` macro puts beside a field."""
    match = re.search(rf'id="{re.escape(field_id)}-error">([^<]*)<', html)
    return match.group(1) if match else ""


def signup_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "email": "Somsri@Example.ORG",
        "honorific": "นางสาว",
        "given_name": "สมศรี",
        "family_name": "รักถิ่น",
        "preferred_language": "th",
        "password": GOOD_PASSWORD,
        "confirm": GOOD_PASSWORD,
        "accept_notice": "y",
    }
    data.update(overrides)
    return data
