"""Search-text helpers shared by every list with a search box."""

from __future__ import annotations

import unicodedata

LIKE_ESCAPE = "\\"


def normalise_query(text: str, max_length: int = 100) -> str:
    """NFC-normalise, collapse whitespace and cap the length of a search query."""
    text = unicodedata.normalize("NFC", text or "")
    return " ".join(text.split())[:max_length]


def like_pattern(term: str) -> str:
    """A ``%term%`` LIKE pattern with ``%``, ``_`` and the escape character escaped."""
    escaped = (
        term.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
        .replace("%", LIKE_ESCAPE + "%")
        .replace("_", LIKE_ESCAPE + "_")
    )
    return f"%{escaped}%"
