"""A small network with known history: who visited whom, who took part together."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest

from scheduler_app.accounts.models import Role
from scheduler_app.directory.profile_models import MemberNeed, MemberOffer, MemberTopic, Topic
from scheduler_app.events.models import Event, Registration
from scheduler_app.events.rally.models import RallyStop
from scheduler_app.extensions import db, utcnow


@dataclass
class Net:
    members: dict[str, Any]
    hosts: dict[str, Any]
    coordinator: Any
    plain: Any
    topics: dict[str, Any]
    events: dict[str, Any] = field(default_factory=dict)


def add_event(kind: str, host: Any, days_ago: int, **kw: Any) -> Event:
    end = utcnow().replace(microsecond=0) - timedelta(days=days_ago)
    event = Event(
        kind=kind, title_th=f"{kind} {host.name_th}", title_en=kind,
        start_at=end - timedelta(hours=6), end_at=end, status="published",
        host_member_id=host.id, capacity=None, **kw,
    )  # fmt: skip
    db.session.add(event)
    db.session.flush()
    return event


def attend(event: Event, *people: Any) -> None:
    for person in people:
        db.session.add(Registration(event_id=event.id, person_id=person.id, status="confirmed"))
    db.session.flush()


@pytest.fixture
def net(app, make_member, make_person) -> Net:
    """A–B visit each other; A hosts an exchange with B and C; C's rally has a stop at D;
    F attends D's class (F is at the edge); E has done nothing (isolated)."""
    names = {
        "A": ("เทศบาลตำบลด่านซ้าย", 17.28, 101.15),
        "B": ("เทศบาลตำบลนาอ้อ", 17.50, 101.70),
        "C": ("อบต.ปากชม", 18.02, 101.88),
        "D": ("เทศบาลเมืองเลย", 17.49, 101.72),
        "E": ("อบต.ภูหลวง", 17.10, 101.60),
        "F": ("ชุมชนบ้านนาซ่าว", 17.45, 101.65),
    }
    members = {
        key: make_member(name_th=th, name_en=f"Member {key}", latitude=lat, longitude=lon)
        for key, (th, lat, lon) in names.items()
    }
    hosts = {
        key: make_person(role=Role.HOST, member_id=m.id, email=f"host-{key.lower()}@example.org")
        for key, m in members.items()
    }
    coordinator = make_person(role=Role.COORDINATOR, email="coord@example.org")
    plain = make_person(role=Role.MEMBER, member_id=members["A"].id, email="plain@example.org")
    topic_rows = (("homestay", "โฮมสเตย์", "Homestays"), ("waste", "ธนาคารขยะ", "Waste banks"))
    topics = {code: Topic(code=code, name_th=th, name_en=en) for code, th, en in topic_rows}
    db.session.add_all(topics.values())
    db.session.flush()
    m = members
    db.session.add_all([
        MemberTopic(member_id=m["A"].id, topic_id=topics["homestay"].id, role="expertise"),
        MemberTopic(member_id=m["E"].id, topic_id=topics["homestay"].id, role="interest"),
        MemberOffer(member_id=m["B"].id, kind="teach", topic_id=topics["waste"].id,
                    description="ธนาคารขยะชุมชน"),
        MemberNeed(member_id=m["E"].id, topic_id=topics["waste"].id, description="อยากตั้งธนาคารขยะ"),
    ])  # fmt: skip
    world = Net(members, hosts, coordinator, plain, topics)
    ev = world.events
    ev["visit_ab"] = add_event("study_visit", m["B"], 60, visiting_member_id=m["A"].id)
    ev["visit_ba"] = add_event("study_visit", m["A"], 30, visiting_member_id=m["B"].id)
    ev["exchange"] = add_event("exchange", m["A"], 20)
    attend(ev["exchange"], hosts["B"], hosts["C"])
    ev["rally"] = add_event("rally", m["C"], 15)
    db.session.add(RallyStop(event_id=ev["rally"].id, position=1, name="จุด 1",
                             host_member_id=m["D"].id))  # fmt: skip
    ev["class"] = add_event("training", m["D"], 10)
    attend(ev["class"], hosts["F"])
    db.session.commit()
    return world
