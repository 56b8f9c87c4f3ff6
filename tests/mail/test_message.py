"""MIME building: structure, encodings, headers, as parsed back by Python's email parser."""

from __future__ import annotations

import email
import email.policy
import re
from datetime import UTC, datetime
from email.header import decode_header, make_header
from email.message import EmailMessage

import icalendar
import pytest

from scheduler_app.mail.message import (
    MailContent,
    as_bytes,
    build_message,
    check_ical_method,
    new_message_id,
)

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
SENDER = "ร่วมใจ <no-reply@ruamjai.test>"
THAI_SUBJECT = "เชิญร่วมศึกษาดูงานการจัดการขยะชุมชน ณ เทศบาลตำบลนาอ้อ อำเภอเมืองเลย จังหวัดเลย"
LONG_URL = "https://ruamjai.test/unsubscribe/" + "Ab3_-" * 30


def ical_text(method: str) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Ruamjai//test//TH",
        f"METHOD:{method}",
        "BEGIN:VEVENT",
        "UID:event-7@ruamjai.test",
        "DTSTAMP:20261123T030000Z",
        "DTSTART:20261201T020000Z",
        "DTEND:20261201T050000Z",
        "SEQUENCE:2",
        "SUMMARY:ศึกษาดูงาน",
        "ORGANIZER;CN=Host:mailto:host@example.org",
        "ATTENDEE;CN=Guest:mailto:guest@example.org",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"


def content(**kw: object) -> MailContent:
    values: dict[str, object] = {
        "to_email": "somying@example.org",
        "to_name": "นางสาวสมหญิง ใจงาม",
        "subject": THAI_SUBJECT,
        "body_text": "สวัสดีค่ะ " * 400,  # one very long Thai line
        "body_html": "<p>" + "สวัสดีค่ะ " * 400 + "</p>",
        "message_id": new_message_id("https://ruamjai.test"),
    }
    values.update(kw)
    return MailContent(**values)  # type: ignore[arg-type]


def raw_and_parsed(c: MailContent) -> tuple[bytes, EmailMessage]:
    raw = as_bytes(build_message(c, sender=SENDER, now=NOW))
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return raw, parsed


def raw_header(raw: bytes, name: str) -> list[bytes]:
    head = raw.split(b"\r\n\r\n", 1)[0]
    # A folded header would continue on a line starting with white space: refuse those.
    pattern = rb"^" + name.encode() + rb": ([^\r\n]*)(?:\r\n(?![ \t])|\Z)"
    return re.findall(pattern, head, re.MULTILINE | re.IGNORECASE)


def raw_header_lines(raw: bytes, name: str) -> list[bytes]:
    """A header's raw lines, folds included."""
    head = raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
    prefix = name.lower().encode() + b":"
    start = next(i for i, line in enumerate(head) if line.lower().startswith(prefix))
    end = start + 1
    while end < len(head) and head[end][:1] in (b" ", b"\t"):
        end += 1
    return [head[start][len(name) + 1 :], *head[start + 1 : end]]


def test_structure_and_bodies() -> None:
    c = content()
    raw, msg = raw_and_parsed(c)
    assert msg.get_content_type() == "multipart/alternative"
    parts = list(msg.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    for part in parts:
        assert part["Content-Transfer-Encoding"] in ("base64", "quoted-printable")
        assert part.get_content_charset() == "utf-8"
    assert parts[0].get_content().rstrip() == c.body_text.rstrip()
    assert parts[1].get_content().rstrip() == c.body_html
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998
    assert raw.isascii()


def test_thai_subject_and_name_decode_exactly() -> None:
    raw, msg = raw_and_parsed(content())
    assert msg["Subject"] == THAI_SUBJECT
    # A long Thai name needs two encoded-words; RFC 2047 decoders drop the white space
    # between them (Python 3.11's new-style phrase parser keeps it, so decode per RFC here).
    to_raw = b"".join(raw_header_lines(raw, "To")).decode("ascii")
    assert str(make_header(decode_header(to_raw))) == "นางสาวสมหญิง ใจงาม <somying@example.org>"
    assert msg["To"].addresses[0].addr_spec == "somying@example.org"
    assert msg["From"].addresses[0].display_name == "ร่วมใจ"
    assert all(b"=?utf-8?b?" in line for line in raw_header_lines(raw, "Subject"))


def test_standard_headers() -> None:
    c = content()
    _raw, msg = raw_and_parsed(c)
    assert msg["Message-ID"] == c.message_id
    assert re.fullmatch(r"<[0-9a-f]{32}@ruamjai\.test>", c.message_id)
    assert msg["Auto-Submitted"] == "auto-generated"
    assert email.utils.parsedate_to_datetime(msg["Date"]) == NOW
    assert msg["List-Unsubscribe"] is None
    assert msg["List-Unsubscribe-Post"] is None


def test_list_unsubscribe_is_raw_and_unfolded() -> None:
    raw, msg = raw_and_parsed(content(list_unsubscribe_url=LONG_URL))
    assert raw_header(raw, "List-Unsubscribe") == [f"<{LONG_URL}>".encode()]
    assert raw_header(raw, "List-Unsubscribe-Post") == [b"List-Unsubscribe=One-Click"]
    assert msg["List-Unsubscribe"] == f"<{LONG_URL}>"


@pytest.mark.parametrize(
    "url", ["http://ruamjai.test/u/x", "https://ruamjai.test/u/ไทย", "https://a.test/x\r\nBcc: x@y"]
)
def test_bad_unsubscribe_url_is_refused(url: str) -> None:
    with pytest.raises(ValueError):
        build_message(content(list_unsubscribe_url=url), sender=SENDER, now=NOW)


def test_header_injection_is_neutralised() -> None:
    _raw, msg = raw_and_parsed(
        content(subject="Hello\r\nBcc: victim@example.org", to_name="Eve\nBcc: x@example.org")
    )
    assert msg["Bcc"] is None
    assert msg["Subject"] == "Hello Bcc: victim@example.org"
    assert msg["To"].addresses[0].display_name == "Eve Bcc: x@example.org"


@pytest.mark.parametrize("method", ["REQUEST", "CANCEL", "PUBLISH"])
def test_calendar_part_method_matches_body(method: str) -> None:
    raw, msg = raw_and_parsed(content(ical=ical_text(method), ical_method=method.lower()))
    parts = list(msg.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html", "text/calendar"]
    cal_part = parts[2]
    assert cal_part.get_param("method") == method
    assert cal_part["Content-Transfer-Encoding"] == "base64"
    calendar = icalendar.Calendar.from_ical(cal_part.get_content())
    assert str(calendar["METHOD"]) == method
    event = calendar.walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "ศึกษาดูงาน"
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998


def test_method_mismatch_is_refused() -> None:
    with pytest.raises(ValueError):
        check_ical_method(ical_text("REQUEST"), "CANCEL")
    with pytest.raises(ValueError):
        check_ical_method("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", None)
    assert check_ical_method(ical_text("CANCEL"), None) == "CANCEL"
