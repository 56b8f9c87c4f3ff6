"""The hosting workflow: confirm, decline, swap, override. Verbs; nothing commits."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l

from scheduler_app.accounts.models import Person
from scheduler_app.core.events_time import all_day
from scheduler_app.directory.models import Member
from scheduler_app.events import operations as event_services
from scheduler_app.events.models import Event, EventKind
from scheduler_app.extensions import db
from scheduler_app.rotation import notifications
from scheduler_app.rotation.models import AssignmentStatus, RotationAssignment, RotationSeries
from scheduler_app.rotation.reasons import REASON_OVERRIDE, REASON_SWAPPED, term_label_in
from scheduler_app.rotation.services import (
    RotationError,
    apply_plan,
    live_assignment,
    log,
    pool_rows,
)

EXCHANGE_DAYS = 1


def _require(row: RotationAssignment, *statuses: AssignmentStatus) -> None:
    if row.status not in statuses:
        raise RotationError(_l("This term has already been answered."))


def ensure_exchange_event(
    row: RotationAssignment, organiser: Person | None, now: datetime
) -> Event:
    """Create (or bring up to date) the exchange event of a confirmed term.

    All-day on the planned date (else the first of the preferred month), hosted by the
    term's host, tied to the series and term. A cancelled event is replaced by a new one.
    """
    series = row.series
    day = row.planned_date or datetime(row.year, series.month_of_term(row.term), 1).date()
    times = all_day(day, day + timedelta(days=EXCHANGE_DAYS - 1), "Asia/Bangkok")
    name_en = series.name_en or series.name_th
    values = {
        "title_th": f"{series.name_th} · {term_label_in(row.year, row.term, 'th')}",
        "title_en": f"{name_en} · {term_label_in(row.year, row.term, 'en')}",
        "host_member_id": row.member_id,
        "is_all_day": True,
        "start_at": times.start_at,
        "end_at": times.end_at,
        "start_date": times.start_date,
        "end_date": times.end_date,
        "timezone": "Asia/Bangkok",
        "term_label": f"{row.year}-{row.term}",
    }
    event = db.session.get(Event, row.event_id) if row.event_id else None
    if event is not None and not event.is_cancelled:
        (
            values.pop("start_at"),
            values.pop("end_at"),
            values.pop("start_date"),
            values.pop("end_date"),
        )
        event_services.update_event(event, values, now)
    else:
        event = event_services.create_event(
            values | {"kind": EventKind.EXCHANGE.value}, organiser, now
        )
    event.rotation_series_id = series.id
    row.event_id = event.id
    db.session.flush()
    return event


def confirm(row: RotationAssignment, actor: Person | None, now: datetime) -> Event:
    """The proposed host says yes: the term is theirs and its exchange event exists."""
    _require(row, AssignmentStatus.PROPOSED)
    row.status = AssignmentStatus.CONFIRMED.value
    row.decided_at = now
    event = ensure_exchange_event(row, actor, now)
    notifications.confirmed_announced(row, [r.member.id for r in pool_rows(row.series)])
    return event


def decline(
    row: RotationAssignment, actor: Person | None, now: datetime
) -> RotationAssignment | None:
    """The proposed host says no: the next in order is proposed; the decliner keeps its place."""
    _require(row, AssignmentStatus.PROPOSED)
    row.status = AssignmentStatus.DECLINED.value
    row.decided_at = now
    row.swap_with_id = None
    db.session.flush()
    apply_plan(row.series, now)
    return live_assignment(row.series_id, row.year, row.term)


def request_swap(
    row: RotationAssignment, other: RotationAssignment, actor: Person | None, now: datetime
) -> None:
    """``row``'s host asks to exchange terms with ``other``'s host."""
    _require(row, AssignmentStatus.PROPOSED, AssignmentStatus.CONFIRMED)
    _require(other, AssignmentStatus.PROPOSED, AssignmentStatus.CONFIRMED)
    if other.series_id != row.series_id or other.id == row.id or other.member_id == row.member_id:
        raise RotationError(_l("Choose a term hosted by another member of this series."))
    row.swap_with_id = other.id
    row.swap_requested_by_id = row.member_id
    db.session.flush()
    notifications.swap_requested(row, other)


def pending_swap_for(other: RotationAssignment) -> RotationAssignment | None:
    """The live assignment whose host asked to swap with ``other``, if any."""
    import sqlalchemy as sa

    stmt = sa.select(RotationAssignment).where(
        RotationAssignment.swap_with_id == other.id,
        RotationAssignment.status.in_([AssignmentStatus.PROPOSED, AssignmentStatus.CONFIRMED]),
    )
    return db.session.execute(stmt).scalars().first()


def _replacement(
    old: RotationAssignment, member: Member, code: str, params: dict[str, str], now: datetime
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
        created_at=now,
        decided_at=now,
    )
    old.event_id = None
    db.session.add(new)
    db.session.flush()
    return new


def accept_swap(other: RotationAssignment, actor: Person | None, now: datetime) -> None:
    """``other``'s host agrees: the two members exchange terms, both confirmed."""
    row = pending_swap_for(other)
    if row is None:
        raise RotationError(_l("There is no swap to answer."))
    first, second = row.member, other.member
    new_row = _replacement(row, second, REASON_SWAPPED, {"name": first.name_th}, now)
    new_other = _replacement(other, first, REASON_SWAPPED, {"name": second.name_th}, now)
    log(row.series, actor, "swap", f"{first.name_th} ↔ {second.name_th}", now)
    members = [r.member.id for r in pool_rows(row.series)]
    for new in (new_row, new_other):
        ensure_exchange_event(new, actor, now)
        notifications.confirmed_announced(new, members)
    apply_plan(row.series, now)


def reject_swap(other: RotationAssignment) -> None:
    row = pending_swap_for(other)
    if row is None:
        raise RotationError(_l("There is no swap to answer."))
    row.swap_with_id = None
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
    """A coordinator sets a term's host, with a written reason kept in the log."""
    old = live_assignment(series.id, year, term)
    params = {"reason": reason}
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
        new = _replacement(old, member, REASON_OVERRIDE, params, now)
    log(
        series,
        actor,
        "override",
        f"{term_label_in(year, term, 'th')}: {member.name_th}. {reason}",
        now,
    )
    ensure_exchange_event(new, actor, now)
    notifications.confirmed_announced(new, [r.member.id for r in pool_rows(series)])
    apply_plan(series, now)
    return new
