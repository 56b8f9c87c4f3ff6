"""Rotation series: pool, blackouts, past hosts, holidays and the log. Verbs; no commits.

Planning (the engine's inputs and the proposals it writes) lives in ``planning.py``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypedDict, Unpack
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from scheduler_app.accounts.models import Person
from scheduler_app.core import rotation as engine
from scheduler_app.directory.models import Member
from scheduler_app.directory.services import subtree_members
from scheduler_app.extensions import db
from scheduler_app.forms import FieldError
from scheduler_app.rotation.models import (
    RotationAssignment,
    RotationBlackout,
    RotationLogEntry,
    RotationPastHost,
    RotationPoolEntry,
    RotationSeries,
)
from scheduler_app.venues.models import Venue

BANGKOK = ZoneInfo("Asia/Bangkok")
FOUNDING_SLACK = timedelta(days=1)
SERIES_FIELDS = (
    "name_th",
    "name_en",
    "network_id",
    "terms_per_year",
    "preferred_months",
    "horizon_terms",
    "lead_weeks",
)


class RotationError(FieldError):
    """A rotation step that cannot be taken."""


@dataclass(frozen=True)
class PoolRow:
    """One member of a series' pool as the pages and the engine see it."""

    member: Member
    weight: int
    is_unable_to_host: bool
    joined_term: tuple[int, int] | None
    is_room_waived: bool = False
    not_before: tuple[int, int] | None = None
    not_before_reason: str = ""
    venue_capacity: int | None = None


def local_today(now: datetime) -> date:
    return now.astimezone(BANGKOK).date()


class LogAbout(TypedDict, total=False):
    """What a line of a series' log may name besides who did what when (none by default)."""

    reason: str
    year: int | None
    term: int | None
    member_id: int | None
    other_member_id: int | None


def log(
    series: RotationSeries,
    actor: Person | None,
    action: str,
    now: datetime,
    *,
    details: Mapping[str, Any] | None = None,
    **about: Unpack[LogAbout],
) -> None:
    """Write one line of the series' action log: who, when, what and why."""
    db.session.add(
        RotationLogEntry(
            series_id=series.id,
            actor_id=actor.id if actor is not None and actor.is_authenticated else None,
            action=action,
            details=dict(details or {}),
            created_at=now,
            **about,
        )
    )


def series_log(series: RotationSeries, limit: int = 100) -> list[RotationLogEntry]:
    stmt = (
        sa.select(RotationLogEntry)
        .options(selectinload(RotationLogEntry.actor))
        .where(RotationLogEntry.series_id == series.id)
        .order_by(RotationLogEntry.created_at.desc(), RotationLogEntry.id.desc())
        .limit(limit)
    )
    return list(db.session.execute(stmt).scalars())


def create_series(
    values: Mapping[str, Any], member_ids: Sequence[int], actor: Person | None, now: datetime
) -> RotationSeries:
    """A new series with its explicit pool."""
    series = RotationSeries(
        created_by_id=actor.id if actor is not None and actor.is_authenticated else None,
        created_at=now,
        updated_at=now,
    )
    for name in SERIES_FIELDS:
        if name in values:
            setattr(series, name, values[name])
    db.session.add(series)
    db.session.flush()
    set_pool(series, member_ids, now)
    log(series, actor, "created", now)
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


def pool_entry(series: RotationSeries, member_id: int, now: datetime) -> RotationPoolEntry:
    """The member's pool entry (made for members who are in the pool through the network)."""
    entry = next((e for e in series.entries if e.member_id == member_id), None)
    if entry is not None:
        return entry
    if member_id not in {row.member.id for row in pool_rows(series)}:
        raise RotationError(_l("This member is not in the pool."))
    joined = db.session.get(Member, member_id)
    entry = RotationPoolEntry(member_id=member_id, joined_at=joined.created_at if joined else now)
    series.entries.append(entry)
    return entry


def set_entry(
    series: RotationSeries,
    member_id: int,
    values: Mapping[str, Any],
    now: datetime,
) -> RotationPoolEntry:
    """Weight, "unable to host", room waiver and "not before" for one pool member."""
    entry = pool_entry(series, member_id, now)
    for name in ("weight", "is_unable_to_host", "is_room_waived"):
        if name in values:
            setattr(entry, name, values[name])
    if "not_before" in values:
        not_before = values["not_before"]
        entry.not_before_year, entry.not_before_term = not_before or (None, None)
        entry.not_before_reason = values.get("not_before_reason", "") if not_before else ""
    db.session.flush()
    return entry


def add_blackout(series: RotationSeries, name: str, start: date, end: date) -> RotationBlackout:
    if end < start:
        raise RotationError(_l("The last day cannot be before the first day."), field="end_date")
    blackout = RotationBlackout(name=name, start_date=start, end_date=end)
    series.blackouts.append(blackout)
    db.session.flush()
    return blackout


def remove_blackout(series: RotationSeries, blackout: RotationBlackout) -> None:
    series.blackouts.remove(blackout)
    db.session.flush()


def add_past_host(
    series: RotationSeries,
    year: int,
    term: int,
    member_id: int,
    note: str,
    actor: Person | None,
    now: datetime,
) -> RotationPastHost:
    """Record a host the network had before the series was kept here."""
    if not 1 <= term <= series.terms_per_year:
        raise RotationError(_l("This series has no such term."), field="term")
    month = series.month_of_term(term)
    if date(year, month, 1) > local_today(now):
        raise RotationError(_l("A past host cannot be in the future."), field="year")
    taken = db.session.execute(
        sa.select(RotationPastHost.id).where(
            RotationPastHost.series_id == series.id,
            RotationPastHost.year == year,
            RotationPastHost.term == term,
        )
    ).first()
    if taken is not None:
        raise RotationError(_l("This term already has a past host."), field="term")
    row = RotationPastHost(
        series_id=series.id,
        year=year,
        term=term,
        member_id=member_id,
        note=note,
        entered_by_id=actor.id if actor is not None and actor.is_authenticated else None,
        created_at=now,
    )
    db.session.add(row)
    log(series, actor, "history_added", now, reason=note, year=year, term=term, member_id=member_id)
    db.session.flush()
    return row


def past_hosts(series: RotationSeries) -> list[RotationPastHost]:
    stmt = (
        sa.select(RotationPastHost)
        .where(RotationPastHost.series_id == series.id)
        .order_by(RotationPastHost.year, RotationPastHost.term)
    )
    return list(db.session.execute(stmt).scalars())


def _joined_term(series: RotationSeries, joined_at: datetime | None) -> tuple[int, int] | None:
    """The term a member entered the pool, or None for founding members."""
    if joined_at is None or joined_at <= series.created_at + FOUNDING_SLACK:
        return None
    return engine.term_for_date(local_today(joined_at), series_months(series))


def series_months(series: RotationSeries) -> list[int]:
    return [series.month_of_term(t) for t in range(1, series.terms_per_year + 1)]


def _venue_capacities(member_ids: Sequence[int]) -> dict[int, int]:
    if not member_ids:
        return {}
    stmt = (
        sa.select(Venue.owner_member_id, sa.func.max(Venue.capacity))
        .where(Venue.owner_member_id.in_(member_ids), Venue.capacity.is_not(None))
        .group_by(Venue.owner_member_id)
    )
    return {int(m): int(c) for m, c in db.session.execute(stmt) if m is not None}


def pool_rows(series: RotationSeries) -> list[PoolRow]:
    """Everyone in the pool (explicit entries and the network's sub-members), by name."""
    stmt = (
        sa.select(RotationPoolEntry)
        .options(selectinload(RotationPoolEntry.member))
        .where(RotationPoolEntry.series_id == series.id)
    )
    loaded = list(db.session.execute(stmt).scalars())
    entries = {e.member_id: e for e in loaded}
    members = {e.member_id: e.member for e in loaded}
    if series.network_id is not None:
        for member in subtree_members(series.network_id):
            members.setdefault(member.id, member)
    capacities = _venue_capacities(list(members))
    rows = []
    for member_id, member in members.items():
        entry = entries.get(member_id)
        not_before = None
        if entry is not None and entry.not_before_year and entry.not_before_term:
            not_before = (entry.not_before_year, entry.not_before_term)
        rows.append(
            PoolRow(
                member=member,
                weight=entry.weight if entry else 1,
                is_unable_to_host=entry.is_unable_to_host if entry else False,
                joined_term=_joined_term(series, entry.joined_at if entry else member.created_at),
                is_room_waived=entry.is_room_waived if entry else False,
                not_before=not_before,
                not_before_reason=entry.not_before_reason if entry else "",
                venue_capacity=capacities.get(member_id),
            )
        )
    return sorted(rows, key=lambda r: (r.member.name_th, r.member.id))


def assignments(series: RotationSeries) -> list[RotationAssignment]:
    """Every assignment of the series, oldest term first."""
    stmt = (
        sa.select(RotationAssignment)
        .where(RotationAssignment.series_id == series.id)
        .order_by(RotationAssignment.year, RotationAssignment.term, RotationAssignment.id)
    )
    return list(db.session.execute(stmt).scalars())


def live_assignment(series_id: int, year: int, term: int) -> RotationAssignment | None:
    stmt = sa.select(RotationAssignment).where(
        RotationAssignment.series_id == series_id,
        RotationAssignment.year == year,
        RotationAssignment.term == term,
        RotationAssignment.status.in_(["proposed", "confirmed"]),
    )
    return db.session.execute(stmt).scalars().first()


def apply_plan(
    series: RotationSeries, now: datetime, actor: Person | None = None
) -> list[RotationAssignment]:
    """``planning.apply_plan`` (kept here for callers that plan from the services)."""
    from scheduler_app.rotation.planning import apply_plan as plan_and_ask

    return plan_and_ask(series, now, actor)
