"""The Loei demo rotation: the province network's municipalities take turns hosting.

Four years of exchanges already held (events of the series), then the workflow as a
network lives it: planned and asked, the next host confirmed, one decline with its
reason, one swap. Services style (the caller commits); loading twice adds nothing.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from scheduler_app.accounts.models import Person
from scheduler_app.core.events_time import all_day
from scheduler_app.directory.models import Member
from scheduler_app.events.models import Event, EventKind, EventStatus
from scheduler_app.extensions import db
from scheduler_app.rotation import planning, services, workflow
from scheduler_app.rotation.models import AssignmentStatus, RotationSeries

SERIES_NAME_TH = "เวทีแลกเปลี่ยนเรียนรู้เครือข่ายท้องถิ่นจังหวัดเลย"
SERIES_NAME_EN = "Loei local governments' exchange forum"
MONTHS = (3, 11)
HISTORY_YEARS = 4
DECLINE_REASON = "ศาลาประชาคมปิดซ่อมหลังคาช่วงฤดูฝน ขอเป็นเจ้าภาพรอบถัดไป"


def _saturday(year: int, month: int) -> date:
    day = date(year, month, 8)
    return day + timedelta(days=(5 - day.weekday()) % 7)


def _held_exchanges(
    series: RotationSeries, members: list[Member], organiser: Person | None, now: datetime
) -> int:
    """One exchange per past term, hosted in a fixed (hash) order so reruns agree."""
    order = sorted(members, key=lambda m: hashlib.sha256(str(m.external_ref).encode()).digest())
    first_year = now.year - HISTORY_YEARS + 1
    held = 0
    for k in range(HISTORY_YEARS * len(MONTHS)):
        year, term = first_year + k // len(MONTHS), k % len(MONTHS) + 1
        host = order[k % len(order)]
        day = _saturday(year, MONTHS[term - 1])
        if day >= now.date():
            break
        times = all_day(day, day, "Asia/Bangkok")
        db.session.add(
            Event(
                kind=EventKind.EXCHANGE.value,
                status=EventStatus.PUBLISHED.value,
                title_th=f"{SERIES_NAME_TH} · รอบที่ {term} ปี {year + 543}",
                title_en=f"{SERIES_NAME_EN} · term {term} of {year}",
                host_member_id=host.id,
                organiser_id=organiser.id if organiser else None,
                rotation_series_id=series.id,
                term_label=f"{year}-{term}",
                is_all_day=True,
                start_at=times.start_at,
                end_at=times.end_at,
                start_date=times.start_date,
                end_date=times.end_date,
                timezone="Asia/Bangkok",
                is_sample=True,
                created_at=now,
                updated_at=now,
                published_at=now,
                sequence=0,
                confirmed_count=0,
                waitlist_counter=0,
            )
        )
        held += 1
    db.session.flush()
    return held


def load_demo_rotation(now: datetime) -> RotationSeries | None:
    """Add the demo series with its history and workflow; an existing one is kept."""
    found = db.session.execute(
        sa.select(RotationSeries).where(RotationSeries.name_th == SERIES_NAME_TH)
    ).scalar()
    if found is not None:
        return found
    members = list(
        db.session.execute(
            sa.select(Member)
            .where(Member.external_ref.like("demo:district:%"))
            .order_by(Member.external_ref)
        ).scalars()
    )
    if len(members) < 6:
        return None
    coordinator = db.session.execute(
        sa.select(Person).where(Person.is_sample, Person.role == "coordinator")
    ).scalar()
    values = {
        "name_th": SERIES_NAME_TH,
        "name_en": SERIES_NAME_EN,
        "terms_per_year": len(MONTHS),
        "preferred_months": list(MONTHS),
        "horizon_terms": 8,
        "lead_weeks": 8,
    }
    series = services.create_series(values, [m.id for m in members], coordinator, now)
    _held_exchanges(series, members, coordinator, now)
    planning.apply_plan(series, now, coordinator)
    live = [a for a in services.assignments(series) if a.is_live]
    workflow.confirm(live[0], coordinator, now)
    workflow.decline(live[1], DECLINE_REASON, coordinator, now)
    proposed = [
        a
        for a in services.assignments(series)
        if a.status == AssignmentStatus.PROPOSED and (a.year, a.term) > (live[1].year, live[1].term)
    ]
    if len(proposed) >= 2:
        workflow.request_swap(proposed[0], proposed[1], coordinator, now)
        workflow.accept_swap(proposed[1], coordinator, now)
    return series
