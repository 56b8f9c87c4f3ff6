"""Organisations gone quiet: no event hosted, no registration and no login by any of
their people for six months. Listed for coordinators grouped by parent organisation or
by district, with a CSV; one query for a page (three grouped sub-queries joined)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.orm import aliased, joinedload

from scheduler_app.accounts.models import Person
from scheduler_app.core.followups import last_activity, quiet_cutoff
from scheduler_app.directory.models import Member, MemberKind
from scheduler_app.events.models import Event, EventStatus, Registration

Grouping = Literal["parent", "district"]
GROUPINGS: tuple[Grouping, ...] = ("parent", "district")


@dataclass(frozen=True)
class QuietMember:
    member: Member
    last_at: datetime | None  # None: never did anything since joining
    people: int


def _last_hosted(now: datetime) -> sa.Subquery:
    return (
        sa.select(Event.host_member_id.label("mid"), sa.func.max(Event.end_at).label("at"))
        .where(Event.status == EventStatus.PUBLISHED.value, Event.end_at <= now)
        .group_by(Event.host_member_id)
        .subquery()
    )


def _last_registered() -> sa.Subquery:
    return (
        sa.select(Person.member_id.label("mid"), sa.func.max(Registration.created_at).label("at"))
        .join(Registration, Registration.person_id == Person.id)
        .where(Person.member_id.is_not(None))
        .group_by(Person.member_id)
        .subquery()
    )


def _people() -> sa.Subquery:
    return (
        sa.select(
            Person.member_id.label("mid"),
            sa.func.max(Person.last_login_at).label("login"),
            sa.func.count(Person.id).label("n"),
        )
        .where(Person.member_id.is_not(None), Person.is_active_account.is_(True))
        .group_by(Person.member_id)
        .subquery()
    )


def quiet_members_query(now: datetime, grouping: Grouping) -> sa.Select[tuple[object, ...]]:
    """(member, last hosted, last registration, last login, people) of active
    organisations quiet for six months, ordered by the grouping, then quietest first."""
    cutoff = quiet_cutoff(now)
    hosted, registered, people = _last_hosted(now), _last_registered(), _people()
    parent = aliased(Member)
    stmt = (
        sa.select(Member, hosted.c.at, registered.c.at, people.c.login, people.c.n)
        .outerjoin(hosted, hosted.c.mid == Member.id)
        .outerjoin(registered, registered.c.mid == Member.id)
        .outerjoin(people, people.c.mid == Member.id)
        .outerjoin(parent, parent.id == Member.parent_id)
        .where(
            Member.is_active,
            Member.kind != MemberKind.NETWORK.value,
            Member.created_at < cutoff,
            sa.or_(hosted.c.at.is_(None), hosted.c.at < cutoff),
            sa.or_(registered.c.at.is_(None), registered.c.at < cutoff),
            sa.or_(people.c.login.is_(None), people.c.login < cutoff),
        )
        .options(joinedload(Member.parent))
    )
    first = (
        (parent.name_th.is_(None), parent.name_th, Member.parent_id)
        if grouping == "parent"
        else (Member.district_code.is_(None), Member.district_code)
    )
    return stmt.order_by(*first, Member.name_th, Member.id)


def to_quiet(row: sa.Row[tuple[object, ...]]) -> QuietMember:
    member, hosted_at, registered_at, login_at, people = row
    assert isinstance(member, Member)  # the query's first column
    moments = [_aware(m) for m in (hosted_at, registered_at, login_at)]
    return QuietMember(member, last_activity(*moments), int(people or 0))  # type: ignore[call-overload]


def _aware(value: object) -> datetime | None:
    """Aggregates over a sub-query may come back as text or naive on SQLite."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def group_key(quiet: QuietMember, grouping: Grouping) -> str | int | None:
    return quiet.member.parent_id if grouping == "parent" else quiet.member.district_code
