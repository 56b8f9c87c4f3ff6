"""Sign-up that tells nobody who is registered, and proves the address before use.

Whatever address is typed, the page answers the same ("check your e-mail"); the mail
says the rest: a new address gets a confirmation link, a registered one is told that
someone tried to sign up with it and how to reset the password. Services never commit.
"""

from __future__ import annotations

from datetime import datetime
from typing import TypedDict

from flask import current_app, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from scheduler_app.accounts import services
from scheduler_app.accounts.models import Person
from scheduler_app.extensions import db
from scheduler_app.web import base_url

CONFIRM_SALT = "signup-confirm"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=CONFIRM_SALT)


def _max_age() -> int:
    return int(current_app.config["SIGNUP_CONFIRM_MAX_AGE"])


class NewAccount(TypedDict):
    """What the sign-up form asks for (``services.register_person``'s arguments)."""

    email: str
    password: str
    given_name: str
    family_name: str
    honorific: str
    preferred_language: str | None


def start_signup(account: NewAccount, now: datetime) -> Person | None:
    """An unconfirmed account and its confirmation mail, or, for a registered address,
    a "someone tried to sign up with your address" mail (at most one a day) and None."""
    existing = services.find_person_by_email(account["email"])
    if existing is not None:
        if existing.is_active_account:
            services.queue_reset_link(existing, "signup_attempt", now.date().isoformat())
        return None
    person = services.register_person(**account)
    person.is_email_confirmed = False
    db.session.flush()
    _queue_confirmation(person)
    return person


def _queue_confirmation(person: Person) -> None:
    token = _serializer().dumps({"id": person.id, "email": person.email})
    services.queue_account_mail(
        "signup_confirm",
        person,
        {
            "confirm_url": base_url()
            + url_for("accounts.confirm_signup", token=token, _external=False),
            "valid_days": max(1, _max_age() // 86400),
        },
        f"signup-confirm:{person.id}",
    )


def confirm_signup(token: str) -> Person:
    """The unconfirmed account a link names, now confirmed, with its welcome mail queued;
    raises ``services.ResetTokenExpired`` or ``services.ResetTokenInvalid`` (a used link
    is invalid: it cannot sign anyone in twice)."""
    try:
        data = _serializer().loads(token, max_age=_max_age())
    except SignatureExpired as exc:
        raise services.ResetTokenExpired from exc
    except BadSignature as exc:
        raise services.ResetTokenInvalid from exc
    if not isinstance(data, dict) or not isinstance(data.get("id"), int):
        raise services.ResetTokenInvalid
    person = db.session.get(Person, data["id"])
    if person is None or person.is_email_confirmed or person.email != data.get("email"):
        raise services.ResetTokenInvalid
    person.is_email_confirmed = True
    services.queue_welcome_mail(person)
    return person
