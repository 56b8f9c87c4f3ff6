"""Read what happened out of the database as plain tie evidence for ``core.network``.

* a published study visit that has ended: visitor → host (directed);
* a rally's stop hosts and the rally's host: co-hosts, pairwise;
* members whose people had a confirmed place at the same exchange, rally or class:
  pairwise among them and with the host (a very large event ties its participants to
  the host only, beyond ``PAIRWISE_MAX`` member organisations — a crowd of hundreds
  does not make everyone know everyone);
* survey answers (``ConfirmedTie``): confirmed.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from itertools import combinations

import sqlalchemy as sa

from scheduler_app.accounts.models import Person
from scheduler_app.core.network import Evidence, TieEvidence
from scheduler_app.events.models import (
    Event,
    EventKind,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from scheduler_app.events.rally.models import RallyStop
from scheduler_app.extensions import db
from scheduler_app.followups.models import ConfirmedTie

PAIRWISE_MAX = 40
SHARED_KINDS = (EventKind.EXCHANGE.value, EventKind.RALLY.value, EventKind.TRAINING.value)


def _held(now: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(Event.status == EventStatus.PUBLISHED.value, Event.end_at <= now)


def visit_evidence(now: datetime) -> list[TieEvidence]:
    rows = db.session.execute(
        sa.select(Event.visiting_member_id, Event.host_member_id, Event.end_at).where(
            _held(now),
            Event.kind == EventKind.STUDY_VISIT.value,
            Event.visiting_member_id.is_not(None),
        )
    )
    return [
        TieEvidence(visitor, host, end_at, Evidence.VISIT, EventKind.STUDY_VISIT.value)
        for visitor, host, end_at in rows
        if visitor is not None
    ]


def cohost_evidence(now: datetime) -> list[TieEvidence]:
    rows = db.session.execute(
        sa.select(
            Event.id, Event.host_member_id, RallyStop.host_member_id, Event.end_at, Event.kind
        )
        .join(RallyStop, RallyStop.event_id == Event.id)
        .where(_held(now), RallyStop.host_member_id.is_not(None))
    )
    hosts: dict[int, set[int]] = defaultdict(set)
    when: dict[int, tuple[datetime, str]] = {}
    for event_id, event_host, stop_host, end_at, kind in rows:
        hosts[event_id].update((event_host, stop_host))
        when[event_id] = (end_at, kind)
    found = []
    for event_id, members in hosts.items():
        end_at, kind = when[event_id]
        for a, b in combinations(sorted(members), 2):
            found.append(TieEvidence(a, b, end_at, Evidence.COHOST, kind))
    return found


def shared_evidence(now: datetime) -> list[TieEvidence]:
    rows = db.session.execute(
        sa.select(Event.id, Event.host_member_id, Event.end_at, Event.kind, Person.member_id)
        .distinct()
        .join(Registration, Registration.event_id == Event.id)
        .join(Person, Person.id == Registration.person_id)
        .where(
            _held(now),
            Event.kind.in_(SHARED_KINDS),
            Registration.status == RegistrationStatus.CONFIRMED.value,
            Person.member_id.is_not(None),
        )
    )
    members: dict[int, set[int]] = defaultdict(set)
    meta: dict[int, tuple[int, datetime, str]] = {}
    for event_id, host, end_at, kind, member_id in rows:
        members[event_id].add(member_id)
        meta[event_id] = (host, end_at, kind)
    found = []
    for event_id, present in members.items():
        host, end_at, kind = meta[event_id]
        pairs = (
            combinations(sorted(present | {host}), 2)
            if len(present) <= PAIRWISE_MAX
            else ((host, m) for m in sorted(present))
        )
        found.extend(TieEvidence(a, b, end_at, Evidence.SHARED, kind) for a, b in pairs)
    return found


def confirmed_evidence(now: datetime) -> list[TieEvidence]:
    rows = db.session.execute(
        sa.select(
            ConfirmedTie.from_member_id, ConfirmedTie.to_member_id, ConfirmedTie.created_at
        ).where(ConfirmedTie.from_member_id.is_not(None), ConfirmedTie.created_at <= now)
    )
    return [TieEvidence(a, b, at, Evidence.CONFIRMED) for a, b, at in rows if a is not None]


def all_evidence(now: datetime) -> list[TieEvidence]:
    """Every piece of tie evidence up to ``now``."""
    return (
        visit_evidence(now) + cohost_evidence(now) + shared_evidence(now) + confirmed_evidence(now)
    )
