"""Study visits: request → accept / propose another date / decline → scheduled event →
learning report (completed). Never commit."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TypedDict

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from scheduler_app.accounts.models import Person
from scheduler_app.core import events_time
from scheduler_app.events import signals
from scheduler_app.events.models import Event, EventKind, EventStatus
from scheduler_app.events.operations import EventError
from scheduler_app.events.study_visits.models import StudyVisitRequest, VisitStatus
from scheduler_app.extensions import db
from scheduler_app.forms import check_date_window


class VisitRequestValues(TypedDict):
    """What ``request_visit`` takes (``VisitRequestForm.values()`` builds it)."""

    visiting_member_id: int
    host_member_id: int
    proposed_start: date
    proposed_end: date
    delegation_size: int
    purpose: str
    link_kinds: list[str]


OPEN_STATES = (VisitStatus.REQUESTED.value, VisitStatus.COUNTER_PROPOSED.value)


def _tell(visit: StudyVisitRequest, member_id: int) -> None:
    """Tell the people who answer for ``member_id`` that the visit moved a step."""
    db.session.flush()
    signals.visit_step.send(visit, tell_member_id=member_id)


def request_visit(
    values: VisitRequestValues, requested_by: Person, now: datetime
) -> StudyVisitRequest:
    """A visiting member asks a host member for a study visit."""
    check_date_window({k: values[k] for k in ("proposed_start", "proposed_end")}, EventError)
    visit = StudyVisitRequest(
        visiting_member_id=values["visiting_member_id"],
        host_member_id=values["host_member_id"],
        requested_by_id=requested_by.id,
        proposed_start=values["proposed_start"],
        proposed_end=values["proposed_end"],
        delegation_size=values["delegation_size"],
        purpose=values["purpose"],
        link_kinds=",".join(values["link_kinds"]),
        status=VisitStatus.REQUESTED.value,
        created_at=now,
        updated_at=now,
    )
    db.session.add(visit)
    db.session.flush()
    _tell(visit, visit.host_member_id)
    return visit


def _require_open(visit: StudyVisitRequest, *states: str) -> None:
    if visit.status not in (states or OPEN_STATES):
        raise EventError(_l("This request has already been answered."))


def _schedule(
    visit: StudyVisitRequest,
    first: date,
    last: date,
    start: time,
    end: time,
    organiser: Person | None,
    now: datetime,
) -> Event:
    check_date_window({"start_date": first, "end_date": last}, EventError)
    zone_name = events_time.DEFAULT_ZONE_NAME
    times = events_time.timed(first, start, last, end, zone_name)
    visitors, host = visit.visiting_member, visit.host_member
    event = Event(
        kind=EventKind.STUDY_VISIT.value,
        title_th=f"ศึกษาดูงาน: {visitors.name_th} เยือน {host.name_th}"[:200],
        title_en=(
            f"Study visit: {visitors.name_en or visitors.name_th} visits "
            f"{host.name_en or host.name_th}"
        )[:200],
        description=visit.purpose,
        start_at=times.start_at,
        end_at=times.end_at,
        timezone=zone_name,
        host_member_id=host.id,
        visiting_member_id=visitors.id,
        organiser_id=organiser.id if organiser else None,
        capacity=visit.delegation_size,
        status=EventStatus.PUBLISHED.value,
        published_at=now,
        participation_level="involve",
        created_at=now,
        updated_at=now,
        sequence=1,
        confirmed_count=0,
        waitlist_counter=0,
    )
    db.session.add(event)
    db.session.flush()
    visit.event_id = event.id
    visit.proposed_start, visit.proposed_end = first, last
    visit.status = VisitStatus.SCHEDULED.value
    visit.updated_at = now
    return event


def accept_visit(
    visit: StudyVisitRequest,
    first: date,
    last: date,
    start: time,
    end: time,
    note: str,
    host_person: Person,
    now: datetime,
) -> Event:
    """The host accepts with a date: the visit becomes a scheduled, published event."""
    _require_open(visit, VisitStatus.REQUESTED.value)
    visit.host_note = note.strip()
    event = _schedule(visit, first, last, start, end, host_person, now)
    _tell(visit, visit.visiting_member_id)
    return event


def propose_other_date(
    visit: StudyVisitRequest,
    first: date,
    last: date,
    note: str,
    now: datetime,
    start: time | None = None,
    end: time | None = None,
) -> None:
    """The host suggests other dates (and the day's times, which the visitors' answer
    starts from); the visitors accept them or not."""
    _require_open(visit, VisitStatus.REQUESTED.value)
    check_date_window({"start_date": first, "end_date": last}, EventError)
    visit.status = VisitStatus.COUNTER_PROPOSED.value
    visit.proposed_start, visit.proposed_end = first, last
    visit.proposed_start_time, visit.proposed_end_time = start, end
    visit.host_note = note.strip()
    visit.updated_at = now
    _tell(visit, visit.visiting_member_id)


def accept_counter_proposal(
    visit: StudyVisitRequest, start: time, end: time, person: Person, now: datetime
) -> Event:
    """The visitors agree to the host's dates."""
    _require_open(visit, VisitStatus.COUNTER_PROPOSED.value)
    event = _schedule(visit, visit.proposed_start, visit.proposed_end, start, end, person, now)
    _tell(visit, visit.host_member_id)
    return event


def decline_visit(visit: StudyVisitRequest, reason: str, now: datetime) -> None:
    _require_open(visit)
    visit.status = VisitStatus.DECLINED.value
    visit.decline_reason = reason.strip()
    visit.updated_at = now
    _tell(visit, visit.visiting_member_id)


def complete_visit(event: Event, now: datetime) -> None:
    """Mark the study-visit request behind ``event`` completed (first report filed)."""
    visit = db.session.execute(
        sa.select(StudyVisitRequest).where(StudyVisitRequest.event_id == event.id)
    ).scalar_one_or_none()
    if visit is not None and visit.status == VisitStatus.SCHEDULED.value:
        visit.status = VisitStatus.COMPLETED.value
        visit.updated_at = now
        _tell(visit, visit.host_member_id)
