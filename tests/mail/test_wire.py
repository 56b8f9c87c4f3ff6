"""The fast writer produces exactly the bytes the ``email`` package produces."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler_app.mail.message import MailContent, as_bytes, build_message
from scheduler_app.mail.wire import message_bytes, new_boundary

THAI = "กขคงจฉชซญดตถทนบปผพฟมยรลวศสหอฮะาำิีึืุูเแโใไ่้๊๋็์ๆ"
text = st.text(alphabet=THAI + "abcXYZ019 .,:;<>\"'()&@=?-_\n\r\t", max_size=300)
local = st.from_regex(r"[a-z0-9]{1,20}(\.[a-z0-9+_-]{1,12}){0,3}", fullmatch=True)
domain = st.from_regex(r"[a-z0-9]{1,15}(\.[a-z]{2,12}){1,3}", fullmatch=True)
ICAL = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:{m}\r\nBEGIN:VEVENT\r\nSUMMARY:{s}\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def reference(content: MailContent, sender: str, now: datetime, boundary: str) -> bytes:
    message = build_message(content, sender=sender, now=now)
    message.set_boundary(boundary)
    return as_bytes(message)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=text,
    local_part=local,
    host=domain,
    subject=text,
    body=text,
    html=text,
    unsubscribe=st.sampled_from([None, "https://ruamjai.test/unsubscribe/" + "t" * 70]),
    method=st.sampled_from([None, "REQUEST", "CANCEL"]),
    language=st.sampled_from(["th", "en"]),
    seconds=st.integers(0, 10**8),
)
def test_same_bytes_as_the_email_package(
    name: str,
    local_part: str,
    host: str,
    subject: str,
    body: str,
    html: str,
    unsubscribe: str | None,
    method: str | None,
    language: str,
    seconds: int,
) -> None:
    content = MailContent(
        to_email=f"{local_part}@{host}",
        to_name=name,
        subject=subject,
        body_text=body,
        body_html=html,
        message_id=f"<{seconds:x}.{len(name)}@ruamjai.test>",
        ical=ICAL.format(m=method, s=subject.replace("\n", " ")) if method else None,
        ical_method=method,
        list_unsubscribe_url=unsubscribe,
        language=language,
    )
    now = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)
    sender = "ร่วมใจ <no-reply@ruamjai.test>"
    boundary = new_boundary()
    assert message_bytes(content, sender=sender, now=now, boundary=boundary) == reference(
        content, sender, now, boundary
    )


@pytest.mark.parametrize(
    "address", ["not an address@@", "ผู้ใช้@ตัวอย่าง.ไทย", "a@b", '"quoted name"@example.org']
)
def test_unusual_addresses_behave_like_the_email_package(address: str) -> None:
    content = MailContent(
        to_email=address, to_name="สมชาย", subject="s", body_text="t", body_html="h",
        message_id="<x@ruamjai.test>",
    )  # fmt: skip
    now = datetime(2026, 1, 1, tzinfo=UTC)
    boundary = new_boundary()
    try:
        expected: bytes | type[Exception] = reference(content, "a@ruamjai.test", now, boundary)
    except Exception as exc:
        expected = type(exc)
    try:
        got: bytes | type[Exception] = message_bytes(
            content, sender="a@ruamjai.test", now=now, boundary=boundary
        )
    except Exception as exc:
        got = type(exc)
    assert got == expected
