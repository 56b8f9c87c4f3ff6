"""Account verbs: register, authenticate, reset passwords, edit profiles and roles.

Services change state through ``db.session`` and never commit; the caller (a view or a
CLI command) owns the transaction.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.orm import selectinload
from werkzeug.security import check_password_hash, generate_password_hash

from scheduler_app.accounts.audit import record
from scheduler_app.accounts.models import Person, Role, new_feed_token
from scheduler_app.accounts.privacy_models import AuditAction
from scheduler_app.accounts.sessions import end_all_sessions
from scheduler_app.core.text import like_pattern, normalise_query
from scheduler_app.extensions import db, utcnow
from scheduler_app.forms import FieldError
from scheduler_app.web import base_url as web_base_url

RESET_SALT = "password-reset"
# Checked when no account matches, so a wrong e-mail costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class EmailTaken(Exception):
    """Another account already uses this e-mail address."""


class ResetTokenInvalid(Exception):
    """The reset link was tampered with, or has been used already."""


class ResetTokenExpired(Exception):
    """The reset link is older than ``PASSWORD_RESET_MAX_AGE``."""


def normalise_email(email: str) -> str:
    """E-mail addresses are compared and stored trimmed and lower-case."""
    return (email or "").strip().lower()


def find_person_by_email(email: str) -> Person | None:
    """The account with this address (any case), or None."""
    return db.session.execute(
        db.select(Person).where(Person.email == normalise_email(email))
    ).scalar_one_or_none()


def register_person(
    *,
    email: str,
    password: str,
    given_name: str,
    family_name: str = "",
    honorific: str = "",
    role: Role | str = Role.MEMBER,
    preferred_language: str | None = None,
    member_id: int | None = None,
) -> Person:
    """Add a new account to the session; raises ``EmailTaken`` if the address is in use.

    A concurrent sign-up can still win the race: the caller must also treat an
    ``IntegrityError`` at commit as ``EmailTaken``.
    """
    email = normalise_email(email)
    if find_person_by_email(email) is not None:
        raise EmailTaken(email)
    person = Person(
        email=email,
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        honorific=honorific.strip(),
        role=str(role),
        preferred_language=preferred_language,
        member_id=member_id,
    )
    person.set_password(password)
    db.session.add(person)
    return person


def queue_account_mail(kind: str, person: Person, context: dict[str, Any], dedupe_key: str) -> None:
    """Queue a transactional account mail (welcome, reset link, sign-up confirmation) to
    ``person``, in their language or the site's default."""
    from scheduler_app.mail.services import queue_mail

    if not person.email:
        return  # a chart contact without an address has no account to write about
    queue_mail(
        kind,
        to_email=person.email,
        to_name=person.display_name,
        language=person.preferred_language or current_app.config["BABEL_DEFAULT_LOCALE"],
        context=context,
        dedupe_key=dedupe_key,
        person_id=person.id,
        transactional=True,
    )


def queue_welcome_mail(person: Person) -> None:
    """Queue the welcome e-mail for a new account (once: keyed by the person's id).

    ``person`` must have been flushed so it has an id.
    """
    base_url = web_base_url()
    queue_account_mail(
        "welcome",
        person,
        {
            "profile_url": base_url + url_for("accounts.profile", _external=False),
            "home_url": base_url + url_for("main.home", _external=False),
        },
        f"welcome:person:{person.id}",
    )


def authenticate(email: str, password: str) -> Person | None:
    """The person whose e-mail and password match, active or not; None otherwise."""
    person = find_person_by_email(email)
    if person is None or not person.password_hash:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return person if person.check_password(password) else None


def record_login(person: Person, now: datetime) -> None:
    person.last_login_at = now


def update_profile(person: Person, **fields: Any) -> None:
    """Set the editable profile fields (names, position, phone, language)."""
    allowed = {"honorific", "given_name", "family_name", "position", "phone"}
    for name in allowed & fields.keys():
        setattr(person, name, (fields[name] or "").strip())
    if "preferred_language" in fields:
        person.preferred_language = fields["preferred_language"]


def change_password(person: Person, new_password: str) -> None:
    """Set a new password; this ends every session of ``person`` and invalidates any
    outstanding reset links (the caller signs the current browser in again)."""
    person.set_password(new_password)
    end_all_sessions(person)


def regenerate_feed_token(person: Person) -> str:
    """Replace the private feed token, revoking every URL built on the old one."""
    person.feed_token = new_feed_token()
    return person.feed_token


# --- password reset -------------------------------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def _password_fingerprint(person: Person) -> str:
    # Changes whenever the password does, so a used link stops working.
    return hashlib.sha256((person.password_hash or "").encode()).hexdigest()[:24]


def make_reset_token(person: Person) -> str:
    """A signed, expiring, single-use token naming ``person``."""
    return _serializer().dumps({"id": person.id, "fp": _password_fingerprint(person)})


def person_from_reset_token(token: str) -> Person:
    """The person a reset token names; raises ``ResetTokenExpired``/``ResetTokenInvalid``."""
    max_age = int(current_app.config["PASSWORD_RESET_MAX_AGE"])
    try:
        data = _serializer().loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise ResetTokenExpired from exc
    except BadSignature as exc:
        raise ResetTokenInvalid from exc
    if not isinstance(data, dict) or not isinstance(data.get("id"), int):
        raise ResetTokenInvalid
    person = db.session.get(Person, data["id"])
    if person is None or not person.is_active_account:
        raise ResetTokenInvalid
    if data.get("fp") != _password_fingerprint(person):
        raise ResetTokenInvalid
    return person


def request_password_reset(email: str) -> bool:
    """Queue a reset link to an active account with this address; False if none.

    The caller must answer the same way either way, so nobody learns who is registered.
    """
    person = find_person_by_email(email)
    if person is None or not person.is_active_account:
        return False
    queue_reset_link(person, "password_reset")
    return True


def queue_reset_link(person: Person, kind: str, dedupe_suffix: str = "") -> None:
    """Queue mail ``kind`` carrying a reset link (a reset request, a sign-up attempt)."""
    token = make_reset_token(person)
    reset_url = web_base_url() + url_for("accounts.reset_password", token=token, _external=False)
    token_hash = hashlib.sha256(token.encode()).hexdigest()[:16]
    queue_account_mail(
        kind,
        person,
        {
            "reset_url": reset_url,
            "valid_minutes": max(1, int(current_app.config["PASSWORD_RESET_MAX_AGE"]) // 60),
        },
        f"{kind.replace('_', '-')}:{person.id}:{dedupe_suffix or token_hash}",
    )


def reset_password(person: Person, new_password: str) -> None:
    """A new password from a mailed link: ends every session; the link also proves the
    address, so an unconfirmed sign-up becomes confirmed."""
    change_password(person, new_password)
    person.is_email_confirmed = True


# --- people administration ------------------------------------------------------------


def search_people(query: str, page: int, per_page: int) -> Pagination:
    """People whose name or e-mail contains ``query``, newest accounts last."""
    stmt = (
        db.select(Person)
        .options(selectinload(Person.member))
        .order_by(Person.given_name, Person.family_name, Person.id)
    )
    term = normalise_query(query)
    if term:
        pattern = like_pattern(term.lower())
        stmt = stmt.where(
            sa.or_(
                sa.func.lower(Person.given_name).like(pattern, escape="\\"),
                sa.func.lower(Person.family_name).like(pattern, escape="\\"),
                Person.email.like(pattern, escape="\\"),
            )
        )
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def set_role(person: Person, role: Role | str) -> None:
    """Give ``person`` a role; raises ValueError for an unknown role."""
    person.role = Role(str(role)).value


# A host acts for one organisation; without one, "create activity" and every host page
# would refuse them (a dead end), so an active host account must have an organisation.
HOST_NEEDS_ORGANISATION = _l(
    "A host acts for an organisation: choose the organisation, or give another role."
)


def update_person_admin(
    person: Person,
    *,
    role: str,
    member_id: int | None,
    is_active_account: bool,
    actor: Person | None = None,
    now: datetime | None = None,
) -> None:
    """Change the administrative fields an admin or coordinator controls; each change is
    written to the audit log."""
    if Role(str(role)) == Role.HOST and member_id is None and is_active_account:
        raise FieldError(HOST_NEEDS_ORGANISATION, field="member_id")
    at = now or utcnow()
    if person.role != Role(str(role)).value:
        record(actor, AuditAction.ROLE_CHANGED, person, f"{person.role} -> {role}", at)
    set_role(person, role)
    if person.member_id != member_id:
        detail = f"{person.member_id or '-'} -> {member_id or '-'}"
        record(actor, AuditAction.ORGANISATION_CHANGED, person, detail, at)
    person.member_id = member_id
    if person.is_active_account and not is_active_account:
        end_all_sessions(person)
        record(actor, AuditAction.DEACTIVATED, person, "", at)
    elif not person.is_active_account and is_active_account:
        record(actor, AuditAction.REACTIVATED, person, "", at)
    person.is_active_account = is_active_account
