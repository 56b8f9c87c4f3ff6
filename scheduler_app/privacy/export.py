""" "My data": everything the site holds about one person, as JSON and CSV in one zip.

Each section is a list of flat records (the same fields in the JSON and in its CSV), so
the person can open it in a spreadsheet or give it to another service (PDPA section 31).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from scheduler_app.accounts.models import Person
from scheduler_app.accounts.notices import consent_history
from scheduler_app.core import sessions as sessions_core
from scheduler_app.events.models import Event, Registration
from scheduler_app.events.training.models import Attendance, TrainingSession
from scheduler_app.extensions import db
from scheduler_app.followups.models import Feedback, WelcomeAnswer
from scheduler_app.mail.models import OutboxMessage
from scheduler_app.privacy.erasure import own_mail

Record = dict[str, Any]
SECTIONS = ("registrations", "attendance", "certificates", "feedback", "consents", "mail")


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _rows(rows: Sequence[Record]) -> list[Record]:
    return [{k: _plain(v) for k, v in row.items()} for row in rows]


def profile(person: Person) -> Record:
    member = person.member
    return {
        "id": person.id,
        "email": person.email,
        "honorific": person.honorific,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "position": person.position,
        "phone": person.phone,
        "role": person.role,
        "organisation_th": member.name_th if member else "",
        "organisation_en": (member.name_en or "") if member else "",
        "preferred_language": person.preferred_language or "",
        "has_photo": bool(person.photo_filename),
        "wants_reminders": person.wants_reminders,
        "wants_followups": person.wants_followups,
        "wants_network_news": person.wants_network_news,
        "digest_frequency": person.digest_frequency,
        "line_user_id": person.line_user_id or "",
        "line_linked_at": person.line_linked_at,
        "created_at": person.created_at,
        "last_login_at": person.last_login_at,
    }


def registrations(person: Person) -> list[Record]:
    rows = db.session.execute(
        sa.select(Registration, Event)
        .join(Event, Registration.event_id == Event.id)
        .where(Registration.person_id == person.id)
        .order_by(Event.start_at, Registration.id)
    ).all()
    return [
        {
            "event_id": event.id,
            "event_title_th": event.title_th,
            "event_title_en": event.title_en or "",
            "event_start_at": event.start_at,
            "status": reg.status,
            "waitlist_position": reg.waitlist_position,
            "registered_at": reg.created_at,
            "cancelled_at": reg.cancelled_at,
            "checked_in_at": reg.checked_in_at,
        }
        for reg, event in rows
    ]


def attendance(person: Person) -> list[Record]:
    rows = db.session.execute(
        sa.select(Attendance, TrainingSession, Event)
        .join(TrainingSession, Attendance.session_id == TrainingSession.id)
        .join(Event, TrainingSession.event_id == Event.id)
        .where(Attendance.person_id == person.id)
        .order_by(TrainingSession.start_at)
    ).all()
    return [
        {
            "event_id": event.id,
            "event_title_th": event.title_th,
            "session_title": session.title,
            "session_start_at": session.start_at,
            "is_present": att.is_present,
        }
        for att, session, event in rows
    ]


def certificates(person: Person) -> list[Record]:
    """Classes whose attendance threshold the person reached (certificates they can print)."""
    present = db.session.execute(
        sa.select(TrainingSession.event_id, sa.func.count())
        .join(Attendance, Attendance.session_id == TrainingSession.id)
        .where(Attendance.person_id == person.id, Attendance.is_present)
        .group_by(TrainingSession.event_id)
    ).all()
    found = []
    for event_id, attended in present:
        event = db.session.get(Event, event_id)
        if event is None:
            continue
        total = len(event.sessions)
        if sessions_core.earns_certificate(attended, total, event.attendance_threshold):
            found.append(
                {
                    "event_id": event.id,
                    "event_title_th": event.title_th,
                    "sessions_attended": attended,
                    "sessions_total": total,
                }
            )
    return found


def feedback(person: Person) -> list[Record]:
    rows = db.session.execute(
        sa.select(Feedback).where(Feedback.person_id == person.id).order_by(Feedback.id)
    ).scalars()
    answers = [
        {"event_id": f.event_id, "rating": f.rating, "comment": f.comment, "at": f.created_at}
        for f in rows
    ]
    welcome = db.session.execute(
        sa.select(WelcomeAnswer).where(WelcomeAnswer.person_id == person.id)
    ).scalar_one_or_none()
    if welcome is not None:
        answers.append(
            {"event_id": None, "rating": None, "comment": welcome.text, "at": welcome.created_at}
        )
    return answers


def consents(person: Person) -> list[Record]:
    return [
        {
            "purpose": c.purpose,
            "is_given": c.is_given,
            "notice_version": c.notice_version,
            "recorded_at": c.recorded_at,
        }
        for c in consent_history(person.id)
    ]


def mail(person: Person) -> list[Record]:
    rows = db.session.execute(
        sa.select(OutboxMessage)
        .where(own_mail(person))
        .order_by(OutboxMessage.created_at, OutboxMessage.id)
    ).scalars()
    return [
        {
            "kind": m.kind,
            "recipient": m.recipient,
            "subject": m.subject,
            "status": m.status,
            "queued_at": m.created_at,
            "sent_at": m.sent_at,
            "body_text": m.body_text,
        }
        for m in rows
    ]


def collect(person: Person) -> dict[str, Any]:
    """Every section, as plain JSON-ready values."""
    return {
        "profile": _rows([profile(person)])[0],
        "registrations": _rows(registrations(person)),
        "attendance": _rows(attendance(person)),
        "certificates": _rows(certificates(person)),
        "feedback": _rows(feedback(person)),
        "consents": _rows(consents(person)),
        "mail": _rows(mail(person)),
    }


def _csv(rows: list[Record]) -> str:
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    return out.getvalue()


def build_zip(person: Person, now: datetime) -> bytes:
    """The zip: ``my-data.json`` with every section, and one CSV per section."""
    data = collect(person)
    buffer = io.BytesIO()
    stamp = now.timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:

        def add(name: str, text: str) -> None:
            archive.writestr(zipfile.ZipInfo(name, date_time=stamp), text.encode("utf-8"))

        add("my-data.json", json.dumps(data, ensure_ascii=False, indent=2))
        add("profile.csv", "\ufeff" + _csv([data["profile"]]))
        for section in (
            "registrations",
            "attendance",
            "certificates",
            "feedback",
            "consents",
            "mail",
        ):
            add(f"{section}.csv", "\ufeff" + _csv(data[section]))
    return buffer.getvalue()
