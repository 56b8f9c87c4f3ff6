"""Invitations through the real pipeline: queue → send_due → aiosmtpd → email + icalendar."""

from __future__ import annotations

from datetime import timedelta

import pytest
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from scheduler_app.events import operations as services
from scheduler_app.events.registration.operations import (
    register_participant,
    unregister_participant,
)
from scheduler_app.extensions import db, utcnow
from tests.delivery import calendar_part, outbox, vevent


def _register(event, person):
    registration = register_participant(event, person, utcnow())
    db.session.commit()
    return registration


def test_confirm_change_cancel_keep_uid_and_raise_sequence(
    make_event, make_person, make_member, deliver_all
):
    host = make_member(contact_email="host@loei.example")
    event = make_event(host_member=host, sequence=1)
    person = make_person(preferred_language="th")
    _register(event, person)
    services.update_event(
        event,
        {
            "start_at": event.start_at + timedelta(days=1),
            "end_at": event.end_at + timedelta(days=1),
        },
        utcnow(),
    )
    db.session.commit()
    services.cancel_event(event, "ฝนตกหนัก น้ำท่วมถนน", utcnow())
    db.session.commit()

    messages = [m for m in deliver_all() if m["To"].addresses[0].addr_spec == person.email]
    by_kind = {}
    for m in messages:
        part = calendar_part(m)
        if part is not None:
            by_kind[m["Subject"]] = part
    invites = [calendar_part(m) for m in messages if calendar_part(m) is not None]
    assert [method for method, _ in invites] == ["REQUEST", "REQUEST", "CANCEL"]
    for method, cal in invites:
        assert str(cal["METHOD"]) == method  # MIME parameter and body agree
    events = [vevent(cal) for _, cal in invites]
    assert len({str(e["UID"]) for e in events}) == 1
    assert str(events[0]["UID"]) == f"event-{event.id}@ruamjai.test"
    sequences = [int(e["SEQUENCE"]) for e in events]
    assert sequences == sorted(sequences) and len(set(sequences)) == 3
    assert str(events[0]["ORGANIZER"]) == "mailto:host@loei.example"
    assert str(events[0]["ATTENDEE"]) == f"mailto:{person.email}"
    assert events[1]["DTSTART"].dt == event.start_at
    assert str(events[2]["STATUS"]) == "CANCELLED"
    assert "ฝนตกหนัก" in messages[-1].get_body(("plain",)).get_content()


def test_confirmation_is_multipart_transactional_with_thai_subject(
    make_event, make_person, deliver_all
):
    event = make_event(title_th="งานแลกเปลี่ยนเรียนรู้บ้านนาอ้อ")
    person = make_person(preferred_language=None)  # Thai by default
    _register(event, person)
    [message] = [m for m in deliver_all() if "Registration" in m["Subject"]
                 or "ยืนยัน" in m["Subject"]]  # fmt: skip
    assert message.get_content_type() == "multipart/alternative"
    assert "บ้านนาอ้อ" in str(message["Subject"])
    assert "=?utf-8?" in message.as_string().split("\n\n", 1)[0].lower()
    assert message["List-Unsubscribe"] is None
    assert message["Auto-Submitted"] == "auto-generated"
    types = [p.get_content_type() for p in message.iter_parts()]
    assert types == ["text/plain", "text/html", "text/calendar"]


@pytest.mark.parametrize("language", ["th", "en"])
def test_waitlist_promotion_and_unregister(make_event, make_person, deliver_all, language):
    event = make_event(capacity=1)
    first, second = make_person(), make_person(preferred_language=language)
    first_reg = _register(event, first)
    _register(event, second)
    unregister_participant(first_reg, utcnow())
    db.session.commit()
    messages = deliver_all()
    kinds = [row.kind for row in outbox(person_id=second.id)]
    assert kinds[:2] == ["event_waitlisted", "event_promoted"]
    to_second = [m for m in messages if m["To"].addresses[0].addr_spec == second.email]
    assert calendar_part(to_second[0]) is None  # waitlisted: nothing for the calendar
    method, _ = calendar_part(to_second[1])
    assert method == "REQUEST"
    [cancel] = [m for m in messages if m["To"].addresses[0].addr_spec == first.email
                and calendar_part(m) and calendar_part(m)[0] == "CANCEL"]  # fmt: skip
    assert cancel["List-Unsubscribe"] is None
    assert to_second[0]["Content-Language"] == language


def test_change_mail_per_sequence_says_what_changed(make_event, make_person, app):
    event = make_event(title_en="Exchange day")
    person = make_person(preferred_language="en")
    _register(event, person)
    for days in (1, 2):
        services.update_event(
            event,
            {
                "start_at": event.start_at + timedelta(days=days),
                "end_at": event.end_at + timedelta(days=days),
            },
            utcnow(),
        )
        db.session.commit()
    services.update_event(event, {"title_en": "Exchange day (new)"}, utcnow())
    db.session.commit()
    changes = outbox(kind="event_changed")
    assert len(changes) == 3
    assert "the date or time" in changes[0].body_text
    assert "the title" in changes[2].body_text


def _calendar_texts(message):
    return [p.get_content() for p in message.walk() if p.get_content_type() == "text/calendar"]


def test_invitation_parts_parse_strictly_with_organizer_and_attendee(
    make_event, make_person, make_member, make_venue, deliver_all
):
    """RFC 5546 REQUEST then CANCEL, read by icalendar and by the strict ical package."""
    host = make_member(name_th='เทศบาลตำบล "นาอาน"; เลย', contact_email="host@loei.example")
    hall = make_venue(name_th="ศูนย์เรียนรู้, บ้านกกดู่", address="12 หมู่ 3\nต.กกดู่")
    event = make_event(host_member=host, venue=hall, title_th="ศึกษาดูงาน" * 12)  # folded
    person = make_person(
        honorific="นางสาว", given_name="สมใจ", family_name="รักดี, ปลัด", preferred_language="th"
    )
    _register(event, person)
    services.cancel_event(event, "ฝนตกหนัก", utcnow())
    db.session.commit()

    to_person = [m for m in deliver_all() if m["To"].addresses[0].addr_spec == person.email]
    texts = [text for m in to_person for text in _calendar_texts(m)]
    assert [str(Calendar.from_ical(t)["METHOD"]) for t in texts] == ["REQUEST", "CANCEL"]
    title = "ศึกษาดูงาน" * 12
    expected = [("ACCEPTED", title), ("DECLINED", "ยกเลิก / Cancelled: " + title)]
    for text, (partstat, summary) in zip(texts, expected, strict=True):
        loose = vevent(Calendar.from_ical(text))
        assert loose["ORGANIZER"].params["CN"] == 'เทศบาลตำบล "นาอาน"; เลย'  # RFC 6868
        assert loose["ATTENDEE"].params["CN"] == "นางสาวสมใจ รักดี, ปลัด"
        assert loose["ATTENDEE"].params["PARTSTAT"] == partstat
        assert str(loose["LOCATION"]) == "ศูนย์เรียนรู้, บ้านกกดู่, 12 หมู่ 3\nต.กกดู่"
        [parsed] = IcsCalendarStream.calendar_from_ics(text).events
        assert parsed.summary == summary
        assert parsed.organizer.uri == "mailto:host@loei.example"
        assert [a.common_name for a in parsed.attendees] == ["นางสาวสมใจ รักดี, ปลัด"]
    assert str(vevent(Calendar.from_ical(texts[1]))["STATUS"]) == "CANCELLED"
