"""The rally kind: its section of the event page (the route with leg distances and
riders per stop), where hosts edit its stops, and what a copy takes along."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from scheduler_app.core import rally as rally_core
from scheduler_app.events import kinds
from scheduler_app.events.models import Event, EventKind, Registration
from scheduler_app.events.models import RegistrationStatus as RS
from scheduler_app.events.rally.models import RallyStop
from scheduler_app.events.rally.operations import copy_stops
from scheduler_app.extensions import db


def route(event: Event) -> list[RallyStop]:
    """The event's stops in order with their hosts and venues, in one query (the page
    shows both for every stop); ``event.stops`` then holds the same list."""
    stops = list(
        db.session.execute(
            sa.select(RallyStop)
            .where(RallyStop.event_id == event.id)
            .order_by(RallyStop.position)
            .options(joinedload(RallyStop.host_member), joinedload(RallyStop.venue))
        ).scalars()
    )
    set_committed_value(event, "stops", stops)
    return stops


def stop_rows(event: Event) -> tuple[list[dict[str, Any]], float]:
    """Stops with leg distance and expected riders; and the total distance."""
    stops = route(event)
    legs = rally_core.leg_distances([rally_core.Point(s.lat, s.lon) for s in stops])
    positions = {s.id: s.position for s in stops}
    journeys = db.session.execute(
        sa.select(Registration.from_stop_id, Registration.to_stop_id, sa.func.count())
        .where(Registration.event_id == event.id, Registration.status == RS.CONFIRMED.value)
        .group_by(Registration.from_stop_id, Registration.to_stop_id)
    ).all()
    expanded = []
    for from_id, to_id, n in journeys:
        joins = positions.get(from_id) if from_id is not None else None
        leaves = positions.get(to_id) if to_id is not None else None
        expanded += [(joins, leaves)] * n
    riders = rally_core.riders_at_stops([s.position for s in stops], expanded)
    rows = [
        {"stop": s, "leg_km": leg, "riders": riders.get(s.position, 0)}
        for s, leg in zip(stops, legs, strict=True)
    ]
    return rows, rally_core.total_distance(legs)


def page_data(event: Event, person: Any, is_manager: bool) -> dict[str, Any]:
    rows, total = stop_rows(event)
    return {"stop_rows": rows, "total_km": total}


SPEC = kinds.register(
    kinds.KindSpec(
        EventKind.RALLY,
        section="events/rally/_section.html",
        page_data=page_data,
        parts_endpoint="events.stops",
        parts_label=_l("Edit stops"),
        copy_parts=copy_stops,
        registration_fields=("from_stop_id", "to_stop_id"),
        timed_parts=lambda event: list(event.stops),
        time_fields=("arrive_at", "depart_at"),
        count_parts=lambda n: gettext("1 stop") if n == 1 else gettext("%(n)d stops", n=n),
    )
)
