"""Build standards-conforming MIME messages from outbox rows (no Flask-Mail ``Message``).

Flask-Mail 0.10 folds long header values into encoded-words and sends Thai bodies as
8-bit lines longer than 998 octets. Here every body is base64, non-ASCII headers are
RFC 2047 encoded by ``email.policy.SMTP``, and the List-Unsubscribe headers are written
verbatim so mail clients can read their URL.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from email import utils
from email._header_value_parser import get_unstructured
from email.headerregistry import Address, HeaderRegistry
from email.message import EmailMessage
from email.policy import SMTP
from typing import Any
from urllib.parse import urlsplit

ONE_CLICK = "List-Unsubscribe=One-Click"
_METHOD_RE = re.compile(r"^METHOD:(.*)$", re.MULTILINE | re.IGNORECASE)
_ICAL_METHODS = frozenset({"PUBLISH", "REQUEST", "REPLY", "ADD", "CANCEL", "REFRESH", "COUNTER"})


class VerbatimHeader:
    """A header folded as-is: never re-encoded, never wrapped (values must be ASCII)."""

    max_count = 1

    @classmethod
    def parse(cls, value: str, kwds: dict[str, Any]) -> None:
        kwds["parse_tree"] = get_unstructured(value)
        kwds["decoded"] = value

    def fold(self, *, policy: Any) -> str:
        return f"{self.name}: {self}{policy.linesep}"  # type: ignore[attr-defined]


def _header_registry() -> HeaderRegistry:
    registry = HeaderRegistry()
    registry.map_to_type("list-unsubscribe", VerbatimHeader)  # type: ignore[arg-type]  # email.headerregistry accepts any header class at run time
    registry.map_to_type("list-unsubscribe-post", VerbatimHeader)  # type: ignore[arg-type]
    return registry


MAIL_POLICY = SMTP.clone(header_factory=_header_registry())


@dataclass(frozen=True)
class MailContent:
    """What a message says and to whom: plain values, so building stays pure."""

    to_email: str
    to_name: str
    subject: str
    body_text: str
    body_html: str
    message_id: str
    ical: str | None = None
    ical_method: str | None = None
    list_unsubscribe_url: str | None = None
    language: str = "th"


def one_line(text: str) -> str:
    """Header-safe text: no CR, LF or other control characters, whitespace collapsed."""
    return " ".join("".join(" " if ord(c) < 32 or ord(c) == 127 else c for c in text).split())


def site_domain(base_url: str) -> str:
    """The host name of ``BASE_URL`` (``https://ruamjai.test`` → ``ruamjai.test``)."""
    host = urlsplit(base_url).hostname
    return host or "localhost"


def new_message_id(base_url: str) -> str:
    """A fresh ``<uuid@site-domain>`` Message-ID."""
    return f"<{uuid.uuid4().hex}@{site_domain(base_url)}>"


_LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def check_unsubscribe_url(url: str) -> str:
    """The URL unchanged if it is a plain-ASCII https URL without spaces, else ValueError.

    A development site on this machine (``http://127.0.0.1`` / ``http://localhost``) is
    let through too, so registering on ``make run`` does not fail.
    """
    secure = url.startswith("https://") or urlsplit(url).hostname in _LOOPBACK_HOSTS
    if not url.isascii() or not secure or one_line(url) != url or " " in url:
        raise ValueError("List-Unsubscribe needs a plain https URL")
    if len(url) > 900:
        raise ValueError("List-Unsubscribe URL too long")
    return url


def ical_method_of(ical: str) -> str | None:
    """The METHOD property of an iCalendar text, upper-cased, or None."""
    match = _METHOD_RE.search(ical)
    return match.group(1).strip().upper() if match else None


def check_ical_method(ical: str, method: str | None) -> str:
    """The method the part is sent with; it must equal the body's METHOD."""
    declared = ical_method_of(ical)
    chosen = (method or declared or "").upper()
    if chosen not in _ICAL_METHODS:
        raise ValueError(f"unknown iCalendar method {chosen!r}")
    if declared != chosen:
        raise ValueError(f"iCalendar METHOD {declared!r} differs from {chosen!r}")
    return chosen


def build_message(content: MailContent, *, sender: str, now: datetime) -> EmailMessage:
    """A multipart/alternative message (text, HTML, optional text/calendar) ready for SMTP."""
    msg = EmailMessage(policy=MAIL_POLICY)
    msg["From"] = sender
    msg["To"] = Address(
        display_name=one_line(content.to_name), addr_spec=one_line(content.to_email)
    )
    msg["Subject"] = one_line(content.subject)
    msg["Date"] = utils.format_datetime(now)
    msg["Message-ID"] = content.message_id
    msg["Auto-Submitted"] = "auto-generated"
    if content.list_unsubscribe_url:
        msg["List-Unsubscribe"] = f"<{check_unsubscribe_url(content.list_unsubscribe_url)}>"
        msg["List-Unsubscribe-Post"] = ONE_CLICK
    msg.set_content(content.body_text, subtype="plain", charset="utf-8", cte="base64")
    msg.add_alternative(content.body_html, subtype="html", charset="utf-8", cte="base64")
    if content.ical:
        method = check_ical_method(content.ical, content.ical_method)
        msg.add_alternative(
            content.ical,
            subtype="calendar",
            charset="utf-8",
            cte="base64",
            params={"method": method},
        )
    # After the body: set_content() drops every Content-* header set before it.
    msg["Content-Language"] = content.language
    return msg


def envelope_sender(sender: str) -> str:
    """The bare address of a ``Name <addr>`` sender, for the SMTP MAIL FROM."""
    return utils.parseaddr(sender)[1] or sender


def as_bytes(msg: EmailMessage) -> bytes:
    """The wire form: CRLF line ends, ASCII only, every line within RFC 5322's limit."""
    return msg.as_bytes(policy=MAIL_POLICY)
