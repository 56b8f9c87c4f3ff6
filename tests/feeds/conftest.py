"""Fixtures for the feeds area: events (with stops, sessions, programme), registrations,
and helpers that fetch a feed and parse it with both iCalendar parsers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import icalendar
import pytest
from flask.testing import FlaskClient
from ical.calendar_stream import IcsCalendarStream

from scheduler_app.events.models import Event, Registration
from scheduler_app.events.rally.models import RallyStop
from scheduler_app.events.study_visits.models import ProgrammeItem
from scheduler_app.events.training.models import TrainingSession
from scheduler_app.extensions import db, utcnow
from tests import factories

EDITED = datetime(2026, 2, 1, 4, 0, tzinfo=UTC)


def build_event(**kw: Any) -> Event:
    if "host_member_id" not in kw and "host_member" not in kw:
        kw["host_member"] = factories.make_member()
    start = kw.pop("start_at", utcnow().replace(second=0, microsecond=0) + timedelta(days=20))
    values: dict[str, Any] = {
        "kind": "exchange",
        "title_th": "งานแลกเปลี่ยนเรียนรู้",
        "title_en": "Exchange day",
        "start_at": start,
        "end_at": kw.pop("end_at", start + timedelta(hours=6)),
        "status": "published",
        "sequence": 1,
        "created_at": EDITED,
        "updated_at": EDITED,
    }
    values.update(kw)
    event = Event(**values)
    db.session.add(event)
    db.session.commit()
    return event


def add_stop(event: Event, position: int, name: str, **kw: Any) -> RallyStop:
    arrive = event.start_at + timedelta(hours=position)
    stop = RallyStop(
        event_id=event.id, position=position, name=name, arrive_at=arrive,
        depart_at=arrive + timedelta(minutes=30), **kw,
    )  # fmt: skip
    db.session.add(stop)
    db.session.commit()
    return stop


def add_session(event: Event, position: int, title: str = "") -> TrainingSession:
    start = event.start_at + timedelta(days=7 * (position - 1))
    session = TrainingSession(
        event_id=event.id, position=position, title=title, start_at=start,
        end_at=start + timedelta(hours=3),
    )  # fmt: skip
    db.session.add(session)
    db.session.commit()
    return session


def add_programme(event: Event, hours: int, title: str) -> ProgrammeItem:
    item = ProgrammeItem(
        event_id=event.id, position=hours, starts_at=event.start_at + timedelta(hours=hours),
        title=title,
    )  # fmt: skip
    db.session.add(item)
    db.session.commit()
    return item


def register(event: Event, person: Any, status: str = "confirmed", **kw: Any) -> Registration:
    registration = Registration(event_id=event.id, person_id=person.id, status=status, **kw)
    db.session.add(registration)
    db.session.commit()
    return registration


@pytest.fixture
def make_event(app: Any) -> Callable[..., Event]:
    return build_event


@dataclass
class Fetched:
    status: int
    headers: Any
    data: bytes
    loose: Any
    strict: Any

    def vevents(self) -> list[Any]:
        return list(self.loose.walk("VEVENT"))

    def by_uid(self) -> dict[str, Any]:
        return {str(v["UID"]): v for v in self.vevents()}

    def summaries(self) -> list[str]:
        return [str(v["SUMMARY"]) for v in self.vevents()]


def fetch(client: FlaskClient, url: str, **kw: Any) -> Fetched:
    """GET a feed that must answer 200, and parse it with both parsers."""
    response = client.get(url, **kw)
    assert response.status_code == 200, (url, response.status_code)
    data = response.get_data()
    loose = icalendar.Calendar.from_ical(data)
    strict = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    return Fetched(response.status_code, response.headers, data, loose, strict)


@pytest.fixture
def get_feed(client: FlaskClient) -> Callable[..., Fetched]:
    return lambda url, **kw: fetch(client, url, **kw)


@pytest.fixture(autouse=True)
def quiet_notifications(monkeypatch: pytest.MonkeyPatch) -> None:
    """Edits made through the events services would queue mail; feeds tests skip it."""
    from scheduler_app.events import notifications

    monkeypatch.setattr(notifications, "deliver", lambda *args, **kwargs: None)
