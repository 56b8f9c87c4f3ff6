"""LINE Messaging API: linking, webhook, the LINE outbox channel, quota."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register LINE as a channel for people (``accounts.channels``) and for the outbox
    (``mail.channels``); both stay silent while LINE is not configured."""
    from scheduler_app.accounts import channels
    from scheduler_app.line.channel import LineChannel, LineSender
    from scheduler_app.mail.channels import register_sender

    channels.register(app, LineChannel())
    register_sender(app, LineSender())
