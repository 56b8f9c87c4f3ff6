"""Outbox verbs: queue, withdraw, re-time and resend mail. Callers own the transaction.

Every e-mail is queued in the same transaction as the change that caused it, keyed by a
``dedupe_key`` naming that cause (e.g. ``welcome:person:42`` or
``reminder:event:7:seq:3:person:42:24h``); queuing the same key again returns the
existing row, so re-runs and retries never produce a second mail.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app, render_template
from flask_babel import force_locale
from jinja2 import Environment
from sqlalchemy.exc import IntegrityError

from scheduler_app.core.text import LIKE_ESCAPE
from scheduler_app.extensions import db, utcnow
from scheduler_app.mail.message import check_ical_method, check_unsubscribe_url, one_line
from scheduler_app.mail.models import EMAIL, OutboxMessage, OutboxStatus
from scheduler_app.web import base_url

SUBJECT_MAX = 500
BANGKOK_OFFSET = timedelta(hours=7)  # no daylight saving in Thailand


def render_mail(kind: str, language: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """Subject, text and HTML of ``templates/mail/{kind}.*`` rendered in ``language``.

    The HTML part is rendered by an environment that escapes every template, whatever
    its name: Flask escapes by file extension only, so a ``.txt`` partial or subject
    included in an ``.html`` mail would otherwise put an event title's markup in the
    message as markup.
    """
    with force_locale(language):
        subject = one_line(render_template(f"mail/{kind}.subject.txt", **context))[:SUBJECT_MAX]
        text = render_template(f"mail/{kind}.txt", **context)
        # The HTML part's <title> is the subject itself (mail/_layout.html), escaped there.
        html = _render_escaped(f"mail/{kind}.html", context | {"mail_subject": subject})
    return subject, text.strip() + "\n", html


def _html_environment(app: Flask) -> Environment:
    # An overlay shares loader, filters and globals but keeps its own compiled templates
    # (no bytecode cache: the same source compiles differently when escaping is on).
    env = app.extensions.get("mail_html_jinja")
    if env is None:
        env = app.jinja_env.overlay(autoescape=True, bytecode_cache=None)
        app.extensions["mail_html_jinja"] = env
    return env


def _render_escaped(name: str, context: dict[str, Any]) -> str:
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    full = dict(context)
    app.update_template_context(full)
    return _html_environment(app).get_template(name).render(full)


def find_by_dedupe_key(dedupe_key: str, channel: str = EMAIL) -> OutboxMessage | None:
    """The ``channel`` outbox row queued under ``dedupe_key``, if any."""
    return db.session.execute(
        sa.select(OutboxMessage).where(
            OutboxMessage.dedupe_key == dedupe_key, OutboxMessage.channel == channel
        )
    ).scalar_one_or_none()


def queue_mail(
    kind: str,
    *,
    to_email: str,
    to_name: str,
    language: str,
    context: dict[str, Any],
    dedupe_key: str,
    person_id: int | None = None,
    send_after: datetime | None = None,
    transactional: bool = True,
    unsubscribe_url: str | None = None,
    ical: str | None = None,
    ical_method: str | None = None,
) -> OutboxMessage:
    """Render and add one outbox row (no commit); an existing ``dedupe_key`` wins.

    Non-transactional mail (digests, invitations to come back) must pass an https
    ``unsubscribe_url``; it becomes List-Unsubscribe with one-click POST. ``ical`` adds a
    text/calendar part whose ``ical_method`` must equal the body's METHOD.
    """
    existing = find_by_dedupe_key(dedupe_key)
    if existing is not None:
        return existing
    if not transactional and not unsubscribe_url:
        raise ValueError("mail that is not transactional needs an unsubscribe URL")
    if unsubscribe_url:
        check_unsubscribe_url(unsubscribe_url)
    if ical:
        ical_method = check_ical_method(ical, ical_method)
    languages = current_app.config.get("LANGUAGES", ("th", "en"))
    language = language if language in languages else current_app.config["BABEL_DEFAULT_LOCALE"]
    full_context = {
        **context,
        "to_name": to_name,
        "base_url": base_url(),
        "unsubscribe_url": unsubscribe_url,
    }
    subject, text, html = render_mail(kind, language, full_context)
    row = _pending_row(EMAIL, kind, dedupe_key, one_line(to_email), to_name, send_after)
    row.person_id, row.language, row.subject = person_id, language, subject
    row.body_text, row.body_html = text, html
    row.ical, row.ical_method = (ical, ical_method) if ical else (None, None)
    row.list_unsubscribe_url = unsubscribe_url if not transactional else None
    return _add_once(row)


def _pending_row(
    channel: str,
    kind: str,
    dedupe_key: str,
    recipient: str,
    recipient_name: str,
    send_after: datetime | None,
) -> OutboxMessage:
    """A new outbox row of ``channel``, waiting to be sent from ``send_after`` (now)."""
    return OutboxMessage(
        dedupe_key=dedupe_key,
        channel=channel,
        kind=kind,
        recipient=recipient,
        recipient_name=one_line(recipient_name)[:200],
        send_after=send_after or utcnow(),
        status=OutboxStatus.PENDING.value,
        attempts=0,
        last_error="",
    )


def _add_once(row: OutboxMessage) -> OutboxMessage:
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        # Another transaction queued the same key between our check and our insert.
        raced = find_by_dedupe_key(row.dedupe_key, row.channel)
        if raced is None:
            raise
        return raced
    return row


def queue_channel_message(
    channel: str,
    kind: str,
    *,
    recipient: str,
    recipient_name: str,
    language: str,
    summary: str,
    payload: str,
    dedupe_key: str,
    person_id: int | None = None,
    send_after: datetime | None = None,
) -> OutboxMessage:
    """Add one row for a channel other than e-mail (no commit); an existing ``dedupe_key``
    of that channel wins. ``summary`` is a one-line text (LINE's alt text), ``payload``
    what the channel's sender sends (LINE: the JSON of the messages)."""
    if channel == EMAIL:
        raise ValueError("e-mail is queued with queue_mail")
    existing = find_by_dedupe_key(dedupe_key, channel)
    if existing is not None:
        return existing
    row = _pending_row(channel, kind, dedupe_key, recipient, recipient_name, send_after)
    row.person_id, row.language = person_id, language
    row.subject, row.body_text, row.body_html = one_line(summary)[:SUBJECT_MAX], payload, ""
    return _add_once(row)


def _prefix_filter(dedupe_key_prefix: str) -> sa.ColumnElement[bool]:
    escaped = (
        dedupe_key_prefix.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
        .replace("%", LIKE_ESCAPE + "%")
        .replace("_", LIKE_ESCAPE + "_")
    )
    return OutboxMessage.dedupe_key.like(escaped + "%", escape=LIKE_ESCAPE)


def pending_with_prefix(dedupe_key_prefix: str) -> list[OutboxMessage]:
    """Pending rows whose dedupe key starts with ``dedupe_key_prefix``."""
    return list(
        db.session.execute(
            sa.select(OutboxMessage).where(
                OutboxMessage.status == OutboxStatus.PENDING.value,
                _prefix_filter(dedupe_key_prefix),
            )
        ).scalars()
    )


def withdraw_mail(dedupe_key_prefix: str) -> int:
    """Withdraw every pending row whose key starts with the prefix (e.g. a cancelled
    event's reminders, ``reminder:event:7:``); returns how many. Sent mail stays sent."""
    if not dedupe_key_prefix:
        raise ValueError("an empty prefix would withdraw every pending mail")
    rows = pending_with_prefix(dedupe_key_prefix)
    for row in rows:
        row.status = OutboxStatus.WITHDRAWN.value
    return len(rows)


def retime_mail(
    dedupe_key_prefix: str,
    *,
    send_after: datetime | None = None,
    shift: timedelta | None = None,
) -> int:
    """Move pending rows with the key prefix to ``send_after``, or by ``shift``.

    Use it when only the sending time changes. When the text mentions the old time (a
    reminder for a moved event), prefer ``withdraw_mail`` plus a new ``queue_mail`` whose
    key includes the event's sequence, so the recipient gets the new text.
    """
    if (send_after is None) == (shift is None):
        raise ValueError("give exactly one of send_after or shift")
    if not dedupe_key_prefix:
        raise ValueError("an empty prefix would re-time every pending mail")
    rows = pending_with_prefix(dedupe_key_prefix)
    for row in rows:
        row.send_after = send_after if send_after is not None else row.send_after + shift  # type: ignore[operator]
    return len(rows)


def resend_mail(row: OutboxMessage, now: datetime) -> bool:
    """Put a failed row back in the queue with a fresh attempt count; False if not failed."""
    if row.status != OutboxStatus.FAILED.value:
        return False
    row.status = OutboxStatus.PENDING.value
    row.attempts = 0
    row.send_after = now
    row.claimed_at = None
    return True


def channel_use_by_month(channel: str, months: int = 12) -> list[tuple[str, int]]:
    """(``YYYY-MM`` in Bangkok time, rows of ``channel`` sent that month), newest first.
    (Read in Python: month arithmetic differs between SQLite and PostgreSQL, and sent
    rows of a channel other than e-mail are few.)"""
    rows = db.session.execute(
        sa.select(OutboxMessage.sent_at).where(
            OutboxMessage.channel == channel,
            OutboxMessage.status == OutboxStatus.SENT.value,
            OutboxMessage.sent_at.is_not(None),
        )
    ).scalars()
    counts: dict[str, int] = {}
    for sent_at in rows:
        if sent_at is None:
            continue
        month = month_of(sent_at)
        counts[month] = counts.get(month, 0) + 1
    return sorted(counts.items(), reverse=True)[:months]


def month_of(moment: datetime) -> str:
    """``YYYY-MM`` of ``moment`` in Bangkok time (quota months)."""
    return (moment + BANGKOK_OFFSET).strftime("%Y-%m")


def count_by_status(statuses: Iterable[str]) -> dict[str, int]:
    """How many rows have each of ``statuses``."""
    rows = db.session.execute(
        sa.select(OutboxMessage.status, sa.func.count())
        .where(OutboxMessage.status.in_(list(statuses)))
        .group_by(OutboxMessage.status)
    ).all()
    return {status: count for status, count in rows}
