"""Map test helpers: a small network with places, and a query counter."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from scheduler_app.extensions import db, utcnow
from tests import factories
from tests.events.conftest import build_event


def layers(client: Any, query: str = "", **headers: str) -> dict[str, Any]:
    response = client.get(f"/map/layers.geojson{query}", headers=headers)
    assert response.status_code == 200
    assert response.mimetype == "application/geo+json"
    return json.loads(response.get_data())


def by_id(collection: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["id"]: f for f in collection["features"]}


@contextmanager
def count_queries() -> Iterator[list[str]]:
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)


def seed_places(n_members: int = 3) -> dict[str, Any]:
    """Members of each kind, venues, and events in every state that matters."""
    members = [
        factories.make_member(
            kind="node",
            latitude=17.49 + i * 0.01,
            longitude=101.73,
            contact_email=f"secret{i}@example.org",
            contact_phone="081-234-5678",
            line_id="@private-line",
        )
        for i in range(n_members)
    ]
    network = factories.make_member(kind="network", name_th="เครือข่ายเลย", name_en="Loei Network",
                                    latitude=17.53, longitude=101.71)  # fmt: skip
    person = factories.make_member(kind="individual", latitude=17.2, longitude=101.4,
                                   district_code="4203", subdistrict_code="420301")  # fmt: skip
    hidden = [
        factories.make_member(kind="node", latitude=None, longitude=None),
        factories.make_member(kind="node", latitude=17.4, longitude=101.6, is_active=False),
    ]
    centre = factories.make_venue(is_exchange_centre=True, latitude=17.86, longitude=101.66,
                                  district_code="4203", subdistrict_code="420301")  # fmt: skip
    hall = factories.make_venue(is_exchange_centre=False, latitude=17.5, longitude=101.7)
    now = utcnow()
    upcoming = build_event(venue=centre, title_th="งานที่ศูนย์", title_en="At the centre")
    at_host = build_event(host_member=members[0], venue=None, kind="training")
    draft = build_event(status="draft", venue=hall)
    cancelled = build_event(status="cancelled", venue=hall)
    past = build_event(venue=hall, start_at=now - timedelta(days=10))
    far = build_event(venue=hall, start_at=now + timedelta(days=400))
    return {
        "members": members, "network": network, "person": person, "hidden": hidden,
        "centre": centre, "hall": hall, "upcoming": upcoming, "at_host": at_host,
        "draft": draft, "cancelled": cancelled, "past": past, "far": far,
    }  # fmt: skip
