"""Rotation series: pool, blackouts and planning. Verbs change state; nothing commits.

The engine (``scheduler_app.core.rotation``) does the choosing; this module turns rows
into its plain inputs and its plan back into ``proposed`` rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from scheduler_app.accounts.models import Person
from scheduler_app.core import rotation as engine
from scheduler_app.directory.models import Member
from scheduler_app.directory.services import subtree_members
from scheduler_app.extensions import db
from scheduler_app.forms import FieldError
from scheduler_app.rotation.models import (
    AssignmentStatus,
    RotationAssignment,
    RotationBlackout,
    RotationLogEntry,
    RotationPoolEntry,
    RotationSeries,
)

BANGKOK = ZoneInfo("Asia/Bangkok")
FOUNDING_SLACK = timedelta(days=1)
SERIES_FIELDS = (
    "name_th",
    "name_en",
    "network_id",
    "terms_per_year",
    "preferred_months",
    "horizon_terms",
)


class RotationError(FieldError):
    """A rotation step that cannot be taken."""


@dataclass(frozen=True)
class PoolRow:
    """One member of a series' pool as the pages show it."""

    member: Member
    weight: int
    is_unable_to_host: bool
    joined_term: tuple[int, int] | None


def local_today(now: datetime) -> date:
    return now.astimezone(BANGKOK).date()


def log(
    series: RotationSeries, actor: Person | None, action: str, reason: str, now: datetime
) -> None:
    db.session.add(
        RotationLogEntry(
            series_id=series.id,
            actor_id=actor.id if actor else None,
            action=action,
            reason=reason,
            created_at=now,
        )
    )


def create_series(
    values: Mapping[str, Any], member_ids: Sequence[int], actor: Person | None, now: datetime
) -> RotationSeries:
    """A new series with its explicit pool."""
    series = RotationSeries(
        created_by_id=actor.id if actor else None, created_at=now, updated_at=now
    )
    for name in SERIES_FIELDS:
        if name in values:
            setattr(series, name, values[name])
    db.session.add(series)
    db.session.flush()
    set_pool(series, member_ids, now)
    return series


def update_series(
    series: RotationSeries, values: Mapping[str, Any], member_ids: Sequence[int], now: datetime
) -> None:
    for name in SERIES_FIELDS:
        if name in values:
            setattr(series, name, values[name])
    series.updated_at = now
    set_pool(series, member_ids, now)


def set_pool(series: RotationSeries, member_ids: Sequence[int], now: datetime) -> None:
    """Make the explicit pool exactly ``member_ids``; members staying keep their settings."""
    wanted = set(member_ids)
    for entry in list(series.entries):
        if entry.member_id not in wanted:
            series.entries.remove(entry)
    have = {e.member_id for e in series.entries}
    for member_id in sorted(wanted - have):
        series.entries.append(RotationPoolEntry(member_id=member_id, joined_at=now))
    db.session.flush()


def set_entry(
    series: RotationSeries, member_id: int, weight: int, is_unable: bool, now: datetime
) -> None:
    """Weight and "unable to host" for one pool member (adds an entry for network pools)."""
    entry = next((e for e in series.entries if e.member_id == member_id), None)
    if entry is None:
        if member_id not in {row.member.id for row in pool_rows(series)}:
            raise RotationError("not in pool")
        joined = db.session.get(Member, member_id)
        entry = RotationPoolEntry(
            member_id=member_id, joined_at=joined.created_at if joined else now
        )
        series.entries.append(entry)
    entry.weight = weight
    entry.is_unable_to_host = is_unable
    db.session.flush()


def add_blackout(series: RotationSeries, name: str, start: date, end: date) -> RotationBlackout:
    blackout = RotationBlackout(name=name, start_date=start, end_date=end)
    series.blackouts.append(blackout)
    db.session.flush()
    return blackout


def remove_blackout(series: RotationSeries, blackout: RotationBlackout) -> None:
    series.blackouts.remove(blackout)
    db.session.flush()


def _joined_term(series: RotationSeries, joined_at: datetime | None) -> tuple[int, int] | None:
    """The term a member entered the pool, or None for founding members."""
    if joined_at is None or joined_at <= series.created_at + FOUNDING_SLACK:
        return None
    months = [series.month_of_term(t) for t in range(1, series.terms_per_year + 1)]
    return engine.term_for_date(local_today(joined_at), months)


def pool_rows(series: RotationSeries) -> list[PoolRow]:
    """Everyone in the pool (explicit entries and the network's sub-members), by name."""
    entries = {e.member_id: e for e in series.entries}
    members = {e.member_id: e.member for e in series.entries}
    if series.network_id is not None:
        for member in subtree_members(series.network_id):
            members.setdefault(member.id, member)
    rows = []
    for member_id, member in members.items():
        entry = entries.get(member_id)
        joined_at = entry.joined_at if entry else member.created_at
        rows.append(
            PoolRow(
                member=member,
                weight=entry.weight if entry else 1,
                is_unable_to_host=entry.is_unable_to_host if entry else False,
                joined_term=_joined_term(series, joined_at),
            )
        )
    return sorted(rows, key=lambda r: (r.member.name_th, r.member.id))


def engine_pool(series: RotationSeries, rows: Sequence[PoolRow]) -> list[engine.PoolMember]:
    tpy = series.terms_per_year
    return [
        engine.PoolMember(
            id=row.member.id,
            name=row.member.name_th,
            weight=row.weight,
            is_unable_to_host=row.is_unable_to_host,
            joined_term_index=engine.term_index(*row.joined_term, tpy) if row.joined_term else None,
            is_active=row.member.is_active,
        )
        for row in rows
    ]


def upcoming_terms(
    series: RotationSeries, today: date, count: int | None = None
) -> list[tuple[int, int]]:
    """The current term (the first whose preferred month has not passed) and those after."""
    months = [series.month_of_term(t) for t in range(1, series.terms_per_year + 1)]
    year, term = engine.term_for_date(today, months)
    first = engine.term_index(year, term, series.terms_per_year)
    n = count or series.horizon_terms
    return [engine.term_of_index(first + k, series.terms_per_year) for k in range(n)]


def assignments(series: RotationSeries) -> list[RotationAssignment]:
    """Every assignment of the series, oldest term first."""
    stmt = (
        sa.select(RotationAssignment)
        .where(RotationAssignment.series_id == series.id)
        .order_by(RotationAssignment.year, RotationAssignment.term, RotationAssignment.id)
    )
    return list(db.session.execute(stmt).scalars())


def compute_plan(
    series: RotationSeries,
    today: date,
    count: int | None = None,
    rows: Sequence[PoolRow] | None = None,
) -> list[engine.Assignment]:
    """The engine's plan for the next terms; confirmed terms stay, declines are honoured."""
    tpy = series.terms_per_year
    window = upcoming_terms(series, today, count)
    first = engine.term_index(*window[0], tpy)
    ledger: list[engine.HostingRecord] = []
    fixed: dict[tuple[int, int], int] = {}
    declined: dict[tuple[int, int], set[int]] = defaultdict(set)
    for row in assignments(series):
        if row.status not in (AssignmentStatus.CONFIRMED, AssignmentStatus.DECLINED):
            continue
        if engine.term_index(row.year, row.term, tpy) < first:
            ledger.append(engine.HostingRecord(row.year, row.term, row.member_id, row.status))
        elif row.status == AssignmentStatus.CONFIRMED:
            fixed[(row.year, row.term)] = row.member_id
        else:
            declined[(row.year, row.term)].add(row.member_id)
    slots = [
        engine.TermToPlan(
            y, t, series.month_of_term(t), frozenset(declined[(y, t)]), fixed.get((y, t))
        )
        for y, t in window
    ]
    blackouts = [engine.Blackout(b.start_date, b.end_date, b.name) for b in series.blackouts]
    pool = engine_pool(series, rows if rows is not None else pool_rows(series))
    return engine.plan_rotation(
        pool, ledger, slots, today=today, terms_per_year=tpy, blackouts=blackouts
    )


def live_assignment(series_id: int, year: int, term: int) -> RotationAssignment | None:
    stmt = sa.select(RotationAssignment).where(
        RotationAssignment.series_id == series_id,
        RotationAssignment.year == year,
        RotationAssignment.term == term,
        RotationAssignment.status.in_([AssignmentStatus.PROPOSED, AssignmentStatus.CONFIRMED]),
    )
    return db.session.execute(stmt).scalars().first()


def apply_plan(series: RotationSeries, now: datetime) -> list[RotationAssignment]:
    """Write the plan as ``proposed`` rows; returns the rows whose host is new (to notify).

    Confirmed terms are kept; a confirmed future term whose host left the pool or can no
    longer host is flagged ``needs_reassignment``.
    """
    rows = pool_rows(series)
    plan = compute_plan(series, local_today(now), rows=rows)
    live = {(a.year, a.term): a for a in assignments(series) if a.is_live}
    changed = []
    for item in plan:
        row = live.get((item.year, item.term))
        if row is not None and row.status == AssignmentStatus.CONFIRMED:
            continue
        if item.host_id is None:
            if row is not None:
                db.session.delete(row)
            continue
        if row is None:
            row = RotationAssignment(
                series_id=series.id,
                year=item.year,
                term=item.term,
                member_id=item.host_id,
                created_at=now,
            )
            db.session.add(row)
            changed.append(row)
        elif row.member_id != item.host_id:
            row.member_id = item.host_id
            row.swap_with_id = None
            changed.append(row)
        row.status = AssignmentStatus.PROPOSED.value
        row.reason_code = item.reason
        row.reason_params = dict(item.params)
        row.planned_date = item.event_date
    flag_departed_hosts(series, rows, live.values())
    db.session.flush()
    from scheduler_app.rotation import notifications

    for row in changed:
        notifications.proposed(row)
    return changed


def flag_departed_hosts(
    series: RotationSeries, rows: Sequence[PoolRow], live: Any
) -> list[RotationAssignment]:
    """Mark confirmed terms whose host left the pool or cannot host for reassignment."""
    able = {r.member.id for r in rows if r.member.is_active and not r.is_unable_to_host}
    flagged = []
    for row in live:
        if row.status == AssignmentStatus.CONFIRMED:
            row.needs_reassignment = row.member_id not in able
            if row.needs_reassignment:
                flagged.append(row)
    return flagged
