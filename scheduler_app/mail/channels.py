"""Senders for outbox channels other than e-mail.

The outbox holds every message, whatever way it travels (``OutboxMessage.channel``);
``sending.send_due`` claims, renews, retries and records them all the same way. A channel
that lives in a higher package (LINE, ``scheduler_app/line``) registers its sender here
at app start; mail never imports it.

A sender is handed the claimed rows of its channel (``recipient``, ``subject``,
``body_text``, ``language``, ``kind``, ``attempts``, ``id``) and answers one
``Delivery`` per row: sent, failed for good, or to be tried again (no sooner than
``retry_after`` when the far side said so). Rows it does not answer are tried again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from flask import Flask


@dataclass(frozen=True)
class Delivery:
    """What became of one row."""

    row_id: int
    sent: bool
    error: str = ""
    permanent: bool = False
    retry_after: timedelta | None = None


class ChannelSender(Protocol):
    """Delivers claimed rows of one channel."""

    name: str
    batch_size: int

    def enabled(self, app: Flask) -> bool:
        """Whether the channel is configured (rows of a disabled channel wait)."""

    def deliver(self, app: Flask, rows: Sequence[Any], now: datetime) -> list[Delivery]:
        """Send ``rows``; one ``Delivery`` per row."""

    def monthly_quota(self, app: Flask) -> int | None:
        """Messages the channel may send a month (None: no limit), for the admin outbox."""


def register_sender(app: Flask, sender: ChannelSender) -> None:
    """Make ``send_due`` deliver ``sender.name`` rows with ``sender`` in this app."""
    app.extensions.setdefault("outbox_channels", {})[sender.name] = sender


def senders(app: Flask) -> list[ChannelSender]:
    """The registered senders that are configured."""
    found: dict[str, ChannelSender] = app.extensions.get("outbox_channels", {})
    return [sender for sender in found.values() if sender.enabled(app)]
