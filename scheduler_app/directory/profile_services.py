"""Changing what a member is, offers and seeks, and the shared topics list. No commits."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from scheduler_app.directory.models import Member
from scheduler_app.directory.profile_models import (
    MemberNeed,
    MemberOffer,
    MemberTopic,
    OfferKind,
    Topic,
    TopicRole,
)
from scheduler_app.extensions import db


class OfficialCodeTaken(ValueError):
    """Another member already holds this official code."""


def active_topics() -> Sequence[Topic]:
    stmt = sa.select(Topic).where(Topic.is_active).order_by(Topic.name_th, Topic.id)
    return db.session.execute(stmt).scalars().all()


def all_topics() -> Sequence[Topic]:
    return db.session.execute(sa.select(Topic).order_by(Topic.name_th, Topic.id)).scalars().all()


def official_code_taken(code: str, member_id: int | None) -> bool:
    stmt = sa.select(Member.id).where(Member.official_code == code)
    if member_id is not None:
        stmt = stmt.where(Member.id != member_id)
    return db.session.execute(stmt.limit(1)).first() is not None


def _set_topics(member: Member, role: str, topic_ids: Iterable[int]) -> None:
    wanted = set(topic_ids)
    for link in list(member.topics):
        if link.role == role and link.topic_id not in wanted:
            member.topics.remove(link)
    have = {t.topic_id for t in member.topics if t.role == role}
    for topic_id in sorted(wanted - have):
        member.topics.append(MemberTopic(topic_id=topic_id, role=role))


def update_profile(member: Member, values: Mapping[str, Any]) -> None:
    """Set topics, size, official code, service area and the introductions opt-out.

    Raises ``OfficialCodeTaken`` when another member holds the code.
    """
    code = values.get("official_code") or None
    if code and official_code_taken(code, member.id):
        raise OfficialCodeTaken(code)
    known = {t.id for t in all_topics()}
    _set_topics(member, TopicRole.INTEREST, (t for t in values["interests"] if t in known))
    _set_topics(member, TopicRole.EXPERTISE, (t for t in values["expertise"] if t in known))
    member.population = values.get("population")
    member.households = values.get("households")
    member.official_code = code
    member.service_area = ",".join(sorted(set(values.get("service_area") or [])))
    member.accepts_introductions = bool(values.get("accepts_introductions"))


def add_offer(member: Member, values: Mapping[str, Any]) -> MemberOffer:
    offer = MemberOffer(
        kind=OfferKind(values["kind"]).value,
        topic_id=values.get("topic_id"),
        description=values["description"],
        quantity=values.get("quantity"),
    )
    member.offers.append(offer)
    db.session.flush()
    return offer


def add_need(member: Member, values: Mapping[str, Any]) -> MemberNeed:
    need = MemberNeed(topic_id=values.get("topic_id"), description=values["description"])
    member.needs.append(need)
    db.session.flush()
    return need


def add_topic(name_th: str, name_en: str) -> Topic:
    topic = Topic(code=f"custom-{secrets.token_hex(4)}", name_th=name_th, name_en=name_en)
    db.session.add(topic)
    db.session.flush()
    return topic


def update_topic(topic: Topic, name_th: str, name_en: str, is_active: bool) -> None:
    topic.name_th, topic.name_en, topic.is_active = name_th, name_en, is_active
