"""Which events a feed carries, read in a constant number of queries as plain values.

A feed is an SQL condition on ``event`` (:func:`all_events`, :func:`kind_events`,
:func:`member_events`, :func:`person_events`, :func:`single_event`); :func:`load_feed`
reads those events with their venue and host (one query), then their rally stops,
training sessions and programme items (one query each, filtered by the same condition
as a subquery, so no parameter list grows with the feed), and a person's registrations.
The queries themselves are in ``feeds.reading``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from scheduler_app.core.ical import cancelled_cutoff
from scheduler_app.directory.models import Member
from scheduler_app.directory.publication import published_addresses
from scheduler_app.events.models import Event, EventStatus, Registration, RegistrationStatus
from scheduler_app.events.rally.models import RallyStop
from scheduler_app.feeds import reading
from scheduler_app.feeds.rows import EventRow, FeedData

Condition = sa.ColumnElement[bool]


# --- which events -------------------------------------------------------------------


def listed(now: datetime) -> Condition:
    """Published events, and events cancelled within the last 30 days; never drafts."""
    return sa.or_(
        Event.status == EventStatus.PUBLISHED.value,
        sa.and_(
            Event.status == EventStatus.CANCELLED.value,
            sa.or_(Event.cancelled_at.is_(None), Event.cancelled_at >= cancelled_cutoff(now)),
        ),
    )


def all_events(now: datetime) -> Condition:
    return listed(now)


def kind_events(kind: str, now: datetime) -> Condition:
    return sa.and_(listed(now), Event.kind == kind)


def member_subtree(member_id: int) -> sa.Select[tuple[int]]:
    """The member and every member below it (one recursive CTE; UNION stops on cycles)."""
    tree = sa.select(Member.id).where(Member.id == member_id).cte("member_tree", recursive=True)
    child = aliased(Member)
    tree = tree.union(sa.select(child.id).join(tree, child.parent_id == tree.c.id))
    return sa.select(tree.c.id)


def member_events(member_id: int, now: datetime) -> Condition:
    """Events the member or its sub-networks host, visit, or host a rally stop of."""
    subtree = member_subtree(member_id)
    stop_hosted = sa.select(RallyStop.event_id).where(RallyStop.host_member_id.in_(subtree))
    return sa.and_(
        listed(now),
        sa.or_(
            Event.host_member_id.in_(subtree),
            Event.visiting_member_id.in_(subtree),
            Event.id.in_(stop_hosted),
        ),
    )


def person_events(person_id: int, member_id: int | None, now: datetime) -> Condition:
    """Events the person registered for (not cancelled), organises, or their member hosts.

    One ``id IN (… UNION …)`` whose parts each read an index (registrations by person,
    events by organiser, events by host), rather than ``id IN (…) OR organiser_id = …``,
    which PostgreSQL can only answer by reading every event; ``load_feed`` repeats the
    condition in each of its queries.
    """
    event = aliased(Event)
    parts: list[sa.Select[Any]] = [
        sa.select(Registration.event_id).where(
            Registration.person_id == person_id,
            Registration.status != RegistrationStatus.CANCELLED.value,
        ),
        sa.select(event.id).where(event.organiser_id == person_id),
    ]
    if member_id is not None:
        parts.append(sa.select(event.id).where(event.host_member_id == member_id))
    return sa.and_(listed(now), Event.id.in_(sa.union(*parts)))


def single_event(event_id: int) -> Condition:
    """One event, however long ago it was cancelled; never a draft."""
    return sa.and_(Event.id == event_id, Event.status != EventStatus.DRAFT.value)


# --- reading ------------------------------------------------------------------------


def _published_hosts(events: list[EventRow]) -> list[EventRow]:
    """Drop host addresses that may not be published (a login address whose owner did
    not choose to appear publicly): the ORGANIZER then names no address at all."""
    addresses = {e.host_email for e in events if e.host_email}
    if not addresses:
        return events
    published = published_addresses(addresses)
    if published == addresses:
        return events
    return [e if e.host_email in published else e._replace(host_email="") for e in events]


def load_feed(condition: Condition, person_id: int | None = None) -> FeedData:
    """The events matching ``condition`` and their parts (at most six queries)."""
    events = _published_hosts(reading.events(condition))
    data = FeedData(events=events)
    if not events:
        return data
    ids = sa.select(Event.id).where(condition).scalar_subquery()
    kinds = {e.kind for e in events}
    if "rally" in kinds:
        for stop in reading.stops(ids):
            data.stops.setdefault(stop.event_id, []).append(stop)
    if "training" in kinds:
        for session in reading.sessions(ids):
            data.sessions.setdefault(session.event_id, []).append(session)
    if "study_visit" in kinds:
        for item in reading.programme(ids):
            data.programme.setdefault(item.event_id, []).append(item)
    if person_id is not None:
        data.participation.update(reading.participation(person_id, ids))
    return data
