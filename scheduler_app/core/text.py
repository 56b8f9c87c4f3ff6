"""Search-text helpers shared by every list with a search box."""

from __future__ import annotations

import re
import unicodedata

LIKE_ESCAPE = "\\"
_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")


def normalise_query(text: str, max_length: int = 100) -> str:
    """NFC-normalise, collapse whitespace and cap the length of a search query."""
    text = unicodedata.normalize("NFC", text or "")
    return " ".join(text.split())[:max_length]


def has_thai(text: str) -> bool:
    """Whether ``text`` holds a Thai character (U+0E00–U+0E7F)."""
    return any("\u0e00" <= char <= "\u0e7f" for char in text)


def like_escape(term: str) -> str:
    """``term`` with ``%``, ``_`` and the escape character escaped for LIKE."""
    return (
        term.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
        .replace("%", LIKE_ESCAPE + "%")
        .replace("_", LIKE_ESCAPE + "_")
    )


def like_pattern(term: str) -> str:
    """A ``%term%`` LIKE pattern with ``%``, ``_`` and the escape character escaped."""
    return f"%{like_escape(term)}%"


def paragraphs(text: str | None) -> list[list[str]]:
    """Typed text as paragraphs (split at blank lines), each a list of its lines.

    Pages show each paragraph as ``<p>`` and each line break inside it as ``<br>``, so a
    host's numbered rules keep their lines; the lines stay text, to be escaped.
    """
    flat = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    out: list[list[str]] = []
    for block in _BLANK_LINE.split(flat):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if lines:
            out.append(lines)
    return out


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
