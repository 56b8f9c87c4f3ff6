"""Planning a series: the engine's inputs from the database, and its proposals back.

The ledger is what actually happened: confirmed terms before the planning window, the
series' exchange events that were held (or are booked before the window), and past
hosts a coordinator entered. Confirmed terms and booked exchanges inside the window are
fixed; declines (and members an override displaced) are honoured per term.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from scheduler_app.accounts.models import Person
from scheduler_app.core import rotation as engine
from scheduler_app.core.rotation_dates import term_nearest_date
from scheduler_app.events.models import Event, EventKind, EventStatus
from scheduler_app.extensions import db
from scheduler_app.rotation.models import AssignmentStatus, RotationAssignment, RotationSeries
from scheduler_app.rotation.public_holidays import holidays
from scheduler_app.rotation.services import (
    PoolRow,
    assignments,
    local_today,
    log,
    past_hosts,
    pool_rows,
    series_months,
)
from scheduler_app.rotation.what_if import WhatIf

TERM_LABEL = re.compile(r"^(\d{4})-(\d{1,2})$")


@dataclass
class Inputs:
    """What the engine needs about a series, read once."""

    rows: list[PoolRow]
    ledger: list[engine.HostingRecord]
    fixed: dict[tuple[int, int], tuple[int, int | None]]
    declined: dict[tuple[int, int], set[int]]
    window: list[tuple[int, int]]
    expected_attendance: int | None
    sources: dict[tuple[int, int], str]  # past term -> confirmed | exchange | entered


def _exchange_term(event: Event, months: list[int]) -> tuple[int, int] | None:
    match = TERM_LABEL.match(event.term_label or "")
    if match:
        return int(match.group(1)), int(match.group(2))
    if event.start_date is not None:
        return term_nearest_date(event.start_date, months)
    if event.start_at is not None:
        return term_nearest_date(local_today(event.start_at), months)
    return None


def series_exchanges(series: RotationSeries) -> list[Event]:
    stmt = sa.select(Event).where(
        Event.rotation_series_id == series.id,
        Event.kind == EventKind.EXCHANGE.value,
        Event.status != EventStatus.CANCELLED.value,
        Event.host_member_id.is_not(None),
    )
    return list(db.session.execute(stmt).scalars())


def window_for(
    series: RotationSeries, today: date, count: int | None = None
) -> list[tuple[int, int]]:
    """The terms to plan: from the first one the lead time allows, ``count`` of them."""
    tpy = series.terms_per_year
    lead_days = series.lead_weeks * 7
    year, term = engine.first_plannable_term(today, series_months(series), lead_days)
    first = engine.term_index(year, term, tpy)
    return [engine.term_of_index(first + k, tpy) for k in range(count or series.horizon_terms)]


def open_terms(series: RotationSeries, today: date) -> list[tuple[int, int]]:
    """Terms a coordinator may still set by hand: from the current one to the window's end
    (terms inside the lead time included, e.g. after a late decline)."""
    tpy = series.terms_per_year
    current = engine.term_index(*engine.term_for_date(today, series_months(series)), tpy)
    last = engine.term_index(*window_for(series, today)[-1], tpy)
    return [engine.term_of_index(k, tpy) for k in range(current, last + 1)]


def gather(series: RotationSeries, today: date, count: int | None = None) -> Inputs:
    """Read the pool, the ledger and the fixed terms (a constant number of queries)."""
    tpy = series.terms_per_year
    window = window_for(series, today, count)
    first = engine.term_index(*window[0], tpy)
    ledger: list[engine.HostingRecord] = []
    fixed: dict[tuple[int, int], tuple[int, int | None]] = {}
    declined: dict[tuple[int, int], set[int]] = defaultdict(set)
    held: set[tuple[int, int]] = set()
    sources: dict[tuple[int, int], str] = {}
    for row in assignments(series):
        key = (row.year, row.term)
        is_past = engine.term_index(row.year, row.term, tpy) < first
        if row.status == AssignmentStatus.CONFIRMED:
            held.add(key)
            if is_past:
                ledger.append(
                    engine.HostingRecord(*key, row.member_id, turn_of=row.turn_of_member_id)
                )
            else:
                fixed[key] = (row.member_id, row.turn_of_member_id)
            if row.displaced_member_id:
                declined[key].add(row.displaced_member_id)
        elif row.status == AssignmentStatus.DECLINED:
            declined[key].add(row.member_id)
    for event in series_exchanges(series):
        key = _exchange_term(event, series_months(series)) or (0, 0)
        if key in held or key == (0, 0) or event.host_member_id is None:
            continue
        held.add(key)
        if engine.term_index(*key, tpy) < first:
            sources[key] = "exchange"
            ledger.append(engine.HostingRecord(*key, event.host_member_id))
        else:
            fixed[key] = (event.host_member_id, None)
    for past in past_hosts(series):
        if (past.year, past.term) not in held:
            sources[(past.year, past.term)] = "entered"
            ledger.append(engine.HostingRecord(past.year, past.term, past.member_id))
    for key, members in declined.items():
        if engine.term_index(*key, tpy) < first:
            ledger.extend(engine.HostingRecord(*key, m, engine.DECLINED) for m in members)
    rows = pool_rows(series)
    return Inputs(rows, ledger, fixed, declined, window, expected_attendance(series), sources)


def expected_attendance(series: RotationSeries) -> int | None:
    """Mean confirmed attendance of the series' past exchanges (None without any)."""
    stmt = sa.select(sa.func.avg(Event.confirmed_count)).where(
        Event.rotation_series_id == series.id,
        Event.kind == EventKind.EXCHANGE.value,
        Event.status != EventStatus.CANCELLED.value,
        Event.confirmed_count > 0,
    )
    mean = db.session.execute(stmt).scalar()
    return round(float(mean)) if mean else None


def engine_pool(
    series: RotationSeries, rows: Sequence[PoolRow], what_if: WhatIf | None = None
) -> list[engine.PoolMember]:
    tpy = series.terms_per_year
    change = what_if or WhatIf()
    return [
        engine.PoolMember(
            id=row.member.id,
            weight=change.weights.get(row.member.id, row.weight),
            is_unable_to_host=row.is_unable_to_host,
            joined_term_index=engine.term_index(*row.joined_term, tpy) if row.joined_term else None,
            is_active=row.member.is_active and row.member.id not in change.leaving,
            district=row.member.district_code,
            not_before_index=engine.term_index(*row.not_before, tpy) if row.not_before else None,
            venue_capacity=row.venue_capacity,
            is_room_waived=row.is_room_waived,
        )
        for row in rows
    ]


def compute_plan(
    series: RotationSeries,
    today: date,
    count: int | None = None,
    what_if: WhatIf | None = None,
    inputs: Inputs | None = None,
) -> list[engine.Assignment]:
    """The engine's plan for the coming terms (with ``what_if`` changes, if any)."""
    change = what_if or WhatIf()
    if change.months is not None or change.lead_weeks is not None:
        series = _preview_series(series, change)
        inputs = None
    data = inputs or gather(series, today, count)
    slots = []
    for year, term in data.window:
        host, owner = data.fixed.get((year, term), (None, None))
        slots.append(
            engine.TermToPlan(
                year,
                term,
                series.month_of_term(term),
                frozenset(data.declined.get((year, term), set())),
                host,
                owner,
            )
        )
    blackouts = [engine.Blackout(b.start_date, b.end_date, b.name) for b in series.blackouts]
    blackouts += [engine.Blackout(h.day, h.day, h.name_en) for h in holidays()]
    settings = engine.PlanSettings(
        today=today,
        terms_per_year=series.terms_per_year,
        blackouts=blackouts,
        lead_days=series.lead_weeks * 7,
        seed=series.lottery_seed,
        expected_attendance=data.expected_attendance,
    )
    return engine.plan_rotation(
        engine_pool(series, data.rows, change), data.ledger, slots, settings
    )


class _PreviewSeries:
    """A read-only stand-in for a series with other months or lead time."""

    def __init__(self, series: RotationSeries, change: WhatIf) -> None:
        self._series = series
        self.preferred_months = list(change.months or series.preferred_months or [])
        self.lead_weeks = change.lead_weeks if change.lead_weeks is not None else series.lead_weeks

    def __getattr__(self, name: str) -> object:
        return getattr(self._series, name)

    def month_of_term(self, term: int) -> int:
        if 1 <= term <= len(self.preferred_months):
            return int(self.preferred_months[term - 1])
        return int(self._series.month_of_term(term))


def _preview_series(series: RotationSeries, change: WhatIf) -> RotationSeries:
    return _PreviewSeries(series, change)  # type: ignore[return-value]


def apply_plan(
    series: RotationSeries, now: datetime, actor: Person | None = None
) -> list[RotationAssignment]:
    """Write the plan as ``proposed`` rows and ask the new hosts; returns those rows.

    Confirmed terms are kept; a confirmed term whose host left or cannot host is flagged.
    """
    from scheduler_app.rotation import notifications

    data = gather(series, local_today(now))
    plan = compute_plan(series, local_today(now), inputs=data)
    live = {(a.year, a.term): a for a in assignments(series) if a.is_live}
    changed = []
    for item in plan:
        row = live.get((item.year, item.term))
        if row is not None and row.status == AssignmentStatus.CONFIRMED:
            continue
        if item.host_id is None or (item.year, item.term) in data.fixed:
            if row is not None:
                db.session.delete(row)
            continue
        if row is None or row.member_id != item.host_id:
            if row is not None:
                db.session.delete(row)
            row = RotationAssignment(
                series_id=series.id,
                year=item.year,
                term=item.term,
                member_id=item.host_id,
                created_at=now,
            )
            db.session.add(row)
            changed.append(row)
        row.status = AssignmentStatus.PROPOSED.value
        row.reason_code = item.reason
        row.reason_params = {"factors": [[f.code, dict(f.params)] for f in item.factors]}
        row.planned_date = item.event_date
    flag_departed_hosts(data.rows, live.values())
    db.session.flush()
    for row in changed:
        notifications.ask(row, now)
    log(
        series,
        actor,
        "plan",
        now,
        details={"seed": series.lottery_seed, "proposed": len(changed)},
    )
    return changed


def flag_departed_hosts(rows: Sequence[PoolRow], live: object) -> list[RotationAssignment]:
    """Mark confirmed terms whose host left the pool or cannot host for reassignment."""
    able = {r.member.id for r in rows if r.member.is_active and not r.is_unable_to_host}
    flagged = []
    for row in live:  # type: ignore[attr-defined]
        if row.status == AssignmentStatus.CONFIRMED:
            row.needs_reassignment = row.member_id not in able
            if row.needs_reassignment:
                flagged.append(row)
    return flagged


def save_what_if(
    series: RotationSeries, change: WhatIf, actor: Person | None, now: datetime
) -> list[RotationAssignment]:
    """Make a previewed change real, log it, and plan again."""
    from scheduler_app.rotation.services import set_entry

    for member_id in sorted(change.leaving):
        set_entry(series, member_id, {"is_unable_to_host": True}, now)
    for member_id, weight in sorted(change.weights.items()):
        set_entry(series, member_id, {"weight": weight}, now)
    if change.months:
        series.preferred_months = list(change.months)
    if change.lead_weeks is not None:
        series.lead_weeks = change.lead_weeks
    details = {
        "leaving": sorted(change.leaving),
        "weights": {str(k): v for k, v in sorted(change.weights.items())},
        "months": list(change.months or []),
        "lead_weeks": change.lead_weeks,
    }
    log(series, actor, "what_if_saved", now, details=details)
    db.session.flush()
    return apply_plan(series, now, actor)
