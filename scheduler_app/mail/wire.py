"""The bytes ``message.build_message`` + ``as_bytes`` produce, without re-folding headers
for every message.

Building each message with the ``email`` package costs ~4 ms, 70 % of it re-parsing and
re-folding the same RFC 2047 Thai headers; the SMTP exchange itself takes ~0.7 ms. So
every header is folded by the ``email`` package's own policy (``MAIL_POLICY``) once per
distinct value and cached; the part headers are taken from a message the ``email``
package built; bodies are base64 exactly as its content manager writes them. A test
checks on random Thai and English content that the result is byte-for-byte what the
``email`` package produces for the same boundary; ``message.py`` stays the reference.
"""

from __future__ import annotations

import base64
import random
import re
import sys
from datetime import datetime
from email import utils
from email.headerregistry import Address
from functools import lru_cache

from scheduler_app.mail.message import (
    MAIL_POLICY,
    ONE_CLICK,
    MailContent,
    build_message,
    check_ical_method,
    check_unsubscribe_url,
    one_line,
)

CRLF = b"\r\n"
_BOUNDARY_WIDTH = len(repr(sys.maxsize - 1))
_PLACEHOLDER_BOUNDARY = "=" * 15 + "0" * _BOUNDARY_WIDTH + "=="
# Addresses whose folding depends only on their length: a same-length stand-in is folded
# once per display name and length, then replaced by the real address.
_SIMPLE_ADDRESS = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
)
_SIMPLE_DOMAIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+")
_SIMPLE_MESSAGE_ID = re.compile(r"<[A-Za-z0-9._-]{1,64}@[A-Za-z0-9.-]{1,64}>")
_BASE64_LINE = re.compile(rb".{1,76}", re.DOTALL)  # 57 octets a line, as email.* writes


@lru_cache(maxsize=4096)
def folded(name: str, value: str) -> bytes:
    """``name: value`` folded by the mail policy, as the generator writes it."""
    return MAIL_POLICY.fold_binary(name, MAIL_POLICY.header_store_parse(name, value)[1])


@lru_cache(maxsize=4096)
def _folded_to(display_name: str, addr_spec: str) -> bytes:
    address = Address(display_name=display_name, addr_spec=addr_spec)
    return MAIL_POLICY.fold_binary("To", MAIL_POLICY.header_store_parse("To", address)[1])


def _to_header(name: str, address: str) -> bytes:
    local, _, domain = address.rpartition("@")
    if _SIMPLE_ADDRESS.fullmatch(local) and _SIMPLE_DOMAIN.fullmatch(domain):
        stand_in = "x" * len(local) + "@" + "y" * (len(domain) - 4) + ".com"
        if len(domain) >= 5:
            head, _, tail = _folded_to(name, stand_in).rpartition(stand_in.encode())
            return head + address.encode() + tail
    return _folded_to(name, address)


def _message_id_header(message_id: str) -> bytes:
    if _SIMPLE_MESSAGE_ID.fullmatch(message_id):
        return b"Message-ID: " + message_id.encode() + CRLF
    return folded("Message-ID", message_id)


@lru_cache(maxsize=8)
def _part_heads(ical_method: str | None) -> tuple[bytes, ...]:
    """Header blocks of the text, HTML (and calendar) parts, as the ``email`` package
    writes them (their order and MIME-Version lines differ from part to part)."""
    sample = MailContent(
        to_email="a@example.org",
        to_name="",
        subject="s",
        body_text="t",
        body_html="h",
        message_id="<m@example.org>",
        ical=f"BEGIN:VCALENDAR\r\nMETHOD:{ical_method}\r\nEND:VCALENDAR\r\n"
        if ical_method
        else None,
        ical_method=ical_method,
    )
    message = build_message(sample, sender="s@example.org", now=datetime(2000, 1, 1))
    return tuple(
        b"".join(MAIL_POLICY.fold_binary(h, v) for h, v in part.raw_items())
        for part in message.iter_parts()
    )


def base64_body(text: str) -> bytes:
    """A text part's body as ``email.contentmanager`` encodes it with ``cte="base64"``."""
    data = CRLF.join(text.encode("utf-8").splitlines()) + CRLF
    return CRLF.join(_BASE64_LINE.findall(base64.b64encode(data))) + CRLF


def header_text(value: str) -> str:
    """``message.one_line(value)``, without its per-character loop for ordinary text."""
    if value.isprintable() and "  " not in value and value.strip() == value:
        return value
    return one_line(value)


def new_boundary() -> str:
    """A boundary in the ``email`` generator's format (base64 lines never contain it)."""
    # A MIME boundary, made as the email package makes it (not a secret).
    token = random.randrange(sys.maxsize)  # nosec B311
    return "=" * 15 + f"{token:0{_BOUNDARY_WIDTH}d}" + "=="


def message_bytes(
    content: MailContent, *, sender: str, now: datetime, boundary: str | None = None
) -> bytes:
    """The wire form of ``build_message(content, ...)``; raises what it raises."""
    boundary = boundary or new_boundary()
    method = check_ical_method(content.ical, content.ical_method) if content.ical else None
    heads = [
        folded("From", sender),
        _to_header(header_text(content.to_name), header_text(content.to_email)),
        folded("Subject", header_text(content.subject)),
        folded("Date", utils.format_datetime(now)),
        _message_id_header(content.message_id),
        b"Auto-Submitted: auto-generated\r\n",
    ]
    if content.list_unsubscribe_url:
        url = check_unsubscribe_url(content.list_unsubscribe_url)
        heads.append(b"List-Unsubscribe: <" + url.encode("ascii") + b">\r\n")
        heads.append(b"List-Unsubscribe-Post: " + ONE_CLICK.encode() + CRLF)
    heads.append(b"MIME-Version: 1.0\r\n")
    content_type = folded(
        "Content-Type", f'multipart/alternative; boundary="{_PLACEHOLDER_BOUNDARY}"'
    )
    heads.append(content_type.replace(_PLACEHOLDER_BOUNDARY.encode(), boundary.encode()))
    heads.append(folded("Content-Language", content.language))
    bodies = [content.body_text, content.body_html]
    if content.ical:
        bodies.append(content.ical)
    separator = b"--" + boundary.encode()
    out = [b"".join(heads), CRLF, separator, CRLF]
    for index, (head, body) in enumerate(zip(_part_heads(method), bodies, strict=True)):
        if index:
            out += [CRLF, separator, CRLF]
        out += [head, CRLF, base64_body(body)]
    out += [CRLF, separator, b"--", CRLF]
    return b"".join(out)
