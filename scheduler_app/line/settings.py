"""Whether LINE is on, and the SDK's configuration."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app
from linebot.v3.messaging import Configuration

CHANNEL = "line"
DEFAULT_API_BASE = "https://api.line.me"


def is_enabled(app: Flask | None = None) -> bool:
    """LINE is on when both the channel secret and the access token are set."""
    config: Any = (app or current_app).config
    return bool(config.get("LINE_CHANNEL_SECRET") and config.get("LINE_CHANNEL_ACCESS_TOKEN"))


def api_configuration(app: Flask) -> Configuration:
    """The Messaging API client's configuration: ``LINE_API_BASE`` (a local fake in tests
    and the demo), the channel access token, and no hidden retries (the outbox retries)."""
    configuration = Configuration(
        host=str(app.config.get("LINE_API_BASE") or DEFAULT_API_BASE).rstrip("/"),
        access_token=str(app.config["LINE_CHANNEL_ACCESS_TOKEN"]),
    )
    configuration.retries = 0
    return configuration


def timeout(app: Flask) -> float:
    return float(app.config.get("LINE_TIMEOUT") or 10)
