"""The Official Account's webhook: signature first, then follow, unfollow and messages.

``verify`` checks ``X-Line-Signature`` (base64 of the HMAC-SHA256 of the raw body with
the channel secret, compared in constant time) before anything is parsed. Each event is
handled once: its ``webhookEventId`` is stored, and a body whose events were all seen
before is a replay and refused. Replies go through the reply API after the commit.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from linebot.v3.messaging import ApiClient, ApiException, MessagingApi, ReplyMessageRequest
from sqlalchemy.exc import IntegrityError
from urllib3.exceptions import HTTPError

from scheduler_app.core.line_flex import payload, text_message
from scheduler_app.extensions import db
from scheduler_app.line import linking, settings
from scheduler_app.line.channel import sdk_messages
from scheduler_app.line.models import LineWebhookEvent
from scheduler_app.web import site_url

log = logging.getLogger(__name__)
STOP_WORDS = {"stop", "หยุด", "ยกเลิก", "unsubscribe"}
BODY_MAX = 1024 * 1024


def signature_of(secret: str, body: bytes) -> str:
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def verify(secret: str, body: bytes, signature: str) -> bool:
    """Whether ``signature`` is the channel's signature of ``body`` (constant time)."""
    if not secret or not signature:
        return False
    return hmac.compare_digest(signature_of(secret, body), signature.strip())


@dataclass
class Outcome:
    handled: int = 0
    replays: int = 0
    replies: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)


def _seen_before(event_id: str, event_type: str, now: datetime) -> bool:
    if db.session.get(LineWebhookEvent, event_id) is not None:
        return True
    try:
        with db.session.begin_nested():
            db.session.add(
                LineWebhookEvent(event_id=event_id, event_type=event_type, received_at=now)
            )
    except IntegrityError:
        return True  # the same event arrived twice at once
    return False


def handle(payload: dict[str, Any], now: datetime) -> Outcome:
    """Handle every event of a verified body (no commit)."""
    outcome = Outcome()
    for event in payload.get("events") or []:
        if not isinstance(event, dict):
            continue
        event_type = str(event.get("type", ""))[:32]
        event_id = str(event.get("webhookEventId") or "")[:64]
        if not event_id:
            continue
        if _seen_before(event_id, event_type, now):
            outcome.replays += 1
            log.warning("LINE webhook replay refused: event %s (%s)", event_id, event_type)
            continue
        outcome.handled += 1
        source = event.get("source") or {}
        user_id = str(source.get("userId") or "")
        if not linking.USER_ID_RE.match(user_id):
            continue
        reply = _handle_one(event_type, event, user_id, now)
        token = event.get("replyToken")
        if reply and isinstance(token, str) and token:
            outcome.replies.append((token, reply))
    return outcome


def _language_of(user_id: str) -> str:
    person = linking.person_with_line_id(user_id)
    return (person.preferred_language if person else None) or "th"


def _handle_one(
    event_type: str, event: dict[str, Any], user_id: str, now: datetime
) -> list[dict[str, Any]]:
    if event_type == "unfollow":
        person = linking.person_with_line_id(user_id)
        if person is not None:
            linking.unlink(person, now)
            log.info("LINE unfollow: person %d unlinked", person.id)
        return []
    if event_type == "follow":
        with force_locale(_language_of(user_id)):
            return [
                text_message(
                    _(
                        "Welcome to Ruamjai! To get reminders here, open your profile on %(url)s, "
                        "press “Get a linking code” and send the code to this chat.",
                        url=site_url("/profile"),
                    )
                )
            ]
    if event_type != "message":
        return []
    message = event.get("message") or {}
    text = str(message.get("text") or "") if message.get("type") == "text" else ""
    return _answer(text, user_id, now)


def _answer(text: str, user_id: str, now: datetime) -> list[dict[str, Any]]:
    if linking.normalise_code(text):
        result, person = linking.link(text, user_id, now)
        language = (person.preferred_language if person else None) or _language_of(user_id)
        with force_locale(language):
            answers = {
                linking.LinkResult.LINKED: _(
                    "Linked! Choose which messages come here on your profile: %(url)s",
                    url=site_url("/profile"),
                ),
                linking.LinkResult.EXPIRED: _(
                    "This code has expired. Get a new one on your profile: %(url)s",
                    url=site_url("/profile"),
                ),
                linking.LinkResult.USED: _(
                    "This code was already used. Get a new one on your profile: %(url)s",
                    url=site_url("/profile"),
                ),
                linking.LinkResult.UNKNOWN: _(
                    "We do not know this code. Please check it, or "
                    "get a new one on your profile: %(url)s",
                    url=site_url("/profile"),
                ),
            }
            return [text_message(answers[result])]
    person = linking.person_with_line_id(user_id)
    language = (person.preferred_language if person else None) or "th"
    with force_locale(language):
        if text.strip().casefold() in STOP_WORDS:
            if person is not None:
                linking.stop_all(person, now)
            return [
                text_message(
                    _(
                        "Done: Ruamjai will send you no more LINE messages. "
                        "You can choose again on your profile: %(url)s",
                        url=site_url("/profile"),
                    )
                )
            ]
        return [
            text_message(
                _(
                    "This is Ruamjai's LINE account. Events, registrations and your choices are on "
                    "%(url)s. Send a linking code from your profile to get reminders here, or "
                    "“หยุด” to stop them.",
                    url=site_url("/"),
                )
            )
        ]


def send_replies(replies: list[tuple[str, list[dict[str, Any]]]]) -> int:
    """Answer through the reply API; a failed reply is logged, never raised."""
    if not replies:
        return 0
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    sent = 0
    with ApiClient(settings.api_configuration(app)) as client:
        api = MessagingApi(client)
        for token, reply in replies:
            try:
                api.reply_message_with_http_info(
                    ReplyMessageRequest(replyToken=token, messages=sdk_messages(payload(reply))),
                    _request_timeout=settings.timeout(app),
                )
                sent += 1
            except (ApiException, HTTPError, OSError) as exc:
                log.warning("LINE reply failed: %s", exc)
    return sent
