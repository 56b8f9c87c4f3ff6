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


def search_key(*fields: str | None) -> str:
    """The text a list filters on: the fields NFC-normalised, case-folded, space-joined
    (the door check-in search does the same in the browser with toLowerCase)."""
    joined = " ".join(field for field in fields if field)
    return normalise_query(joined, max_length=1000).casefold()


def matches(query: str, *fields: str | None) -> bool:
    """True when every word of ``query`` appears somewhere in ``fields`` (an empty query
    matches everything). Thai has no word spaces, so each word is a substring."""
    key = search_key(*fields)
    return all(word in key for word in normalise_query(query).casefold().split())
