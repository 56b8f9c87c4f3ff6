"""The study-visit kind: its section of the event page (programme, the host's visitor
briefing, the delegation, learning reports), where hosts edit its programme, and what a
copy takes along."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from scheduler_app.events import kinds, queries
from scheduler_app.events.models import Event, EventKind
from scheduler_app.events.permissions import can_file_report
from scheduler_app.events.study_visits.models import StudyVisitRequest
from scheduler_app.events.study_visits.programme import copy_programme
from scheduler_app.extensions import db


def visit_for(event: Event) -> StudyVisitRequest | None:
    """The request a scheduled visit came from (None for visits planned by hand)."""
    return db.session.execute(
        sa.select(StudyVisitRequest).where(StudyVisitRequest.event_id == event.id).limit(1)
    ).scalar_one_or_none()


def page_data(event: Event, person: Any, is_manager: bool) -> dict[str, Any]:
    can_report = can_file_report(person, event)
    delegation = queries.confirmed_registrations(event) if is_manager or can_report else []
    return {"visit": visit_for(event), "can_report": can_report, "delegation": delegation}


SPEC = kinds.register(
    kinds.KindSpec(
        EventKind.STUDY_VISIT,
        section="events/study_visits/_section.html",
        page_data=page_data,
        parts_endpoint="events.programme",
        parts_label=_l("Edit programme"),
        copy_parts=copy_programme,
        timed_parts=lambda event: list(event.programme),
        time_fields=("starts_at",),
        count_parts=lambda n: (
            gettext("1 programme item") if n == 1 else gettext("%(n)d programme items", n=n)
        ),
    )
)
