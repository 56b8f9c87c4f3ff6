"""A member's study visits, shown on its directory page (the directory asks through its
``member_page`` signal and never imports events)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from scheduler_app.directory.signals import PageSection, member_page
from scheduler_app.events.labels import VISIT_STATUS_LABELS
from scheduler_app.events.study_visits.models import StudyVisitRequest
from scheduler_app.extensions import db


def visits_for_member(member_id: int) -> dict[str, list[StudyVisitRequest]]:
    """Study visits a member made and received (for the directory's member page).

    Returns ``{"made": [...], "received": [...]}``, newest first, declined ones left out.
    """
    stmt = (
        sa.select(StudyVisitRequest)
        .where(
            sa.or_(
                StudyVisitRequest.visiting_member_id == member_id,
                StudyVisitRequest.host_member_id == member_id,
            ),
            StudyVisitRequest.status != "declined",
        )
        .options(
            selectinload(StudyVisitRequest.visiting_member),
            selectinload(StudyVisitRequest.host_member),
            selectinload(StudyVisitRequest.event),
        )
        .order_by(StudyVisitRequest.proposed_start.desc(), StudyVisitRequest.id.desc())
    )
    visits = list(db.session.execute(stmt).scalars())
    return {
        "made": [v for v in visits if v.visiting_member_id == member_id],
        "received": [v for v in visits if v.host_member_id == member_id],
    }


@member_page.connect
def visits_section(member: Any) -> PageSection:
    """The "study visits" section of a member's page."""
    return PageSection(
        "events/study_visits/_member_visits.html",
        order=50,
        values={"visits": visits_for_member(member.id), "labels": VISIT_STATUS_LABELS},
    )
