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
    if member_ids is not None:
        return _for_members(member_ids, now, since)
    result: dict[int, Participation] = defaultdict(Participation)
    hosted = db.session.execute(
        sa.select(
            Event.host_member_id,
            Event.participation_level,
            sa.func.count(),
            sa.func.max(Event.end_at),
        )
        .where(_held(now, since))
        .group_by(Event.host_member_id, Event.participation_level)
    )
    for member_id, level, count, last in hosted:
        entry = result[member_id]
        entry.hosted += count
        entry.add_held(level, count, _aware(last))
    for member_id, level, count, last in _attended_all(now, since):
        entry = result[member_id]
        entry.attended += count
        entry.add_held(level, count, _aware(last))
    ratings = db.session.execute(
        sa.select(Event.host_member_id, sa.func.avg(Feedback.rating))
        .join(Feedback, Feedback.event_id == Event.id)
        .where(_held(now, since))
        .group_by(Event.host_member_id)
    )
    for member_id, average in ratings:
        result[member_id].rating_average = round(float(average), 2)
    return dict(result)


AttendedRow = tuple[int, str, int, datetime]
IN_CHUNK = 500


def _in_window(end: datetime, now: datetime, since: datetime | None) -> bool:
    return end <= now and (since is None or end >= since)


def _for_members(
    member_ids: Sequence[int], now: datetime, since: datetime | None
) -> dict[int, Participation]:
    """``participation`` for a page of members, by index lookups only (their hosted
    events, their people's registrations, feedback on those events); a planner would
    otherwise start from every published event."""
    result: dict[int, Participation] = defaultdict(Participation)
    if not member_ids:
        return {}
    held: dict[int, int] = {}  # event id -> host
    for event_id, host, level, status, end in db.session.execute(
        sa.select(
            Event.id, Event.host_member_id, Event.participation_level, Event.status, Event.end_at
        ).where(Event.host_member_id.in_(member_ids))
    ):
        end = _aware(end)
        if status == EventStatus.PUBLISHED.value and _in_window(end, now, since):
            result[host].hosted += 1
            result[host].add_held(level, 1, end)
            held[event_id] = host
    for member_id, level, count, last in _attended_by(member_ids, now, since):
        entry = result[member_id]
        entry.attended += count
        entry.add_held(level, count, last)
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    ids = sorted(held)
    for start in range(0, len(ids), IN_CHUNK):
        for event_id, rating_sum, count in db.session.execute(
            sa.select(Feedback.event_id, sa.func.sum(Feedback.rating), sa.func.count())
            .where(Feedback.event_id.in_(ids[start : start + IN_CHUNK]))
            .group_by(Feedback.event_id)
        ):
            totals[held[event_id]][0] += int(rating_sum)
            totals[held[event_id]][1] += int(count)
    for host, (rating_sum, count) in totals.items():
        result[host].rating_average = round(rating_sum / count, 2)
    return dict(result)


def _attended_all(now: datetime, since: datetime | None) -> list[AttendedRow]:
    """One grouped query over every confirmed registration (the recompute, the CSV)."""
    rows = db.session.execute(
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
            Registration.status == RegistrationStatus.CONFIRMED.value,
            Person.member_id.is_not(None),
        )
        .group_by(Person.member_id, Event.participation_level)
    )
    return [(m, level, n, last) for m, level, n, last in rows]


def _attended_by(
    member_ids: Sequence[int], now: datetime, since: datetime | None
) -> list[AttendedRow]:
    """The same for a page of members, in two index lookups: their people's confirmed
    registrations, then those events (a planner would otherwise start from every
    published event)."""
    pairs = db.session.execute(
        sa.select(Person.member_id, Registration.event_id)
        .join(Registration, Registration.person_id == Person.id)
        .where(
            Person.member_id.in_(member_ids),
            Registration.status == RegistrationStatus.CONFIRMED.value,
        )
    ).all()
    event_ids = sorted({event_id for _member, event_id in pairs})
    events: dict[int, tuple[str, datetime]] = {}
    for start in range(0, len(event_ids), IN_CHUNK):
        chunk = event_ids[start : start + IN_CHUNK]
        for event_id, level, end in db.session.execute(
            sa.select(Event.id, Event.participation_level, Event.end_at).where(
                Event.id.in_(chunk), _held(now, since)
            )
        ):
            events[event_id] = (level, _aware(end))
    seen: dict[tuple[int, str], set[int]] = defaultdict(set)
    last: dict[tuple[int, str], datetime] = {}
    for member_id, event_id in pairs:
        if event_id in events:
            level, end = events[event_id]
            key = (member_id, level)
            seen[key].add(event_id)
            last[key] = max(last.get(key, end), end)
    return [(m, level, len(ids), last[(m, level)]) for (m, level), ids in seen.items()]


def _aware(value: datetime) -> datetime:
    """Aggregates skip the column type on some backends; make the result aware UTC."""
    from datetime import UTC

    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)
