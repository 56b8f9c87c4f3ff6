"""LINE Flex messages built from plain values (no Flask, no LINE SDK).

A ``Card`` says what a person reads: a small heading ("เตือนความจำ"), the title, a few
label/value lines (when, where), an optional note (the new time of a moved event) and up
to three link buttons. ``flex_message`` turns it into the JSON LINE's Messaging API takes
(``type: flex`` with a bubble), keeping LINE's published limits: alt text at most 400
characters, button labels at most 20, a bubble well under 10 KB.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

ALT_TEXT_MAX = 400
LABEL_MAX = 20
TEXT_MAX = 300
MAX_LINES = 12
MAX_BUTTONS = 3
BRAND = "#1f6f5c"


@dataclass(frozen=True)
class Card:
    """What one Flex bubble says."""

    alt_text: str
    heading: str
    title: str
    lines: list[tuple[str, str]] = field(default_factory=list)
    note: str = ""
    buttons: list[tuple[str, str]] = field(default_factory=list)


def clip(text: str, limit: int) -> str:
    """``text`` on one line, at most ``limit`` characters (an ellipsis marks a cut)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _text(text: str, **style: Any) -> dict[str, Any]:
    return {"type": "text", "text": clip(text, TEXT_MAX) or "-", "wrap": True, **style}


def _line(label: str, value: str) -> dict[str, Any]:
    return {
        "type": "box",
        "layout": "baseline",
        "spacing": "sm",
        "contents": [
            _text(label, size="sm", color="#6b7280", flex=2),
            _text(value, size="sm", color="#111827", flex=5),
        ],
    }


def _button(label: str, uri: str, primary: bool) -> dict[str, Any]:
    return {
        "type": "button",
        "style": "primary" if primary else "secondary",
        "height": "sm",
        "action": {"type": "uri", "label": clip(label, LABEL_MAX), "uri": uri},
        **({"color": BRAND} if primary else {}),
    }


def flex_message(card: Card) -> dict[str, Any]:
    """The Messaging API message object for ``card``."""
    body: list[dict[str, Any]] = [
        _text(card.heading, size="sm", color=BRAND, weight="bold"),
        _text(card.title, size="lg", weight="bold"),
    ]
    if card.note:
        body.append(_text(card.note, size="sm", color="#b45309", weight="bold"))
    if card.lines:
        body.append(
            {
                "type": "box",
                "layout": "vertical",
                "spacing": "sm",
                "margin": "lg",
                "contents": [_line(label, value) for label, value in card.lines[:MAX_LINES]],
            }
        )
    bubble: dict[str, Any] = {
        "type": "bubble",
        "body": {"type": "box", "layout": "vertical", "spacing": "md", "contents": body},
    }
    buttons = [
        _button(label, uri, index == 0)
        for index, (label, uri) in enumerate(card.buttons[:MAX_BUTTONS])
        if uri.startswith(("https://", "http://"))
    ]
    if buttons:
        bubble["footer"] = {
            "type": "box",
            "layout": "vertical",
            "spacing": "sm",
            "contents": buttons,
        }
    return {"type": "flex", "altText": clip(card.alt_text, ALT_TEXT_MAX) or "-", "contents": bubble}


def text_message(text: str) -> dict[str, Any]:
    """A plain text message (replies to the Official Account's chat)."""
    return {"type": "text", "text": text[:5000]}


def payload(messages: list[dict[str, Any]]) -> str:
    """The messages as the outbox stores them: compact, stable JSON (equal messages give
    equal payloads, which is how the sender finds messages to multicast)."""
    return json.dumps(messages, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
