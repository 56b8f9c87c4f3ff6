"""The series page as a timeline: past hosts, the confirmed next host, the proposals and
the rest of the plan, each with its reasons; the pool with its numbers. Reads only."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from scheduler_app.core import rotation as engine
from scheduler_app.directory.models import Member
from scheduler_app.extensions import db
from scheduler_app.rotation.models import AssignmentStatus, RotationAssignment, RotationSeries
from scheduler_app.rotation.planning import Inputs, compute_plan, gather
from scheduler_app.rotation.reasons import describe, describe_factors
from scheduler_app.rotation.services import PoolRow, assignments


@dataclass
class TermRow:
    """One line of the timeline."""

    year: int
    term: int
    stage: str  # past | next | proposed | planned
    host_id: int | None
    reason: str = ""
    day: date | None = None
    is_date_shifted: bool = False
    source: str = ""
    assignment: RotationAssignment | None = None
    declines: list[tuple[int, str]] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)
    asked_at: datetime | None = None
    pending_swap: RotationAssignment | None = None


@dataclass
class PoolLine:
    row: PoolRow
    times: int
    last: tuple[int, int] | None
    has_room: bool


@dataclass
class Timeline:
    rows: list[TermRow]
    pool: list[PoolLine]
    names: dict[int, Member]
    expected_attendance: int | None
    inputs: Inputs


def members_by_id(ids: set[int], known: Sequence[PoolRow]) -> dict[int, Member]:
    """Members for the page's names: the pool's, plus any others in one query."""
    found = {r.member.id: r.member for r in known}
    missing = sorted(ids - set(found))
    if missing:
        stmt = sa.select(Member).where(Member.id.in_(missing))
        found.update({m.id: m for m in db.session.execute(stmt).scalars()})
    return found


def _past_rows(inputs: Inputs) -> list[TermRow]:
    rows = []
    for record in sorted(inputs.ledger, key=lambda r: (r.year, r.term)):
        if record.status != engine.CONFIRMED:
            continue
        source = inputs.sources.get((record.year, record.term), "confirmed")
        rows.append(TermRow(record.year, record.term, "past", record.host_id, source=source))
    return rows


def _plan_rows(
    plan: Sequence[engine.Assignment], history: Sequence[RotationAssignment]
) -> list[TermRow]:
    live = {(a.year, a.term): a for a in history if a.is_live}
    declines: dict[tuple[int, int], list[tuple[int, str]]] = defaultdict(list)
    for a in history:
        if a.status == AssignmentStatus.DECLINED:
            declines[(a.year, a.term)].append((a.member_id, a.decline_reason))
    pending = {a.swap_with_id: a for a in history if a.swap_with_id and a.is_live}
    rows = []
    seen_next = False
    for item in plan:
        stored = live.get((item.year, item.term))
        row = TermRow(item.year, item.term, "planned", item.host_id, day=item.event_date)
        row.is_date_shifted = item.is_date_shifted
        row.reason = describe_factors(item.factors)
        if stored is not None:
            row.assignment = stored
            row.host_id = stored.member_id
            row.day = stored.planned_date or item.event_date
            row.reason = describe(stored.reason_code, stored.reason_params)
            row.asked = list(stored.asked_recipients or [])
            row.asked_at = stored.asked_at
            row.pending_swap = pending.get(stored.id)
            if stored.status == AssignmentStatus.CONFIRMED:
                row.stage = "confirmed" if seen_next else "next"
                seen_next = True
            else:
                row.stage = "proposed"
        elif item.reason == engine.CONFIRMED_HOST:
            row.stage = "confirmed" if seen_next else "next"
            seen_next = True
        row.declines = declines.get((item.year, item.term), [])
        rows.append(row)
    return rows


def _awaiting_rows(
    inputs: Inputs, history: Sequence[RotationAssignment], tpy: int
) -> list[TermRow]:
    """Proposals for terms now inside the lead time, still waiting for an answer."""
    first = engine.term_index(*inputs.window[0], tpy)
    rows = []
    for a in history:
        if a.status == AssignmentStatus.PROPOSED and engine.term_index(a.year, a.term, tpy) < first:
            row = TermRow(a.year, a.term, "proposed", a.member_id, day=a.planned_date)
            row.assignment = a
            row.reason = describe(a.reason_code, a.reason_params)
            row.asked, row.asked_at = list(a.asked_recipients or []), a.asked_at
            rows.append(row)
    return rows


def build(series: RotationSeries, today: date) -> Timeline:
    """Everything the series page shows, in a constant number of queries."""
    inputs = gather(series, today)
    plan = compute_plan(series, today, inputs=inputs)
    history = assignments(series)
    rows = _past_rows(inputs) + _awaiting_rows(inputs, history, series.terms_per_year)
    rows += _plan_rows(plan, history)
    counts = engine.fairness_ledger(
        [engine.PoolMember(r.member.id) for r in inputs.rows],
        [r for r in inputs.ledger if r.status == engine.CONFIRMED],
        series.terms_per_year,
    )
    expected = inputs.expected_attendance
    pool = [
        PoolLine(
            r,
            counts[r.member.id][0],
            counts[r.member.id][1],
            engine.has_room(
                engine.PoolMember(
                    r.member.id, venue_capacity=r.venue_capacity, is_room_waived=r.is_room_waived
                ),
                expected,
            ),
        )
        for r in inputs.rows
    ]
    ids: set[int] = {r.host_id for r in rows if r.host_id is not None}
    ids |= {m for r in rows for m, _why in r.declines}
    ids |= {r.pending_swap.member_id for r in rows if r.pending_swap is not None}
    return Timeline(rows, pool, members_by_id(ids, inputs.rows), expected, inputs)


def log_names(entries: Sequence[Any], known: dict[int, Member]) -> dict[int, Member]:
    ids = {e.member_id for e in entries if e.member_id} | {
        e.other_member_id for e in entries if e.other_member_id
    }
    return members_by_id(ids, []) | known if ids - set(known) else known
