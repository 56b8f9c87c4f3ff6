"""Introductions: a person chooses to introduce two members; both get a mail with the
other's profile and signed "I'd like to meet / not now" links; when both say yes the
app offers a pre-filled study-visit request. Never commits.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from scheduler_app.accounts.mail_preferences import site_url
from scheduler_app.accounts.models import Person
from scheduler_app.directory.contacts import (
    Recipient,
    answers_for,
    recipient_key,
    responsible_recipients,
    write_to,
)
from scheduler_app.directory.models import Member
from scheduler_app.directory.publication import published_contact_email
from scheduler_app.extensions import db
from scheduler_app.network.compute import INTRODUCTION_COOLDOWN
from scheduler_app.network.models import Answer, Introduction

INTRODUCTION_SALT = "introduction"
ANSWERS = (Answer.YES.value, Answer.NOT_NOW.value)


class IntroductionRefused(ValueError):
    """Why an introduction may not be sent; ``code`` picks the translated message."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def last_introduction(a_id: int, b_id: int) -> Introduction | None:
    a, b = min(a_id, b_id), max(a_id, b_id)
    return db.session.execute(
        sa.select(Introduction)
        .where(Introduction.a_member_id == a, Introduction.b_member_id == b)
        .order_by(Introduction.created_at.desc())
        .limit(1)
    ).scalar_one_or_none()


def check_introduction(a: Member, b: Member, now: datetime) -> None:
    """Raise ``IntroductionRefused`` unless ``a`` and ``b`` may be introduced now."""
    if a.id == b.id:
        raise IntroductionRefused("self")
    if not (a.is_active and b.is_active):
        raise IntroductionRefused("inactive")
    if not (a.accepts_introductions and b.accepts_introductions):
        raise IntroductionRefused("opted_out")
    last = last_introduction(a.id, b.id)
    if last is not None and last.created_at > now - INTRODUCTION_COOLDOWN:
        raise IntroductionRefused("twice")
    if not responsible_recipients(a) or not responsible_recipients(b):
        raise IntroductionRefused("no_recipient")


def send_introduction(
    a: Member,
    b: Member,
    *,
    sender: Person,
    now: datetime,
    middle: Member | None = None,
    note: str = "",
    reasons: list[dict[str, Any]] | None = None,
) -> Introduction:
    """Record the introduction and queue one mail per person who speaks for each side."""
    check_introduction(a, b, now)
    first, second = (a, b) if a.id < b.id else (b, a)
    intro = Introduction(
        a_member_id=first.id,
        b_member_id=second.id,
        middle_member_id=middle.id if middle else None,
        sent_by_id=sender.id,
        note=note.strip()[:2000],
        reasons=json.dumps(reasons or []),
        created_at=now,
    )
    db.session.add(intro)
    db.session.flush()
    for side, other in ((first, second), (second, first)):
        for recipient in responsible_recipients(side):
            write_to(
                "introduction",
                recipient,
                _mail_context(intro, side, other, recipient, sender),
                f"introduction:{intro.id}:person:{recipient_key(recipient)}",
            )
    return intro


def _mail_context(
    intro: Introduction, side: Member, other: Member, recipient: Recipient, sender: Person
) -> dict[str, Any]:
    # The contact address (no account) answers with a token for person 0.
    token = answer_token(intro, side.id, recipient.person.id if recipient.person else 0)
    url = site_url(f"/network/introductions/{token}")
    return {
        "member_th": side.name_th,
        "member_en": side.name_en,
        "other": profile_values(other),
        "sender_name": sender.display_name,
        "note": intro.note,
        "yes_url": url + "?answer=yes",
        "no_url": url + "?answer=not_now",
    }


def profile_values(member: Member) -> dict[str, Any]:
    """Plain values of a member's profile for a mail (rendered outside any request)."""
    return {
        "name_th": member.name_th,
        "name_en": member.name_en,
        "description": member.description,
        # Only an address the member published (never a login nobody chose to show).
        "contact_email": published_contact_email(member),
        "contact_phone": member.contact_phone,
        "topics_th": [t.topic.name_th for t in member.topics],
        "topics_en": [t.topic.name_en or t.topic.name_th for t in member.topics],
        "offers": [(o.description, o.quantity) for o in member.offers],
        "needs": [n.description for n in member.needs],
        "url": site_url(f"/members/{member.id}"),
    }


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=INTRODUCTION_SALT)


def answer_token(intro: Introduction, member_id: int, person_id: int) -> str:
    return str(_serializer().dumps([intro.id, member_id, person_id]))


def read_token(token: str) -> tuple[Introduction, int] | None:
    """The introduction and the side (member id) a token answers for, or None."""
    try:
        intro_id, member_id, _person_id = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(intro_id, int) or not isinstance(member_id, int):
        return None
    intro = db.session.get(Introduction, intro_id)
    if intro is None or member_id not in (intro.a_member_id, intro.b_member_id):
        return None
    return intro, member_id


def answer(intro: Introduction, member_id: int, choice: str, now: datetime) -> bool:
    """Record one side's answer; True when this answer made both sides say yes."""
    if choice not in ANSWERS:
        raise ValueError(choice)
    was_accepted = intro.is_accepted
    if member_id == intro.a_member_id:
        intro.a_answer, intro.a_answered_at = choice, now
    else:
        intro.b_answer, intro.b_answered_at = choice, now
    return intro.is_accepted and not was_accepted


def can_request_visit_for(person: Any, intro: Introduction) -> bool:
    """Staff, or whoever answers for either side (the people the introduction mail went
    to), may turn an accepted introduction into a visit."""
    return any(answers_for(person, m) for m in (intro.a_member, intro.b_member))


def tell_accepted(intro: Introduction) -> None:
    """Both said yes: each side gets the link to a pre-filled study-visit request."""
    url = site_url(f"/network/introductions/{intro.id}/visit")
    for side, other in ((intro.a_member, intro.b_member), (intro.b_member, intro.a_member)):
        for recipient in responsible_recipients(side):
            write_to(
                "introduction_accepted",
                recipient,
                {"other": profile_values(other), "visit_url": url},
                f"introduction:{intro.id}:accepted:person:{recipient_key(recipient)}",
            )
