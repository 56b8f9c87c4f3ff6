"""Helpers the tests of every kind's parts share (the fixtures are in conftest.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import g

from scheduler_app.events.models import Event
from scheduler_app.extensions import db

START = datetime(2031, 1, 10, 1, 0, tzinfo=UTC)  # 08:00 in Bangkok


HOUR = timedelta(hours=1)


def login(auth, person):
    g.pop("_login_user", None)
    auth.login_as(person)


def snapshot(event_id: int) -> tuple:
    """The event's sequence and every stop, session and programme line, as stored."""
    db.session.expire_all()
    event = db.session.get(Event, event_id)
    return (
        event.sequence,
        event.updated_at,
        [(s.id, s.position, s.name, s.arrive_at, s.depart_at, s.latitude) for s in event.stops],
        [(s.id, s.position, s.title, s.start_at, s.end_at) for s in event.sessions],
        [(p.id, p.position, p.title, p.starts_at) for p in event.programme],
    )


def stop_form(name="นาอ้อ ใหม่", arrive="10:15", depart="10:45", **extra):
    data = {"name": name, "host_member_id": "0", "venue_id": "0", "latitude": "17.6",
            "longitude": "101.71", "arrive_date": "2031-01-10", "arrive_time": arrive,
            "depart_time": depart}  # fmt: skip
    return data | extra


def session_form(day="2031-01-17", start="13:00", end="15:00", title="น้ำหมักชีวภาพ"):
    return {"day": day, "start_time": start, "end_time": end, "title": title}
