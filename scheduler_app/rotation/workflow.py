"""The hosting workflow: confirm, decline, swap, override, chase. Verbs; nothing commits.

Every step writes a line to the series' log (who, when, what, why).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Unpack

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from scheduler_app.accounts.models import Person
from scheduler_app.core.events_time import all_day
from scheduler_app.directory.models import Member
from scheduler_app.events import operations as event_services
from scheduler_app.events.models import Event, EventKind
from scheduler_app.extensions import db
from scheduler_app.rotation import notifications
from scheduler_app.rotation.models import AssignmentStatus, RotationAssignment, RotationSeries
from scheduler_app.rotation.planning import apply_plan
from scheduler_app.rotation.reasons import REASON_OVERRIDE, REASON_SWAPPED, term_label_in
from scheduler_app.rotation.services import (
    LogAbout,
    RotationError,
    live_assignment,
    local_today,
    log,
    pool_rows,
)

EXCHANGE_DAYS = 1
CHASE_AFTER = timedelta(days=7)


def _require(row: RotationAssignment, *statuses: AssignmentStatus) -> None:
    if row.status not in statuses:
        raise RotationError(_l("This term has already been answered."))


def is_past_term(series: RotationSeries, year: int, term: int, today: date) -> bool:
    """Whether the term's month is over (or its planned day has passed)."""
    return (year, series.month_of_term(term)) < (today.year, today.month)


def ensure_exchange_event(
    row: RotationAssignment, organiser: Person | None, now: datetime
) -> Event:
    """Create (or bring up to date) the exchange event of a confirmed term.

    All-day on the planned date (else the first of the preferred month), hosted by the
    term's host, tied to the series and term. A cancelled event is replaced by a new one.
    """
    series = row.series
    day = row.planned_date or date(row.year, series.month_of_term(row.term), 1)
    times = all_day(day, day + timedelta(days=EXCHANGE_DAYS - 1), "Asia/Bangkok")
    name_en = series.name_en or series.name_th
    values = {
        "title_th": f"{series.name_th} · {term_label_in(row.year, row.term, 'th')}",
        "title_en": f"{name_en} · {term_label_in(row.year, row.term, 'en')}",
        "host_member_id": row.member_id,
        "term_label": f"{row.year}-{row.term}",
    }
    event = db.session.get(Event, row.event_id) if row.event_id else None
    if event is not None and not event.is_cancelled:
        event_services.update_event(event, values, now)
    else:
        timing = {
            "is_all_day": True,
            "start_at": times.start_at,
            "end_at": times.end_at,
            "start_date": times.start_date,
            "end_date": times.end_date,
            "timezone": "Asia/Bangkok",
        }
        organiser_or_none = (
            organiser if organiser is not None and organiser.is_authenticated else None
        )
        event = event_services.create_event(
            values | timing | {"kind": EventKind.EXCHANGE.value}, organiser_or_none, now
        )
    event.rotation_series_id = series.id
    row.event_id = event.id
    db.session.flush()
    return event


def _log_term(
    action: str,
    row: RotationAssignment,
    actor: Person | None,
    now: datetime,
    *,
    details: dict[str, Any] | None = None,
    **about: Unpack[LogAbout],
) -> None:
    """Log ``action`` on ``row``'s term: its series, year, term and member."""
    about.update(LogAbout(year=row.year, term=row.term, member_id=row.member_id))
    log(row.series, actor, action, now, details=details, **about)


def _pool_members(series: RotationSeries) -> list[Member]:
    return [r.member for r in pool_rows(series)]


def confirm(row: RotationAssignment, actor: Person | None, now: datetime) -> Event:
    """The proposed host says yes: the term is theirs and its exchange event exists."""
    _require(row, AssignmentStatus.PROPOSED)
    row.status = AssignmentStatus.CONFIRMED.value
    row.decided_at = now
    event = ensure_exchange_event(row, actor, now)
    _log_term("confirm", row, actor, now)
    notifications.confirmed_announced(row, _pool_members(row.series))
    return event


def decline(
    row: RotationAssignment, reason: str, actor: Person | None, now: datetime
) -> RotationAssignment | None:
    """The proposed host says no, with a reason; the next in order is asked; the
    decliner keeps its place."""
    _require(row, AssignmentStatus.PROPOSED)
    if not reason.strip():
        raise RotationError(_l("Please say why, so the coordinator can plan."), field="reason")
    row.status = AssignmentStatus.DECLINED.value
    row.decided_at = now
    row.decline_reason = reason.strip()
    row.swap_with_id = None
    db.session.flush()
    _log_term("decline", row, actor, now, reason=row.decline_reason)
    notifications.declined(row)
    apply_plan(row.series, now, actor)
    return live_assignment(row.series_id, row.year, row.term)


def _log_swap(
    action: str,
    row: RotationAssignment,
    other: RotationAssignment,
    actor: Person | None,
    now: datetime,
) -> None:
    """Log a swap step of ``row``'s host with ``other``'s term, naming both terms."""
    details = {"other_year": other.year, "other_term": other.term}
    _log_term(action, row, actor, now, other_member_id=other.member_id, details=details)


def request_swap(
    row: RotationAssignment, other: RotationAssignment, actor: Person | None, now: datetime
) -> None:
    """``row``'s host asks to exchange terms with ``other``'s host."""
    _require(row, AssignmentStatus.PROPOSED, AssignmentStatus.CONFIRMED)
    _require(other, AssignmentStatus.PROPOSED, AssignmentStatus.CONFIRMED)
    if other.series_id != row.series_id or other.id == row.id or other.member_id == row.member_id:
        raise RotationError(_l("Choose a term hosted by another member."), field="other")
    today = local_today(now)
    if any(is_past_term(row.series, a.year, a.term, today) for a in (row, other)):
        raise RotationError(_l("A term that has passed cannot be swapped."), field="other")
    if _declined(other, row.member_id) or _declined(row, other.member_id):
        raise RotationError(
            _l("One of the two members declined the other's term; choose another term."),
            field="other",
        )
    row.swap_with_id = other.id
    row.swap_requested_by_id = row.member_id
    db.session.flush()
    _log_swap("swap_requested", row, other, actor, now)
    notifications.swap_requested(row, other)


def _declined(term: RotationAssignment, member_id: int) -> bool:
    """Whether ``member_id`` declined hosting ``term``'s year and term of the series."""
    found = db.session.execute(
        sa.select(RotationAssignment.id).where(
            RotationAssignment.series_id == term.series_id,
            RotationAssignment.year == term.year,
            RotationAssignment.term == term.term,
            RotationAssignment.member_id == member_id,
            RotationAssignment.status == AssignmentStatus.DECLINED.value,
        )
    ).first()
    return found is not None


def pending_swap_for(other: RotationAssignment) -> RotationAssignment | None:
    """The live assignment whose host asked to swap with ``other``, if any."""
    stmt = sa.select(RotationAssignment).where(
        RotationAssignment.swap_with_id == other.id,
        RotationAssignment.status.in_([AssignmentStatus.PROPOSED, AssignmentStatus.CONFIRMED]),
    )
    return db.session.execute(stmt).scalars().first()


def _replacement(
    old: RotationAssignment,
    member: Member,
    code: str,
    params: dict[str, str],
    now: datetime,
    turn_of: int | None,
) -> RotationAssignment:
    old.status = AssignmentStatus.SWAPPED.value
    old.decided_at = now
    old.swap_with_id = None
    new = RotationAssignment(
        series_id=old.series_id,
        year=old.year,
        term=old.term,
        member_id=member.id,
        status=AssignmentStatus.CONFIRMED.value,
        reason_code=code,
        reason_params=params,
        planned_date=old.planned_date,
        event_id=old.event_id,
        turn_of_member_id=turn_of if turn_of != member.id else None,
        created_at=now,
        decided_at=now,
    )
    old.event_id = None
    db.session.add(new)
    db.session.flush()
    return new


def _names(member: Member) -> dict[str, str]:
    return {"name": member.name_th, "name_en": member.name_en or member.name_th}


def accept_swap(other: RotationAssignment, actor: Person | None, now: datetime) -> None:
    """``other``'s host agrees: the two members exchange terms (and nothing else)."""
    row = pending_swap_for(other)
    if row is None:
        raise RotationError(_l("There is no swap to answer."))
    first, second = row.member, other.member
    owner_row, owner_other = row.turn_owner_id, other.turn_owner_id
    new_row = _replacement(row, second, REASON_SWAPPED, _names(first), now, owner_row)
    new_other = _replacement(other, first, REASON_SWAPPED, _names(second), now, owner_other)
    _log_swap("swap", row, other, actor, now)
    members = _pool_members(row.series)
    for new in (new_row, new_other):
        ensure_exchange_event(new, actor, now)
        notifications.confirmed_announced(new, members)
    apply_plan(row.series, now, actor)


def reject_swap(other: RotationAssignment, actor: Person | None, now: datetime) -> None:
    row = pending_swap_for(other)
    if row is None:
        raise RotationError(_l("There is no swap to answer."))
    row.swap_with_id = None
    _log_term("swap_rejected", row, actor, now, other_member_id=other.member_id)
    db.session.flush()


def override(
    series: RotationSeries,
    year: int,
    term: int,
    member: Member,
    reason: str,
    actor: Person | None,
    now: datetime,
) -> RotationAssignment:
    """A coordinator sets a term's host with a written reason; it uses the host's own
    turn, and the member whose turn it took keeps its place."""
    if is_past_term(series, year, term, local_today(now)):
        raise RotationError(_l("A term that has passed cannot be changed."), field="term")
    old = live_assignment(series.id, year, term)
    params = {"reason": reason}
    displaced = old.member_id if old is not None and old.member_id != member.id else None
    if old is None:
        new = RotationAssignment(
            series_id=series.id,
            year=year,
            term=term,
            member_id=member.id,
            status=AssignmentStatus.CONFIRMED.value,
            reason_code=REASON_OVERRIDE,
            reason_params=params,
            created_at=now,
            decided_at=now,
        )
        db.session.add(new)
        db.session.flush()
    else:
        new = _replacement(old, member, REASON_OVERRIDE, params, now, None)
    new.displaced_member_id = displaced
    log(
        series,
        actor,
        "override",
        now,
        reason=reason,
        year=year,
        term=term,
        member_id=member.id,
        other_member_id=displaced,
    )
    ensure_exchange_event(new, actor, now)
    notifications.confirmed_announced(new, _pool_members(series))
    apply_plan(series, now, actor)
    return new


def chase_unanswered(now: datetime) -> list[RotationAssignment]:
    """Remind coordinators of proposals nobody answered for a week (once per proposal)."""
    stmt = sa.select(RotationAssignment).where(
        RotationAssignment.status == AssignmentStatus.PROPOSED.value,
        RotationAssignment.asked_at.is_not(None),
        RotationAssignment.asked_at <= now - CHASE_AFTER,
        RotationAssignment.chased_at.is_(None),
    )
    rows = list(db.session.execute(stmt.order_by(RotationAssignment.id)).scalars())
    for row in rows:
        notifications.chase(row)
        row.chased_at = now
        _log_term("chase", row, None, now)
    db.session.flush()
    return rows
