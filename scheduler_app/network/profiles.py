"""Members' profiles as plain ``core.network_weaving.Profile`` values (four queries)."""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa

from scheduler_app.core.network_weaving import Profile
from scheduler_app.directory.models import Member
from scheduler_app.directory.profile_models import MemberNeed, MemberOffer, MemberTopic
from scheduler_app.extensions import db


def _topic_sets(stmt: sa.Select[tuple[int, int | None]]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = defaultdict(set)
    for member_id, topic_id in db.session.execute(stmt):
        if topic_id is not None:
            found[member_id].add(topic_id)
    return found


def load() -> dict[int, Profile]:
    """Every active member's topics, what it offers and needs (as topic ids), and place.

    A member's expertise counts as something it offers; its interests as topics.
    """
    topics = _topic_sets(sa.select(MemberTopic.member_id, MemberTopic.topic_id))
    expertise = _topic_sets(
        sa.select(MemberTopic.member_id, MemberTopic.topic_id).where(
            MemberTopic.role == "expertise"
        )
    )
    offers = _topic_sets(sa.select(MemberOffer.member_id, MemberOffer.topic_id))
    needs = _topic_sets(sa.select(MemberNeed.member_id, MemberNeed.topic_id))
    rows = db.session.execute(
        sa.select(
            Member.id,
            Member.latitude,
            Member.longitude,
            Member.district_code,
            Member.accepts_introductions,
        ).where(Member.is_active)
    )
    return {
        member_id: Profile(
            member_id=member_id,
            topics=frozenset(topics.get(member_id, ())),
            offers=frozenset(offers.get(member_id, set()) | expertise.get(member_id, set())),
            needs=frozenset(needs.get(member_id, ())),
            lat=lat,
            lon=lon,
            area=district or "",
            accepts_introductions=accepts,
        )
        for member_id, lat, lon, district, accepts in rows
    }
