"""Per member: events hosted and attended, the IAP2 mix, feedback ratings, last activity.

Three grouped queries. For all time and the whole network the recompute stores the
result; for a chosen period a page asks for the members it shows (``member_ids``) and
the period's CSV for everyone.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from scheduler_app.accounts.models import Person
from scheduler_app.events.models import (
    Event,
    EventStatus,
    ParticipationLevel,
    Registration,
    RegistrationStatus,
)
from scheduler_app.extensions import db
from scheduler_app.followups.models import Feedback

LEVELS = tuple(level.value for level in ParticipationLevel)


@dataclass
class Participation:
    hosted: int = 0
    attended: int = 0
    mix: Counter[str] = field(default_factory=Counter)
    rating_average: float | None = None
    last_activity_at: datetime | None = None

    def touch(self, at: datetime) -> None:
        if self.last_activity_at is None or at > self.last_activity_at:
            self.last_activity_at = at

    def add_held(self, level: str, count: int, last: datetime) -> None:
        """``count`` held events at IAP2 ``level``, the latest ending at ``last``."""
        self.mix[level] += count
        self.touch(last)

    @property
    def mix_text(self) -> str:
        """``level:n`` pairs in IAP2 order, e.g. ``inform:3,involve:1``."""
        return ",".join(f"{lvl}:{self.mix[lvl]}" for lvl in LEVELS if self.mix[lvl])


def parse_mix(text: str) -> dict[str, int]:
    result: dict[str, int] = {}
    for part in text.split(","):
        level, _sep, count = part.partition(":")
        if level in LEVELS and count.isdigit():
            result[level] = int(count)
    return result


def _held(now: datetime, since: datetime | None) -> sa.ColumnElement[bool]:
    held = sa.and_(Event.status == EventStatus.PUBLISHED.value, Event.end_at <= now)
    return held if since is None else sa.and_(held, Event.end_at >= since)


def participation(
    now: datetime, since: datetime | None = None, member_ids: Sequence[int] | None = None
) -> dict[int, Participation]:
    """Participation of every member (or of ``member_ids``) that hosted or attended
    anything that ended between ``since`` (or the beginning) and ``now``; feedback
    ratings of the events it hosted in that time."""
    result: dict[int, Participation] = defaultdict(Participation)
    if member_ids is not None and not member_ids:
        return {}
    hosts_filter = Event.host_member_id.in_(member_ids) if member_ids is not None else sa.true()
    people_filter = Person.member_id.in_(member_ids) if member_ids is not None else sa.true()
    hosted = db.session.execute(
        sa.select(
            Event.host_member_id,
            Event.participation_level,
            sa.func.count(),
            sa.func.max(Event.end_at),
        )
        .where(_held(now, since), hosts_filter)
        .group_by(Event.host_member_id, Event.participation_level)
    )
    for member_id, level, count, last in hosted:
        entry = result[member_id]
        entry.hosted += count
        entry.add_held(level, count, _aware(last))
    attended = db.session.execute(
        sa.select(
            Person.member_id,
            Event.participation_level,
            sa.func.count(sa.distinct(Event.id)),
            sa.func.max(Event.end_at),
        )
        .join(Registration, Registration.event_id == Event.id)
        .join(Person, Person.id == Registration.person_id)
        .where(
            _held(now, since),
            people_filter,
            Registration.status == RegistrationStatus.CONFIRMED.value,
            Person.member_id.is_not(None),
        )
        .group_by(Person.member_id, Event.participation_level)
    )
    for member_id, level, count, last in attended:
        entry = result[member_id]
        entry.attended += count
        entry.add_held(level, count, _aware(last))
    ratings = db.session.execute(
        sa.select(Event.host_member_id, sa.func.avg(Feedback.rating))
        .join(Feedback, Feedback.event_id == Event.id)
        .where(_held(now, since), hosts_filter)
        .group_by(Event.host_member_id)
    )
    for member_id, average in ratings:
        result[member_id].rating_average = round(float(average), 2)
    return dict(result)


def _aware(value: datetime) -> datetime:
    """Aggregates skip the column type on some backends; make the result aware UTC."""
    from datetime import UTC

    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)
