"""Everything the event page shows, gathered in a fixed number of queries."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from scheduler_app.core import rally as rally_core
from scheduler_app.core import sessions as sessions_core
from scheduler_app.events import queries
from scheduler_app.events.forms import ActionForm, RegisterForm, select_choices
from scheduler_app.events.kind_models import RallyStop, StudyVisitRequest
from scheduler_app.events.models import Event, EventKind, Registration
from scheduler_app.events.models import RegistrationStatus as RS
from scheduler_app.events.permissions import can_file_report, can_manage_event
from scheduler_app.extensions import db, utcnow
from scheduler_app.i18n import current_locale


def stop_rows(event: Event) -> tuple[list[dict[str, Any]], float]:
    """Stops with leg distance and expected riders; and the total distance."""
    stops = list(event.stops)
    legs = rally_core.leg_distances([rally_core.Point(s.lat, s.lon) for s in stops])
    positions = {s.id: s.position for s in stops}
    journeys = db.session.execute(
        sa.select(Registration.from_stop_id, Registration.to_stop_id, sa.func.count())
        .where(Registration.event_id == event.id, Registration.status == RS.CONFIRMED.value)
        .group_by(Registration.from_stop_id, Registration.to_stop_id)
    ).all()
    expanded = []
    for from_id, to_id, n in journeys:
        expanded += [(positions.get(from_id), positions.get(to_id))] * n
    riders = rally_core.riders_at_stops([s.position for s in stops], expanded)
    rows = [
        {"stop": s, "leg_km": leg, "riders": riders.get(s.position, 0)}
        for s, leg in zip(stops, legs, strict=True)
    ]
    return rows, rally_core.total_distance(legs)


def visit_for(event: Event) -> StudyVisitRequest | None:
    return db.session.execute(
        sa.select(StudyVisitRequest).where(StudyVisitRequest.event_id == event.id).limit(1)
    ).scalar_one_or_none()


def register_form(event: Event, stops: list[RallyStop]) -> RegisterForm:
    form = RegisterForm()
    choices = [(s.id, f"{s.position}. {s.name}") for s in stops]
    form.from_stop_id.choices = select_choices([(0, "—"), *choices])
    form.to_stop_id.choices = select_choices([(0, "—"), *choices])
    return form


def event_page_context(event: Event, person: Any) -> dict[str, Any]:
    """Template values for ``events/show.html``."""
    manager = can_manage_event(person, event)
    mine = None
    if getattr(person, "is_authenticated", False):
        mine = db.session.execute(
            sa.select(Registration).where(
                Registration.event_id == event.id, Registration.person_id == person.id
            )
        ).scalar_one_or_none()
    context: dict[str, Any] = {
        "event": event,
        "locale": current_locale(),
        "is_manager": manager,
        "my_registration": mine if mine is not None and mine.is_active else None,
        "counts": queries.registration_counts(event.id),
        "action_form": ActionForm(),
        "now": utcnow(),
        "stop_rows": [],
        "total_km": 0.0,
        "visit": None,
        "delegation": [],
        "can_report": False,
        "class_hours": 0.0,
    }
    if event.kind == EventKind.RALLY:
        context["stop_rows"], context["total_km"] = stop_rows(event)
    if event.kind == EventKind.TRAINING:
        context["class_hours"] = sessions_core.hours(
            sessions_core.Slot(s.start_at, s.end_at) for s in event.sessions
        )
    if event.kind == EventKind.STUDY_VISIT:
        context["visit"] = visit_for(event)
        context["can_report"] = can_file_report(person, event)
        if manager or context["can_report"]:
            context["delegation"] = [
                r for r in queries.registrations_for(event) if r.status == RS.CONFIRMED.value
            ]
    context["register_form"] = register_form(event, list(event.stops))
    return context
