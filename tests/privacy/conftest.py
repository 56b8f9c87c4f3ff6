"""A person with a full footprint: profile, registrations, a class attended to a
certificate, feedback, consents, mail; and helpers to read what the site shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from html.parser import HTMLParser
from typing import Any

import pytest

from scheduler_app.accounts import notices
from scheduler_app.events.models import Event, Registration
from scheduler_app.events.training.models import Attendance, TrainingSession
from scheduler_app.extensions import db, utcnow
from scheduler_app.followups.models import Feedback
from scheduler_app.mail.services import queue_mail
from tests import factories
from tests.delivery import deliver_all, mail_app, make_event, smtp  # noqa: F401 (fixtures)

NAME_GIVEN = "ศรีสมรลบได้"
NAME_FAMILY = "พิเศษนามสกุล"


class Inputs(HTMLParser):
    """name → value of the inputs on a page, and the names of ticked checkboxes."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self.checked: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        name = a.get("name")
        if tag != "input" or not name:
            return
        if a.get("type") == "checkbox":
            if "checked" in a:
                self.checked.setdefault(name, []).append(a.get("value") or "")
        else:
            self.values[name] = a.get("value") or ""


def inputs_of(html: str) -> Inputs:
    parser = Inputs()
    parser.feed(html)
    return parser


@dataclass
class Footprint:
    person: Any
    host: Any
    member: Any
    exchange: Event
    training: Event


@pytest.fixture
def footprint(app) -> Footprint:
    member = factories.make_member(name_th="เทศบาลทดสอบความเป็นส่วนตัว")
    person = factories.make_person(
        email="srisamorn@example.org",
        honorific="นาง",
        given_name=NAME_GIVEN,
        family_name=NAME_FAMILY,
        position="ปลัดเทศบาล",
        phone="081-234-5678",
        member=member,
        preferred_language="en",
    )
    host = factories.make_person(role="host", member=member, email="host@example.org")
    start = utcnow().replace(microsecond=0) + timedelta(days=20)
    exchange = Event(kind="exchange", title_th="วันแลกเปลี่ยน", title_en="Exchange day",
                     start_at=start, end_at=start + timedelta(hours=5), status="published",
                     capacity=10, confirmed_count=1, host_member_id=member.id,
                     organiser_id=person.id)  # fmt: skip
    past = utcnow().replace(microsecond=0) - timedelta(days=30)
    training = Event(kind="training", title_th="อบรมการทำบัญชี", title_en="Bookkeeping class",
                     start_at=past, end_at=past + timedelta(days=2), status="published",
                     capacity=10, confirmed_count=1, host_member_id=member.id,
                     attendance_threshold=50)  # fmt: skip
    db.session.add_all([exchange, training])
    db.session.flush()
    sessions = [
        TrainingSession(event_id=training.id, position=i, title=f"ครั้งที่ {i + 1}",
                        start_at=past + timedelta(days=i), end_at=past + timedelta(days=i, hours=3))
        for i in range(2)
    ]  # fmt: skip
    db.session.add_all(sessions)
    db.session.flush()
    db.session.add_all(
        [
            Registration(event_id=exchange.id, person_id=person.id, status="confirmed"),
            Registration(event_id=training.id, person_id=person.id, status="confirmed"),
            Attendance(session_id=sessions[0].id, person_id=person.id, is_present=True),
            Attendance(session_id=sessions[1].id, person_id=person.id, is_present=False),
            Feedback(
                event_id=training.id,
                person_id=person.id,
                rating=4,
                comment=f"ขอบคุณ จาก {NAME_GIVEN}",
            ),
        ]
    )
    notices.record_consents(person, ["account", "mail", "public_chart"], utcnow())
    with app.test_request_context():
        queue_mail("generic_notice", to_email=person.email, to_name=person.display_name,
                   language="en", context={"heading": "Hello", "body": "A notice for you."},
                   dedupe_key="test:notice:1", person_id=person.id)  # fmt: skip
        queue_mail("generic_notice", to_email=host.email, to_name=host.display_name,
                   language="th", context={"heading": "ผู้ลงทะเบียนใหม่",
                   "body": f"{person.display_name} ลงทะเบียนแล้ว"},
                   dedupe_key="test:host:1", person_id=host.id)  # fmt: skip
    db.session.commit()
    return Footprint(person, host, member, exchange, training)
