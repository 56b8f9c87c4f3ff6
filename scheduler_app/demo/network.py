"""Two years of network history for the Loei demo, so every network page shows
something true: district classes, four twice-yearly exchanges, study visits (some
returned), a rally with co-hosting communities, survey answers, topics, offers and
needs, three introductions, one member at the edge and one isolated.

Idempotent (nothing is added once the representatives exist). Adds to the session and
computes the network; the caller commits. Sends no mail.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

import sqlalchemy as sa

from scheduler_app.accounts.models import Person, Role
from scheduler_app.demo.content import DEMO_DOMAIN
from scheduler_app.demo.samples import loaded_samples
from scheduler_app.directory.models import Member
from scheduler_app.directory.profile_models import (
    MemberNeed,
    MemberOffer,
    MemberTopic,
    Topic,
)
from scheduler_app.directory.topics import ensure_default_topics
from scheduler_app.events.models import Event, Registration
from scheduler_app.events.rally.models import RallyStop
from scheduler_app.extensions import db
from scheduler_app.followups.models import ConfirmedTie
from scheduler_app.network import compute
from scheduler_app.network.models import Introduction

EXCHANGE_DAYS_AGO = (680, 500, 320, 140)
CLASS_DAYS_AGO = (600, 240)
MUNICIPALITY_TOPICS = ("homestay", "waste", "culture", "tourism", "health", "disaster", "youth")
GIVEN = (("นาย", "สมศักดิ์"), ("นาง", "มาลี"), ("นาย", "ประเสริฐ"), ("นางสาว", "วันเพ็ญ"),
         ("นาย", "สุริยา"), ("นาง", "อรุณี"), ("นาย", "ชาญชัย"), ("นางสาว", "บุษบา"))  # fmt: skip
FAMILY = ("แสนดี", "ศรีสุข", "ใจบุญ", "คำแก้ว", "บุญมา", "ทองดี", "พรหมมา")
COMMUNITY_TOPICS = ("livelihood", "community_ways", "economy", "education", "homestay", "waste")


def _rep_email(ref: str) -> str:
    return f"rep.{ref.removeprefix('demo:').replace(':', '.')}@{DEMO_DOMAIN}"


class _History:
    def __init__(self, now: datetime) -> None:
        self.now = now
        self.members = loaded_samples(Member)
        self.reps: dict[int, Person] = {}
        self.events = 0

    def rep(self, member: Member) -> Person:
        if member.id not in self.reps:
            n = len(self.reps)
            honorific, given = GIVEN[n % len(GIVEN)]
            person = Person(
                email=_rep_email(member.external_ref or str(member.id)), password_hash=None,
                honorific=honorific, given_name=given, family_name=FAMILY[n % len(FAMILY)],
                position="ผู้ประสานงานเครือข่าย", member_id=member.id, role=Role.MEMBER.value,
                is_sample=True,
            )  # fmt: skip
            db.session.add(person)
            self.reps[member.id] = person
        return self.reps[member.id]

    def event(self, kind: str, host: Member, days_ago: int, title: str, **kw: object) -> Event:
        end = self.now.replace(minute=0, second=0, microsecond=0) - timedelta(days=days_ago)
        event = Event(
            kind=kind, title_th=title, title_en="", start_at=end - timedelta(hours=7),
            end_at=end, status="published", published_at=end - timedelta(days=30),
            host_member_id=host.id, is_sample=True, sequence=1, created_at=end - timedelta(days=30),
            updated_at=end, participation_level="involve", **kw,
        )  # fmt: skip
        db.session.add(event)
        db.session.flush()
        self.events += 1
        return event

    def attend(self, event: Event, members: list[Member]) -> None:
        for member in members:
            person = self.rep(member)
            db.session.flush()
            db.session.add(
                Registration(event_id=event.id, person_id=person.id, status="confirmed",
                             created_at=event.start_at, confirmed_at=event.start_at)
            )  # fmt: skip
            event.confirmed_count += 1


def load_network_history(now: datetime) -> dict[str, int]:
    """Add the history (once) and compute the network; returns counts for the summary."""
    if db.session.scalar(sa.select(Person.id).where(Person.email.like(f"rep.%@{DEMO_DOMAIN}"))):
        return {}
    history = _History(now)
    municipalities = sorted(
        (m for ref, m in history.members.items() if ref.startswith("demo:district:")),
        key=lambda m: m.external_ref or "",
    )
    if len(municipalities) < 10:
        return {}
    communities: dict[int, list[Member]] = defaultdict(list)
    for ref, member in sorted(history.members.items()):
        if ref.startswith("demo:subdistrict:") and member.parent_id:
            communities[member.parent_id].append(member)
    isolated = communities[municipalities[-1].id][-1]
    edge = communities[municipalities[-2].id][-1]
    for member in [*municipalities, isolated, edge]:  # someone to receive introductions
        history.rep(member)
    _classes(history, municipalities, communities, {isolated.id, edge.id})
    exchanges = _exchanges(history, municipalities)
    _visits(history, municipalities, communities, edge)
    _rally(history, municipalities, communities)
    _profiles(municipalities, communities, isolated)
    _survey_answers(history, exchanges[-1], municipalities)
    _introductions(now, municipalities, isolated)
    db.session.flush()
    snapshots = compute.store_due_snapshots(now)
    compute.recompute(now)
    return {"network events": history.events, "network snapshots": len(snapshots)}


def _classes(
    h: _History, municipalities: list[Member], communities: dict[int, list[Member]], skip: set[int]
) -> None:
    """Each district's yearly class for its communities (half of them each year)."""
    for year, days_ago in enumerate(CLASS_DAYS_AGO):
        for municipality in municipalities:
            pupils = [c for c in communities[municipality.id] if c.id not in skip]
            chosen = pupils[year % 2 :: 2] or pupils
            if chosen:
                title = f"ห้องเรียนบริหารจัดการชุมชน {municipality.name_th}"
                event = h.event("training", municipality, days_ago, title)
                h.attend(event, chosen)


def _exchanges(h: _History, municipalities: list[Member]) -> list[Event]:
    """Four twice-yearly exchanges, hosts rotating, five municipalities at each."""
    made = []
    individuals = [m for ref, m in h.members.items() if ref.startswith("demo:individual:")]
    network = [m for ref, m in h.members.items() if ref.startswith("demo:network:")]
    for n, days_ago in enumerate(EXCHANGE_DAYS_AGO):
        host = municipalities[(n * 3) % len(municipalities)]
        guests = [municipalities[(n * 3 + k) % len(municipalities)] for k in range(1, 6)]
        term = f"{'1' if n % 2 == 0 else '2'}/{2568 + n // 2}"
        event = h.event("exchange", host, days_ago, f"แลกเปลี่ยนเรียนรู้เครือข่าย ครั้งที่ {term}",
                        term_label=term)  # fmt: skip
        h.attend(event, guests + network + individuals[n % max(len(individuals), 1) :][:1])
        made.append(event)
    return made


def _visits(
    h: _History, municipalities: list[Member], communities: dict[int, list[Member]], edge: Member
) -> None:
    """Study visits between neighbouring municipalities; some were returned."""
    for n, visitor in enumerate(municipalities[:-2]):
        host = municipalities[n + 2]
        h.event("study_visit", host, 700 - n * 45, f"ศึกษาดูงาน {host.name_th}",
                visiting_member_id=visitor.id)  # fmt: skip
        if n % 3 == 0:
            h.event("study_visit", visitor, 650 - n * 45, f"ศึกษาดูงาน {visitor.name_th}",
                    visiting_member_id=host.id)  # fmt: skip
    parent = next(m for m in municipalities if m.id == edge.parent_id)
    h.event("study_visit", parent, 90, f"ศึกษาดูงาน {parent.name_th}", visiting_member_id=edge.id)


def _rally(h: _History, municipalities: list[Member], communities: dict[int, list[Member]]) -> None:
    """A past rally whose stops three communities hosted together."""
    host = municipalities[2]
    event = h.event("rally", host, 200, f"ปั่นจักรยานเชื่อมชุมชน {host.name_th}")
    for position, stop_host in enumerate(communities[host.id][:3], start=1):
        db.session.add(RallyStop(event_id=event.id, position=position, name=stop_host.name_th,
                                 host_member_id=stop_host.id))  # fmt: skip


def _profiles(
    municipalities: list[Member], communities: dict[int, list[Member]], isolated: Member
) -> None:
    ensure_default_topics()
    topics = {t.code: t for t in db.session.scalars(sa.select(Topic))}
    for n, municipality in enumerate(municipalities):
        code = MUNICIPALITY_TOPICS[n % len(MUNICIPALITY_TOPICS)]
        municipality.population = 4000 + 1371 * n
        municipality.households = 1200 + 410 * n
        municipality.service_area = ",".join(
            c.subdistrict_code or "" for c in communities[municipality.id]
        )
        db.session.add(MemberTopic(member_id=municipality.id, topic_id=topics[code].id,
                                   role="expertise"))  # fmt: skip
        topic = topics[code]
        db.session.add(MemberOffer(member_id=municipality.id, kind="teach", topic_id=topic.id,
                                   description=f"ศูนย์เรียนรู้ด้าน{topic.name_th}"))  # fmt: skip
        if n % 4 == 0:
            db.session.add(MemberOffer(member_id=municipality.id, kind="lend",
                                       description="รถบัส 40 ที่นั่ง", quantity=1))  # fmt: skip
        for k, community in enumerate(communities[municipality.id]):
            wanted = topics[COMMUNITY_TOPICS[(n + k) % len(COMMUNITY_TOPICS)]]
            db.session.add(MemberTopic(member_id=community.id, topic_id=wanted.id, role="interest"))
    waste = topics["waste"]
    db.session.add(MemberNeed(member_id=isolated.id, topic_id=waste.id,
                              description="อยากเรียนรู้การตั้งธนาคารขยะชุมชน"))  # fmt: skip


def _survey_answers(h: _History, exchange: Event, municipalities: list[Member]) -> None:
    """A few people said whom they met at the last exchange and will contact again."""
    host = next(m for m in municipalities if m.id == exchange.host_member_id)
    answered = [m for m in municipalities if m.id in h.reps and m.id != host.id][:3]
    for member in answered:
        member_id, person = member.id, h.reps[member.id]
        db.session.add(ConfirmedTie(event_id=exchange.id, person_id=person.id,
                                    from_member_id=member_id, to_member_id=host.id,
                                    created_at=exchange.end_at + timedelta(days=1)))  # fmt: skip


def _introductions(now: datetime, municipalities: list[Member], isolated: Member) -> None:
    """Three introductions a coordinator sent: one accepted, one waiting, one not now."""
    coordinator = db.session.scalar(
        sa.select(Person).where(Person.email == f"coordinator@{DEMO_DOMAIN}")
    )
    pairs = ((municipalities[0], municipalities[7], "yes", "yes"),
             (municipalities[1], municipalities[9], "yes", "not_now"),
             (municipalities[4], municipalities[11], "pending", "pending"))  # fmt: skip
    for days_ago, (a, b, first, second) in zip((120, 60, 10), pairs, strict=True):
        low, high = sorted((a, b), key=lambda m: m.id)
        sent = now - timedelta(days=days_ago)
        db.session.add(Introduction(
            a_member_id=low.id, b_member_id=high.id,
            sent_by_id=coordinator.id if coordinator else None,
            a_answer=first, b_answer=second, created_at=sent,
            a_answered_at=sent + timedelta(days=2) if first != "pending" else None,
            b_answered_at=sent + timedelta(days=3) if second != "pending" else None,
        ))  # fmt: skip
