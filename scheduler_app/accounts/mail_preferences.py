"""Mail preferences: which kinds of mail belong to which opt-out category, whether a
person still wants a category, and the signed unsubscribe links that switch one off.

Transactional mail (confirmations, changes, cancellations, password resets) ignores
opt-outs; everything here is the rest.

Consent (PDPA) is enforced here too, in one place for every sender: a person whose
latest answer for the ``mail`` purpose is *withdrawn* gets no mail at all, except the
account mail in ``ACCOUNT_KINDS`` (welcome, sign-up confirmation, "someone tried to sign
up with your address", password reset), which only ever answers something the person
did or must know to keep their account safe. ``queue_for_person`` refuses at queue
time; the sender asks again just before sending (``mail.signals.refusals``), so a
withdrawal, an opt-out or an erasure between queuing and sending still stops the mail.
A person without an e-mail address (a chart contact) gets nothing, silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.engine import Connection

from scheduler_app.accounts import channels
from scheduler_app.accounts.models import Person
from scheduler_app.accounts.notices import has_withdrawn
from scheduler_app.accounts.privacy_models import ConsentRecord, Purpose
from scheduler_app.extensions import db
from scheduler_app.mail.models import EMAIL, OutboxMessage, OutboxStatus
from scheduler_app.mail.services import queue_mail
from scheduler_app.mail.signals import refusals
from scheduler_app.web import site_url

UNSUBSCRIBE_SALT = "unsubscribe"


class Category(StrEnum):
    REMINDERS = "reminders"
    FOLLOWUPS = "followups"
    DIGEST = "digest"
    NETWORK = "network"


class DigestFrequency(StrEnum):
    MONTHLY = "monthly"
    WEEKLY = "weekly"
    NEVER = "never"


# Kinds of mail that people may stop; every other kind is transactional.
CATEGORY_OF_KIND: dict[str, Category] = {
    "reminder": Category.REMINDERS,
    "thank_you_survey": Category.FOLLOWUPS,
    "we_miss_you": Category.FOLLOWUPS,
    "digest": Category.DIGEST,
    "rotation_confirmed": Category.NETWORK,
}


# Account mail: sent whatever the person's mail consent (see the module docstring).
ACCOUNT_KINDS = frozenset({"welcome", "signup_confirm", "signup_attempt", "password_reset"})


def category_of(kind: str) -> Category | None:
    """The opt-out category of a kind of mail, or None when it is transactional."""
    return CATEGORY_OF_KIND.get(kind)


TOPIC_OF_CATEGORY: dict[Category, channels.Topic] = {
    Category.REMINDERS: channels.Topic.REMINDERS,
    Category.FOLLOWUPS: channels.Topic.FOLLOWUPS,
    Category.DIGEST: channels.Topic.DIGEST,
}


def allows(person: Person, category: Category | str) -> bool:
    """Whether ``person`` still wants messages of ``category`` by e-mail or by any other
    channel they chose for it (inactive accounts want none)."""
    if email_allows(person, category):
        return True
    topic = TOPIC_OF_CATEGORY.get(Category(category))
    if topic is None or not person.is_active_account:
        return False
    return any(channel.wants(person, topic) for channel in channels.enabled_channels())


def email_allows(person: Person, category: Category | str) -> bool:
    """Whether ``person`` still wants ``category`` by e-mail (inactive accounts want none)."""
    if not person.is_active_account:
        return False
    topic = TOPIC_OF_CATEGORY.get(Category(category))
    if topic is not None and channels.email_choice_off(person, topic):
        return False
    return _category_on(person, category)


def _category_on(person: Person | sa.Row[Any], category: Category | str) -> bool:
    """The person's own switch for ``category`` (works on a loaded row too)."""
    match Category(category):
        case Category.REMINDERS:
            return person.wants_reminders
        case Category.FOLLOWUPS:
            return person.wants_followups
        case Category.NETWORK:
            return person.wants_network_news
        case Category.DIGEST:
            return person.digest_frequency != DigestFrequency.NEVER
    return True  # pragma: no cover - the match is exhaustive


def opt_out(person: Person, category: Category | str) -> None:
    """Stop ``category`` for ``person`` (no commit)."""
    match Category(category):
        case Category.REMINDERS:
            person.wants_reminders = False
        case Category.FOLLOWUPS:
            person.wants_followups = False
        case Category.NETWORK:
            person.wants_network_news = False
        case Category.DIGEST:
            person.digest_frequency = DigestFrequency.NEVER.value


def mail_consent_withdrawn(person: Person) -> bool:
    """Whether the person withdrew consent to mail (never asked is not withdrawn)."""
    return has_withdrawn(person.id, Purpose.MAIL)


def withdraw_unwanted(person: Person) -> int:
    """Withdraw ``person``'s pending mail of the categories they no longer want, and all
    but account mail if they withdrew consent to mail."""
    if mail_consent_withdrawn(person):
        unwanted_kind = OutboxMessage.kind.not_in(sorted(ACCOUNT_KINDS))
    else:
        unwanted = [kind for kind, cat in CATEGORY_OF_KIND.items() if not email_allows(person, cat)]
        if not unwanted:
            return 0
        unwanted_kind = OutboxMessage.kind.in_(unwanted)
    rows = db.session.execute(
        sa.select(OutboxMessage).where(
            OutboxMessage.person_id == person.id,
            OutboxMessage.channel == EMAIL,
            OutboxMessage.status == OutboxStatus.PENDING.value,
            unwanted_kind,
        )
    ).scalars()
    count = 0
    for row in rows:
        row.status = OutboxStatus.WITHDRAWN.value
        count += 1
    return count


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(person: Person, category: Category | str) -> str:
    """A signed, unguessable token naming the person and the category."""
    return str(_serializer().dumps([person.id, str(Category(category))]))


def read_token(token: str) -> tuple[Person, Category] | None:
    """The person and category a token names, or None if forged, malformed or unknown."""
    try:
        person_id, category = _serializer().loads(token)
        chosen = Category(category)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(person_id, int):
        return None
    person = db.session.get(Person, person_id)
    return (person, chosen) if person is not None else None


def unsubscribe_url(person: Person, category: Category | str) -> str:
    """The absolute https URL of the one-click unsubscribe for this person and category."""
    return site_url(f"/unsubscribe/{unsubscribe_token(person, category)}")


def queue_for_person(
    kind: str,
    person: Person,
    context: dict[str, Any],
    dedupe_key: str,
    *,
    category: Category | None,
    send_after: datetime | None = None,
    ical: str | None = None,
) -> None:
    """Queue ``kind`` for ``person`` in their language: the one way messages reach a person.

    ``category`` None means transactional (no opt-out, no List-Unsubscribe); otherwise a
    person who opted out of the category gets no e-mail, and the mail carries a one-click
    unsubscribe link for that category. Every enabled channel the person chose for the
    kind's topic (``accounts/channels.py``) queues its own row under the same key; the
    e-mail goes as well when the person wants it, or when a channel could not take the
    message (the LINE quota ran out). No e-mail is queued for a person who withdrew
    consent to mail, and nothing at all for one who was erased; a person without an
    e-mail address gets only their other channels.
    """
    if person.erased_at is not None:
        return
    topic = channels.topic_of(kind)
    email_wanted = category is None or email_allows(person, category)
    if topic is not None and channels.email_choice_off(person, topic):
        email_wanted = False
    fallback = False
    if topic is not None and person.is_active_account:
        message = channels.Outgoing(kind, person, context, dedupe_key, send_after, email_wanted)
        for channel in channels.enabled_channels():
            if channel.wants(person, topic) and not channel.queue(message):
                fallback = True
    if not (email_wanted or fallback) or not person.email:
        return
    if kind not in ACCOUNT_KINDS and mail_consent_withdrawn(person):
        return
    queue_mail(
        kind,
        to_email=person.email,
        to_name=person.display_name,
        language=person.preferred_language or "th",
        context=context,
        dedupe_key=dedupe_key,
        person_id=person.id,
        send_after=send_after,
        transactional=category is None,
        unsubscribe_url=unsubscribe_url(person, category) if category else None,
        ical=ical,
    )


_PERSON = Person.__table__
_CONSENT = ConsentRecord.__table__


@refusals.connect
def refuse_unwanted(_sender: object, *, rows: Sequence[Any], conn: Connection) -> set[int]:
    """At send time: the claimed rows whose person withdrew consent to mail, opted out
    of the row's category, was erased or lost their address since it was queued (two
    reads on the sending connection for the whole batch)."""
    checked = [r for r in rows if r.person_id is not None and r.kind not in ACCOUNT_KINDS]
    if not checked:
        return set()
    ids = sorted({r.person_id for r in checked})
    people = {
        p.id: p
        for p in conn.execute(
            sa.select(
                _PERSON.c.id, _PERSON.c.email, _PERSON.c.erased_at,
                _PERSON.c.is_active_account, _PERSON.c.wants_reminders,
                _PERSON.c.wants_followups, _PERSON.c.wants_network_news,
                _PERSON.c.digest_frequency,
            ).where(_PERSON.c.id.in_(ids))
        )
    }  # fmt: skip
    mail_answer: dict[int, bool] = {}
    for person_id, is_given in conn.execute(
        sa.select(_CONSENT.c.person_id, _CONSENT.c.is_given)
        .where(_CONSENT.c.person_id.in_(ids), _CONSENT.c.purpose == Purpose.MAIL.value)
        .order_by(_CONSENT.c.recorded_at, _CONSENT.c.id)
    ):
        mail_answer[person_id] = bool(is_given)
    refused = set()
    for row in checked:
        person = people.get(row.person_id)
        if person is None:
            continue
        category = category_of(row.kind)
        if (
            person.erased_at is not None
            or not person.email
            or mail_answer.get(row.person_id) is False
            or (
                category is not None
                and not (person.is_active_account and _category_on(person, category))
            )
        ):
            refused.add(row.id)
    return refused
