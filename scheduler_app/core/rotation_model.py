"""The rotation engine's vocabulary: its inputs, its output, factor codes, the lottery.

Pure values (no Flask, no database); ``core.rotation`` plans with them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from scheduler_app.core.rotation_dates import DEFAULT_LEAD_DAYS, Blackout

CONFIRMED = "confirmed"
DECLINED = "declined"

# Factor codes; the UI renders each with its parameters (years are Gregorian here).
FIRST_TURN = "first_turn"  # never hosted
LEAST_RECENT = "least_recent"  # {"last_year", "last_term"}
LONGEST_WAIT = "longest_wait"  # the longest wait among the candidates
JOINED = "joined"  # {"joined_year", "joined_term"}
KEPT_PRIORITY = "kept_priority"  # {"declined_year", "declined_term"}
WEIGHTED_TURN = "weighted_turn"  # {"weight", "turn"}
DISTRICT_WAIT = "district_wait"  # {"district", "terms"}; terms -1: never hosted
OTHER_DISTRICT = "other_district"  # {"district"}: the previous host's district
FEWEST_TIMES = "fewest_times"  # {"times"}: broke a tie on waiting
LOTTERY = "lottery"  # {"seed", "ticket"}: broke a tie on waiting and times
VENUE_ROOM = "venue_room"  # {"capacity"}
ROOM_WAIVED = "room_waived"
EXTRA_TURN = "extra_turn"
ONLY_MEMBER = "only_member"
CONFIRMED_HOST = "confirmed"
NO_HOST = "no_host"


@dataclass(frozen=True)
class PoolMember:
    """One member of the pool. ``joined_term_index`` None: there from the start.

    ``venue_capacity`` is its largest venue; ``is_room_waived`` lets it host anyway.
    """

    id: int
    weight: int = 1
    is_unable_to_host: bool = False
    joined_term_index: int | None = None
    is_active: bool = True
    district: str | None = None
    not_before_index: int | None = None
    venue_capacity: int | None = None
    is_room_waived: bool = False


@dataclass(frozen=True)
class HostingRecord:
    """One line of the ledger: who hosted (or declined) a past term, on whose turn."""

    year: int
    term: int
    host_id: int
    status: str = CONFIRMED
    turn_of: int | None = None


@dataclass(frozen=True)
class TermToPlan:
    """A term to plan; ``fixed_host_id`` is a host already confirmed for it."""

    year: int
    term: int
    month: int | None = None
    declined_ids: frozenset[int] = frozenset()
    fixed_host_id: int | None = None
    fixed_turn_of: int | None = None


@dataclass(frozen=True)
class Factor:
    code: str
    params: Mapping[str, int | str] = field(default_factory=dict)


@dataclass(frozen=True)
class Assignment:
    """The plan for one term: its host (None if nobody can), why, and a date."""

    year: int
    term: int
    host_id: int | None
    factors: tuple[Factor, ...]
    event_date: date | None = None
    is_date_shifted: bool = False

    @property
    def reason(self) -> str:
        return self.factors[0].code if self.factors else NO_HOST


@dataclass(frozen=True)
class PlanSettings:
    today: date
    terms_per_year: int = 2
    blackouts: Sequence[Blackout] = ()
    lead_days: int = DEFAULT_LEAD_DAYS
    seed: str = "rotation"
    expected_attendance: int | None = None


def lottery_ticket(seed: str, year: int, term: int, member_id: int) -> str:
    """The published tie-break: anyone can recompute it from the seed in the log."""
    return hashlib.sha256(f"{seed}:{year}-{term}:{member_id}".encode()).hexdigest()


def has_room(member: PoolMember, expected: int | None) -> bool:
    if member.is_room_waived or not expected:
        return True
    return member.venue_capacity is not None and member.venue_capacity >= expected
