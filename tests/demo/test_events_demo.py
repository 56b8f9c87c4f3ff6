"""The demo year loads, is idempotent and every demo event page renders."""

from __future__ import annotations

import sqlalchemy as sa

from scheduler_app.events.models import Event
from scheduler_app.events.study_visits.models import StudyVisitRequest
from scheduler_app.events.training.models import Attendance
from scheduler_app.extensions import db, utcnow


def test_demo_events_load_once_and_render(app, client, monkeypatch):
    from scheduler_app.demo import network
    from scheduler_app.demo.loader import load_demo

    # Only the events demo here; the network history is tested in tests/network.
    monkeypatch.setattr(network, "load_network_history", lambda now: {})

    load_demo(utcnow())
    db.session.commit()
    events = db.session.scalars(sa.select(Event)).all()
    events = [e for e in events if e.rotation_series_id is None]  # the rotation demo's are apart
    kinds = sorted(e.kind for e in events)
    assert kinds.count("exchange") == 2 and kinds.count("study_visit") == 2
    rally = next(e for e in events if e.kind == "rally")
    training = next(e for e in events if e.kind == "training")
    assert len(rally.stops) == 5 and len(training.sessions) == 6
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Attendance)) > 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StudyVisitRequest)) == 3
    assert all(e.confirmed_count > 0 for e in events)
    load_demo(utcnow())
    db.session.commit()
    again = db.session.scalars(sa.select(Event).where(Event.rotation_series_id.is_(None))).all()
    assert len(again) == len(events)
    for event in events:
        assert client.get(f"/events/{event.id}").status_code == 200
    assert client.get("/events/").status_code == 200
