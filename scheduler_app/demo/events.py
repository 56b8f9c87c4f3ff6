"""A realistic year of activity for the Loei demo network (called by ``flask demo``).

Past and future study visits, two exchange events, a cycling rally across five Chiang
Khan communities and a six-session training class, with registrations and attendance.
Idempotent: once sample events exist nothing is added. Adds to the session; the caller
commits. Seats are filled directly (no notifications: demo data sends no mail).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from scheduler_app.accounts.models import Person
from scheduler_app.core import events_time
from scheduler_app.demo.samples import loaded_samples
from scheduler_app.directory.models import Member
from scheduler_app.events.models import Event, Registration
from scheduler_app.events.rally.models import RallyStop
from scheduler_app.events.study_visits.models import (
    LearningReport,
    ProgrammeItem,
    StudyVisitRequest,
)
from scheduler_app.events.training.models import Attendance, TrainingSession
from scheduler_app.extensions import db
from scheduler_app.venues.models import Venue

ZONE = events_time.DEFAULT_ZONE_NAME


def _at(day: date, hh: int, mm: int = 0) -> datetime:
    return events_time.local_to_utc(day, time(hh, mm), ZONE)


def _event(now: datetime, **values: Any) -> Event:
    event = Event(
        status="published", published_at=now, sequence=1, is_sample=True, timezone=ZONE,
        confirmed_count=0, waitlist_counter=0, created_at=now, updated_at=now, **values,
    )  # fmt: skip
    db.session.add(event)
    db.session.flush()
    return event


def _seat(event: Event, people: list[Person], now: datetime, checked_in: bool = False) -> None:
    for person in people:
        db.session.add(
            Registration(
                event_id=event.id, person_id=person.id, status="confirmed",
                created_at=now, confirmed_at=now,
                checked_in_at=event.start_at if checked_in else None,
            )
        )  # fmt: skip
        event.confirmed_count += 1


def _visit(
    now: datetime,
    day: date,
    visitor: Member,
    host: Member,
    size: int,
    *,
    end: datetime,
    status: str,
    title_th: str,
    title_en: str,
    description: str,
    purpose: str,
    link_kinds: str,
) -> Event:
    """A one-day study visit from 09:00, the request it was scheduled from (``status``),
    and the visiting delegation's seats (checked in once the visit is completed)."""
    event = _event(
        now, kind="study_visit", title_th=title_th, title_en=title_en, description=description,
        start_at=_at(day, 9), end_at=end, host_member_id=host.id, visiting_member_id=visitor.id,
        capacity=size, participation_level="involve",
    )  # fmt: skip
    _seat(event, _people_of(visitor), now, checked_in=status == "completed")
    db.session.add(
        StudyVisitRequest(
            visiting_member_id=visitor.id, host_member_id=host.id, event_id=event.id,
            proposed_start=day, proposed_end=day, delegation_size=size, purpose=purpose,
            link_kinds=link_kinds, status=status, created_at=now, updated_at=now,
        )
    )  # fmt: skip
    return event


def _people_of(member: Member | None) -> list[Person]:
    if member is None:
        return []
    return list(db.session.scalars(sa.select(Person).where(Person.member_id == member.id)))


def load_demo_events(now: datetime) -> dict[str, int]:
    """Add the sample year; returns counts for the demo summary."""
    existing = db.session.scalar(
        sa.select(sa.func.count()).select_from(Event).where(Event.is_sample)
    )
    if existing:
        return {"events": int(existing)}
    members = loaded_samples(Member)
    loei, chiang_khan, dan_sai = (
        members.get(f"demo:district:{c}") for c in ("4201", "4203", "4205")
    )
    if loei is None or chiang_khan is None or dan_sai is None:
        return {}
    venues = {v.external_ref: v for v in db.session.scalars(sa.select(Venue)) if v.external_ref}
    everyone = list(db.session.scalars(sa.select(Person).where(Person.is_sample)))
    coordinator = next((p for p in everyone if p.role == "coordinator"), None)
    today = events_time.utc_to_local(now, ZONE).date()
    events = [
        *_study_visits(now, today, loei, chiang_khan, dan_sai, members),
        *_exchanges(now, today, chiang_khan, dan_sai, venues, everyone, coordinator),
        _rally(now, today, chiang_khan, members, everyone),
        _training(now, today, loei, venues, everyone),
    ]
    db.session.flush()
    return {"events": len(events)}


def _study_visits(
    now: datetime, today: date, loei: Member, chiang_khan: Member, dan_sai: Member,
    members: dict[str, Member],
) -> list[Event]:  # fmt: skip
    past_day = today - timedelta(days=75)
    past = _visit(
        now, past_day, dan_sai, chiang_khan, 15, end=_at(past_day, 16), status="completed",
        title_th="ศึกษาดูงาน: เทศบาลด่านซ้ายเยือนเชียงคาน",
        title_en="Study visit: Dan Sai visits Chiang Khan",
        description="เรียนรู้การจัดการท่องเที่ยวชุมชนและโฮมสเตย์ริมโขง",
        purpose="เรียนรู้การท่องเที่ยวชุมชน", link_kinds="model_project,livelihood",
    )  # fmt: skip
    for i, (hh, title) in enumerate(
        [(9, "ต้อนรับและบรรยายสรุป"), (10, "ชมโฮมสเตย์ริมโขง"), (13, "แลกเปลี่ยนกับกลุ่มแม่บ้าน")], 1
    ):
        past.programme.append(ProgrammeItem(position=i, starts_at=_at(past_day, hh), title=title))
    author = next(iter(_people_of(dan_sai)), None)
    past.reports.append(
        LearningReport(
            author_id=author.id if author else None, member_id=dan_sai.id, created_at=now,
            text="ได้เรียนรู้การตั้งกติกาโฮมสเตย์ร่วมกันและการแบ่งรายได้เข้ากองทุนหมู่บ้าน",
        )
    )  # fmt: skip
    future_day = today + timedelta(days=21)
    future = _visit(
        now, future_day, loei, dan_sai, 20, end=_at(future_day, 15, 30), status="scheduled",
        title_th="ศึกษาดูงาน: เทศบาลเมืองเลยเยือนด่านซ้าย",
        title_en="Study visit: Loei visits Dan Sai",
        description="เรียนรู้การสืบสานประเพณีผีตาโขนกับเศรษฐกิจชุมชน",
        purpose="เรียนรู้วัฒนธรรมและเศรษฐกิจชุมชน", link_kinds="culture,way_of_life",
    )  # fmt: skip
    future.programme.append(
        ProgrammeItem(position=1, starts_at=_at(future_day, 9), title="พิพิธภัณฑ์ผีตาโขน")
    )
    community = members.get("demo:subdistrict:420301")
    if community is not None:
        db.session.add(
            StudyVisitRequest(
                visiting_member_id=community.id, host_member_id=loei.id,
                proposed_start=today + timedelta(days=45), proposed_end=today + timedelta(days=45),
                delegation_size=12, purpose="เรียนรู้การจัดการขยะในเขตเทศบาล",
                link_kinds="management,knowledge", status="requested",
                created_at=now, updated_at=now,
            )
        )  # fmt: skip
    return [past, future]


def _exchanges(
    now: datetime, today: date, chiang_khan: Member, dan_sai: Member,
    venues: dict[str, Venue], everyone: list[Person], coordinator: Person | None,
) -> list[Event]:  # fmt: skip
    made = []
    for offset, host, venue_ref, term in (
        (-140, chiang_khan, "demo:venue:chiang-khan-centre", "1/2569"),
        (40, dan_sai, "demo:venue:dan-sai-centre", "2/2569"),
    ):
        day = today + timedelta(days=offset)
        venue = venues.get(venue_ref)
        event = _event(
            now, kind="exchange", title_th=f"งานแลกเปลี่ยนเรียนรู้เครือข่ายจังหวัดเลย ครั้งที่ {term}",
            title_en=f"Loei network exchange day, term {term}",
            description="เวทีแลกเปลี่ยนประสบการณ์ของสมาชิกเครือข่าย ตลาดสินค้าชุมชน และวางแผนร่วมกัน",
            is_all_day=True, start_date=day, end_date=day + timedelta(days=2),
            start_at=_at(day, 0), end_at=_at(day + timedelta(days=2), 0),
            host_member_id=host.id, venue_id=venue.id if venue else None, capacity=120,
            per_member_quota=10, participation_level="collaborate", term_label=term,
            organiser_id=coordinator.id if coordinator else None,
        )  # fmt: skip
        _seat(event, everyone, now, checked_in=offset < 0)
        made.append(event)
    return made


def _rally(
    now: datetime, today: date, chiang_khan: Member, members: dict[str, Member],
    everyone: list[Person],
) -> Event:  # fmt: skip
    day = today + timedelta(days=35)
    communities = sorted(
        (m for ref, m in members.items() if ref.startswith("demo:subdistrict:4203")),
        key=lambda m: m.external_ref or "",
    )[:5]
    event = _event(
        now, kind="rally", title_th="ปั่นจักรยานเชื่อมสัมพันธ์ 5 ชุมชนเชียงคาน",
        title_en="Cycling rally through five Chiang Khan communities",
        description="ปั่นเลียบโขงแวะเยี่ยมชุมชน ชิมอาหารพื้นถิ่น", start_at=_at(day, 7),
        end_at=_at(day, 16), host_member_id=chiang_khan.id, capacity=60,
        participation_level="involve",
    )  # fmt: skip
    for i, community in enumerate(communities):
        arrive = _at(day, 7 + i * 2)
        event.stops.append(
            RallyStop(
                position=i + 1, name=community.name_th, host_member_id=community.id,
                latitude=community.latitude, longitude=community.longitude,
                arrive_at=arrive, depart_at=arrive + timedelta(minutes=45),
            )
        )  # fmt: skip
    db.session.flush()
    stops = list(event.stops)
    for i, person in enumerate(everyone):
        join = stops[1] if stops and i % 3 == 1 else None
        leave = stops[-2] if len(stops) > 1 and i % 3 == 2 else None
        db.session.add(
            Registration(
                event_id=event.id, person_id=person.id, status="confirmed", created_at=now,
                confirmed_at=now, from_stop_id=join.id if join else None,
                to_stop_id=leave.id if leave else None,
            )
        )  # fmt: skip
        event.confirmed_count += 1
    return event


def _training(
    now: datetime, today: date, loei: Member, venues: dict[str, Venue], everyone: list[Person]
) -> Event:
    first = today - timedelta(days=21)
    venue = venues.get("demo:venue:loei-hall")
    event = _event(
        now, kind="training", title_th="หลักสูตรการจัดทำแผนพัฒนาท้องถิ่นแบบมีส่วนร่วม",
        title_en="Participatory local development planning", venue_id=venue.id if venue else None,
        description="อบรม 6 ครั้ง ทุกวันพุธ ผู้เข้าร่วมครบร้อยละ 80 รับเกียรติบัตร",
        start_at=_at(first, 9), end_at=_at(first + timedelta(weeks=5), 12),
        host_member_id=loei.id, capacity=30, participation_level="consult",
    )  # fmt: skip
    for i in range(6):
        day = first + timedelta(weeks=i)
        event.sessions.append(
            TrainingSession(
                position=i + 1, title=f"ครั้งที่ {i + 1}", start_at=_at(day, 9), end_at=_at(day, 12)
            )
        )
    db.session.flush()
    _seat(event, everyone, now)
    for session in event.sessions:
        if session.end_at > now:
            continue
        for n, person in enumerate(everyone):
            present = n % 4 != 3 or session.position == 1
            db.session.add(
                Attendance(
                    session_id=session.id,
                    person_id=person.id,
                    is_present=present,
                    recorded_at=session.end_at,
                )
            )
    return event
