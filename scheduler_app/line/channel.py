"""LINE as a channel: which messages a person gets by LINE (``LineChannel``, registered
with ``accounts.channels``) and how the outbox sends them (``LineSender``, registered
with ``mail.channels``).

Sending. Claimed rows (up to 500) are grouped by payload: rows with the same messages
(a digest is the same for everyone in one language) go by **multicast**, at most 500
recipients a request; a lone row goes by push. Each request carries an
``X-Line-Retry-Key`` made from its row ids, so a request repeated after a crash or a lost
answer is accepted once (LINE answers 409 to the repeat: counted as sent).
- 429 and 5xx: every row of the request is tried again later, no sooner than
  ``Retry-After``; the rest of the batch waits too (LINE is busy or down).
- 400 on a multicast: LINE refuses the whole request when one user id is bad, so that
  request's rows are sent again one by one by push, and only the rows LINE refuses
  (400) are marked failed.
- A connection error: every row left is tried again with back-off.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import Flask
from linebot.v3.messaging import (
    ApiClient,
    ApiException,
    FlexMessage,
    MessagingApi,
    MulticastRequest,
    PushMessageRequest,
    TextMessage,
)
from urllib3.exceptions import HTTPError

from scheduler_app.accounts import channels
from scheduler_app.accounts.models import Person
from scheduler_app.extensions import db, utcnow
from scheduler_app.line import messages, quota, settings
from scheduler_app.line.settings import CHANNEL
from scheduler_app.mail.channels import Delivery
from scheduler_app.mail.models import EMAIL
from scheduler_app.mail.services import find_by_dedupe_key, queue_channel_message

log = logging.getLogger(__name__)
MULTICAST_MAX = 500
RETRY_KEY_NAMESPACE = uuid.UUID("6f1c2a52-6c8e-4f0a-9c1e-2a7d3b8e5f10")


class LineChannel:
    """The person side: choices and queuing (see ``accounts.channels.PersonChannel``)."""

    name = CHANNEL

    def enabled(self) -> bool:
        return settings.is_enabled()

    def wants(self, person: Person, topic: channels.Topic) -> bool:
        return bool(
            person.line_user_id
            and person.is_active_account
            and channels.choice(person, topic, CHANNEL)
        )

    def queue(self, message: channels.Outgoing) -> bool:
        """Queue the LINE row; False (send e-mail instead) for a kind LINE has no message
        for or when the month's quota is used up."""
        kind, person, context = message.kind, message.person, message.context
        dedupe_key, send_after = message.dedupe_key, message.send_after
        if kind not in messages.KINDS or not person.line_user_id:
            return False
        if find_by_dedupe_key(dedupe_key, CHANNEL) is not None:
            return True
        if not message.email_wanted and find_by_dedupe_key(dedupe_key, EMAIL) is not None:
            return True  # went by e-mail when the quota ran out: not twice
        if quota.left_in_month(send_after or utcnow()) <= 0:
            log.info("LINE quota used up: %s for person %d goes by e-mail", kind, person.id)
            return False
        language = person.preferred_language or "th"
        alt_text, payload = messages.render(
            kind, context, language, moved=bool(context.get("event_moved"))
        )
        queue_channel_message(
            CHANNEL,
            kind,
            recipient=person.line_user_id,
            recipient_name=person.display_name,
            language=language,
            summary=alt_text,
            payload=payload,
            dedupe_key=dedupe_key,
            person_id=person.id,
            send_after=send_after,
        )
        return True


def sdk_messages(payload: str) -> list[FlexMessage | TextMessage]:
    """The stored JSON as the SDK's message objects."""
    found: list[FlexMessage | TextMessage] = []
    for item in json.loads(payload):
        if item.get("type") == "flex":
            found.append(FlexMessage.from_dict(item))
        else:
            found.append(TextMessage.from_dict(item))
    return found


def retry_key(row_ids: Sequence[int]) -> str:
    """The same rows always get the same key, so LINE accepts a repeated request once."""
    return str(uuid.uuid5(RETRY_KEY_NAMESPACE, ",".join(str(i) for i in sorted(row_ids))))


def retry_after(exc: ApiException) -> timedelta | None:
    value = (exc.headers or {}).get("Retry-After")
    try:
        return timedelta(seconds=max(0, int(value))) if value is not None else None
    except (TypeError, ValueError):
        return None


def _error_text(exc: ApiException) -> str:
    body = exc.body.decode("utf-8", "replace") if isinstance(exc.body, bytes) else exc.body
    return f"{exc.status} {exc.reason or ''} {body or ''}".strip()[:500]


class _Busy(Exception):
    """LINE is busy or down: stop this batch, retry the rest later."""

    def __init__(self, error: str, after: timedelta | None) -> None:
        super().__init__(error)
        self.error, self.after = error, after


class LineSender:
    """The outbox side (see ``mail.channels.ChannelSender``)."""

    name = CHANNEL
    batch_size = MULTICAST_MAX

    def enabled(self, app: Flask) -> bool:
        return settings.is_enabled(app)

    def monthly_quota(self, app: Flask) -> int | None:
        return int(app.config.get("LINE_MONTHLY_QUOTA") or 0)

    def deliver(self, app: Flask, rows: Sequence[Any], now: datetime) -> list[Delivery]:
        groups: dict[str, list[Any]] = {}
        for row in rows:
            groups.setdefault(row.body_text, []).append(row)
        results: list[Delivery] = []
        timeout = settings.timeout(app)
        with ApiClient(settings.api_configuration(app)) as client:
            api = MessagingApi(client)
            pending = [
                (payload, group[i : i + MULTICAST_MAX])
                for payload, group in groups.items()
                for i in range(0, len(group), MULTICAST_MAX)
            ]
            for index, (payload, chunk) in enumerate(pending):
                try:
                    results += self._send_chunk(api, payload, chunk, timeout)
                except _Busy as busy:
                    rest = [row for _p, later in pending[index:] for row in later]
                    results += [
                        Delivery(r.id, False, busy.error, retry_after=busy.after) for r in rest
                    ]
                    break
        return results

    def _send_chunk(
        self, api: MessagingApi, payload: str, chunk: list[Any], timeout: float
    ) -> list[Delivery]:
        try:
            built = sdk_messages(payload)
        except (ValueError, TypeError, KeyError) as exc:
            return [Delivery(r.id, False, f"cannot build: {exc}", permanent=True) for r in chunk]
        if len(chunk) == 1:
            return [self._push(api, built, chunk[0], timeout)]
        try:
            api.multicast_with_http_info(
                MulticastRequest(to=[r.recipient for r in chunk], messages=built),
                x_line_retry_key=retry_key([r.id for r in chunk]),
                _request_timeout=timeout,
            )
        except ApiException as exc:
            if exc.status == 409:  # this very request was accepted before
                return [Delivery(r.id, True) for r in chunk]
            if exc.status == 400:
                log.warning(
                    "LINE refused a multicast of %d (%s): sending one by one",
                    len(chunk),
                    _error_text(exc),
                )
                return [self._push(api, built, row, timeout) for row in chunk]
            raise self._busy(exc) from exc
        except (HTTPError, OSError) as exc:
            raise _Busy(f"connection error: {exc!r}", None) from exc
        return [Delivery(r.id, True) for r in chunk]

    def _push(self, api: MessagingApi, built: list[Any], row: Any, timeout: float) -> Delivery:
        try:
            api.push_message_with_http_info(
                PushMessageRequest(to=row.recipient, messages=built),
                x_line_retry_key=retry_key([row.id]),
                _request_timeout=timeout,
            )
        except ApiException as exc:
            if exc.status == 409:
                return Delivery(row.id, True)
            if exc.status == 400:
                return Delivery(row.id, False, _error_text(exc), permanent=True)
            raise self._busy(exc) from exc
        except (HTTPError, OSError) as exc:
            raise _Busy(f"connection error: {exc!r}", None) from exc
        return Delivery(row.id, True)

    @staticmethod
    def _busy(exc: ApiException) -> _Busy:
        return _Busy(_error_text(exc), retry_after(exc))


def linked_count() -> int:
    return int(
        db.session.execute(
            sa.select(sa.func.count()).select_from(Person).where(Person.line_user_id.is_not(None))
        ).scalar_one()
    )
