"""Fixtures for the events area: an event factory and a recorder on the notification seam."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from scheduler_app.events import notifications
from scheduler_app.events.models import Event, EventKind, EventStatus
from scheduler_app.extensions import db, utcnow
from tests import factories

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
