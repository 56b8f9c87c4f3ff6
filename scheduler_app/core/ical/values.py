"""Values made safe for a content line: control characters out, names on one line."""

from __future__ import annotations

import re
from datetime import UTC, datetime

# TEXT may hold any character but the controls (RFC 5545 §3.3.11): HTAB, and CR/LF
# (which icalendar escapes as ``\n``) stay. Other values and parameters take none.
_TEXT_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ALL_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")


def text(value: str) -> str:
    """A TEXT value without control characters; icalendar escapes the rest."""
    return _TEXT_CONTROLS.sub("", value) if not value.isprintable() else value


def param(value: str) -> str:
    """A parameter value (a name) on one line: line breaks and tabs become spaces."""
    value = value.replace("\r\n", " ").replace("\r", " ").replace("\n", " ").replace("\t", " ")
    return _ALL_CONTROLS.sub("", value)


def clean(value: str) -> str:
    """A non-TEXT value (UID, URI, address) with every control character removed."""
    return _ALL_CONTROLS.sub("", value) if not value.isprintable() else value


def require_aware(value: datetime, what: str) -> None:
    """Refuse a naive datetime (iCalendar times here are never floating)."""
    if value.tzinfo is UTC:
        return
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware")
