"""What the network pages read: the stored computation, a constant number of queries."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import joinedload

from scheduler_app.directory.models import Member
from scheduler_app.extensions import db
from scheduler_app.network.models import (
    Introduction,
    MemberMeasure,
    NetworkSnapshot,
    NetworkState,
    NetworkSuggestion,
    NetworkTie,
)

ROLES = ("isolated", "periphery", "member", "core", "connector", "bridge")
TIE_KINDS = ("study_visit", "exchange", "rally", "training")


@dataclass(frozen=True)
class TieFilter:
    """Which ties a page shows: active since a date, from one kind of event."""

    since: datetime | None = None
    kind: str = ""

    def apply(self, stmt: sa.Select[Any]) -> sa.Select[Any]:
        if self.since is not None:
            stmt = stmt.where(NetworkTie.last_at >= self.since)
        if self.kind:
            # Stored sorted and comma-joined; a kind never contains another's name.
            stmt = stmt.where(NetworkTie.event_kinds.contains(self.kind))
        return stmt


def summary() -> tuple[dict[str, Any], NetworkState | None]:
    row = db.session.get(NetworkState, 1)
    if row is None or row.computed_at is None:
        return {}, row
    return json.loads(row.summary), row


def measure_of(member_id: int) -> MemberMeasure | None:
    return db.session.get(MemberMeasure, member_id)


def picture(ties: TieFilter) -> tuple[list[MemberMeasure], list[NetworkTie]]:
    """The picture's members (with their member rows) and the ties among them."""
    nodes = list(
        db.session.execute(
            sa.select(MemberMeasure)
            .where(MemberMeasure.in_picture)
            .options(joinedload(MemberMeasure.member))
            .order_by(MemberMeasure.member_id)
        ).scalars()
    )
    ids = [n.member_id for n in nodes]
    # Queried even when empty, so the page's number of queries never depends on the data.
    stmt = sa.select(NetworkTie).where(
        NetworkTie.a_member_id.in_(ids), NetworkTie.b_member_id.in_(ids)
    )
    return nodes, list(db.session.execute(ties.apply(stmt)).scalars())


def measures_query(role: str = "") -> sa.Select[tuple[MemberMeasure]]:
    stmt = sa.select(MemberMeasure).options(joinedload(MemberMeasure.member))
    if role:
        stmt = stmt.where(MemberMeasure.role == role)
    return stmt.order_by(MemberMeasure.strength.desc(), MemberMeasure.member_id)


def measures_page(role: str, page: int, per_page: int = 50) -> Pagination:
    return db.paginate(measures_query(role), page=page, per_page=per_page, error_out=False)


def ties_query(ties: TieFilter) -> sa.Select[tuple[NetworkTie]]:
    stmt = sa.select(NetworkTie).order_by(
        NetworkTie.weight.desc(), NetworkTie.a_member_id, NetworkTie.b_member_id
    )
    return ties.apply(stmt)


def ties_of(member_id: int, limit: int = 50) -> list[NetworkTie]:
    stmt = (
        sa.select(NetworkTie)
        .where(sa.or_(NetworkTie.a_member_id == member_id, NetworkTie.b_member_id == member_id))
        .order_by(NetworkTie.weight.desc())
        .limit(limit)
    )
    return list(db.session.execute(stmt).scalars())


def members_by_id(ids: set[int]) -> dict[int, Member]:
    rows = db.session.execute(sa.select(Member).where(Member.id.in_(ids))).scalars()
    return {m.id: m for m in rows}


def snapshots(limit: int = 12) -> list[NetworkSnapshot]:
    stmt = sa.select(NetworkSnapshot).order_by(NetworkSnapshot.taken_at.desc()).limit(limit)
    return list(db.session.execute(stmt).scalars())


def suggestions(limit: int = 50, member_id: int | None = None) -> list[NetworkSuggestion]:
    stmt = sa.select(NetworkSuggestion)
    if member_id:
        stmt = stmt.where(
            sa.or_(
                NetworkSuggestion.a_member_id == member_id,
                NetworkSuggestion.b_member_id == member_id,
            )
        )
    stmt = (
        stmt.options(
            joinedload(NetworkSuggestion.a_member),
            joinedload(NetworkSuggestion.b_member),
            joinedload(NetworkSuggestion.middle_member),
        )
        .order_by(NetworkSuggestion.score.desc(), NetworkSuggestion.id)
        .limit(limit)
    )
    return list(db.session.execute(stmt).scalars())


def suggestions_for_middle(member_id: int) -> list[NetworkSuggestion]:
    """Open triangles where ``member_id`` is the member in the middle."""
    stmt = (
        sa.select(NetworkSuggestion)
        .where(NetworkSuggestion.middle_member_id == member_id)
        .options(joinedload(NetworkSuggestion.a_member), joinedload(NetworkSuggestion.b_member))
        .order_by(NetworkSuggestion.score.desc())
        .limit(10)
    )
    return list(db.session.execute(stmt).scalars())


def introductions_query() -> sa.Select[tuple[Introduction]]:
    return (
        sa.select(Introduction)
        .options(
            joinedload(Introduction.a_member),
            joinedload(Introduction.b_member),
            joinedload(Introduction.sent_by),
        )
        .order_by(Introduction.created_at.desc(), Introduction.id.desc())
    )


def recent_introductions(limit: int = 20) -> list[Introduction]:
    return list(db.session.execute(introductions_query().limit(limit)).scalars())
