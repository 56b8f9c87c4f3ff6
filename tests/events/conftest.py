"""Fixtures for the events area: an event factory, a recorder on the notification seam,
and an event of each kind with its parts (a logged-in host's rally, class and visit)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from scheduler_app.events import notifications
from scheduler_app.events.models import Event, EventKind, EventStatus
from scheduler_app.events.rally.models import RallyStop
from scheduler_app.events.study_visits.models import ProgrammeItem
from scheduler_app.events.training.models import TrainingSession
from scheduler_app.extensions import db, utcnow
from tests import factories
from tests.events.parts_helpers import HOUR, START, login

NOW = datetime(2026, 3, 1, 3, 0, tzinfo=UTC)


def build_event(**kw: Any) -> Event:
    if "host_member_id" not in kw and "host_member" not in kw:
        kw["host_member"] = factories.make_member()
    # Default: a month ahead of the real clock, so pages list it as upcoming.
    start = kw.pop("start_at", utcnow().replace(second=0, microsecond=0) + timedelta(days=30))
    values: dict[str, Any] = {
        "kind": EventKind.EXCHANGE.value,
        "title_th": "งานแลกเปลี่ยนเรียนรู้",
        "title_en": "Exchange day",
        "start_at": start,
        "end_at": kw.pop("end_at", start + timedelta(hours=6)),
        "status": EventStatus.PUBLISHED.value,
        "capacity": 50,
    }
    values.update(kw)
    event = Event(**values)
    db.session.add(event)
    db.session.commit()
    return event


@pytest.fixture
def make_event(app: Any) -> Callable[..., Event]:
    return build_event


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, int, str]] = []

    def __call__(self, kind: str, person: Any, context: dict[str, Any], key: str) -> None:
        self.calls.append((kind, person.id, key))

    def kinds(self) -> list[str]:
        return [c[0] for c in self.calls]


@pytest.fixture(autouse=True)
def sent(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    """Every notification passes ``deliver``; record instead of queueing mail."""
    recorder = Recorder()
    monkeypatch.setattr(notifications, "deliver", recorder)
    return recorder


# ---- an event of each kind with its parts (tests of stops, sessions, programme) -----


@pytest.fixture
def host(make_person, make_member, auth):
    person = make_person(role="host", member=make_member(), preferred_language="en")
    login(auth, person)
    return person


@pytest.fixture
def rally(make_event, host):
    event = make_event(kind="rally", host_member_id=host.member_id, start_at=START,
                       end_at=START + 10 * HOUR, sequence=3)  # fmt: skip
    for i, name in enumerate(["เมืองเลย", "นาอ้อ", "เชียงคาน"]):
        arrive = START + 2 * i * HOUR  # 08:00, 10:00, 12:00 Bangkok; 30 min each
        event.stops.append(
            RallyStop(position=i + 1, name=name, arrive_at=arrive,
                      depart_at=arrive + HOUR / 2, latitude=17.5 + i / 10, longitude=101.7)
        )  # fmt: skip
    db.session.commit()
    return event


@pytest.fixture
def training(make_event, host):
    event = make_event(kind="training", host_member_id=host.member_id, start_at=START,
                       end_at=START + timedelta(days=30))  # fmt: skip
    for i, title in enumerate(["ปุ๋ยหมัก", "น้ำหมัก", "ตลาด"]):
        start = START + timedelta(days=7 * i) + HOUR  # Fridays 09:00–12:00 Bangkok
        event.sessions.append(
            TrainingSession(position=i + 1, title=title, start_at=start, end_at=start + 3 * HOUR)
        )
    db.session.commit()
    return event


@pytest.fixture
def visit(make_event, host, make_member):
    event = make_event(kind="study_visit", host_member_id=host.member_id, start_at=START,
                       end_at=START + 8 * HOUR, visiting_member_id=make_member().id)  # fmt: skip
    for i, title in enumerate(["ต้อนรับ", "ชมกลุ่มทอผ้า", "สรุปบทเรียน"]):
        event.programme.append(
            ProgrammeItem(position=i + 1, title=title, starts_at=START + (i + 1) * HOUR)
        )
    db.session.commit()
    return event


class Clock:
    """The time the event pages see (``clock.now = ...``); starts at the real time."""

    def __init__(self) -> None:
        self.now = utcnow()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    for module in (
        "scheduler_app.events.training.views",
        "scheduler_app.events.training.kind",
        "scheduler_app.events.views",
        "scheduler_app.events.part_views",
        "scheduler_app.events.page",
    ):
        monkeypatch.setattr(f"{module}.utcnow", lambda: fake.now)
    return fake
