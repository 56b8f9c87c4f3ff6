"""Per member: events hosted and attended, the IAP2 mix, feedback ratings, last activity.

Four grouped queries for the whole network, run by the recompute, never by a page.
"""

from __future__ import annotations

from collections import Counter, defaultdict
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


def _held(now: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(Event.status == EventStatus.PUBLISHED.value, Event.end_at <= now)


def participation(now: datetime) -> dict[int, Participation]:
    """Participation of every member that hosted or attended anything up to ``now``."""
    result: dict[int, Participation] = defaultdict(Participation)
    hosted = db.session.execute(
        sa.select(
            Event.host_member_id,
            Event.participation_level,
            sa.func.count(),
            sa.func.max(Event.end_at),
        )
        .where(_held(now))
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
            _held(now),
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
