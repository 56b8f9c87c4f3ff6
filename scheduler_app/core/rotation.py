"""Fair host rotation: who hosts each term of a rotation series, and why.

Pure code: plain frozen dataclasses in, a list of ``Assignment`` out; no Flask, no
database, no clock (``today`` is passed in).

Terms
    A series has ``terms_per_year`` terms numbered 1..n in each (Gregorian) year. A term's
    *index* is ``year * terms_per_year + term - 1``: consecutive terms have consecutive
    indexes, across years too.

Cycles and weights (the fairness rule)
    Every *eligible* member (active, able to host, joined) has a weight ``w >= 1`` (default
    1) and may host up to ``w`` times per *cycle*. The ledger of past hosting (confirmed
    entries only, oldest first, across years) is replayed: each hosting uses one of the
    host's ``w`` turns; a cycle closes as soon as every eligible member that has joined
    has used all its turns, and then every member's used turns go back to 0. With every
    weight 1 this is exactly "nobody hosts a second time before every active pool member
    has hosted once". A hosting the ledger holds beyond a member's turns (an override)
    simply counts; it does not close the cycle.

Choosing the host of one term
    Candidates are eligible, joined members with turns left in the current cycle, that
    did not decline this term and did not host the previous term (unless they are the
    only eligible member). Among them the one that has *waited longest* wins; waiting
    starts at the member's last hosting, or at its joining if that is later (so a member
    that joins mid-cycle queues behind everyone who was already waiting, and still gets
    its turn in this cycle, one turn whatever its weight). A member of weight ``w``
    counts as due ``P / w`` terms after that (``P``: the summed weights of the members
    present), which spreads a heavy member's turns through the cycle; with equal weights
    this is plain waiting time. Ties break by fewest times hosted, then name, then id,
    so the same inputs always give the same plan. If no candidate has turns left (everyone
    with turns left declined the term or hosted the previous one), the term goes to the
    member with the fewest used turns relative to its weight (same tie-breaks) as an
    extra turn; "no two terms in a row" outranks weights when both cannot hold.

Declines and deferrals
    A member that declines or defers a term does not use a turn and its waiting time
    does not restart, so it stays at the front of the queue for the next term: it keeps
    its place, neither losing its turn nor gaining a second one.

Leaving and inability
    Inactive members and members unable to host are never planned and do not hold a
    cycle open. (Callers flag confirmed future events such members were to host.)

Dates
    Each planned term gets a date in its preferred month: the first Saturday after
    ``today`` outside every blackout window (Songkran, Buddhist Lent, ...), else the first
    free day of that month, else the first free Saturday after the month.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

CONFIRMED = "confirmed"
DECLINED = "declined"
DEFERRED = "deferred"
LEDGER_STATUSES = frozenset({CONFIRMED, DECLINED, DEFERRED})

# Reason codes; the UI renders each with its parameters (years are Gregorian here).
REASON_FIRST_TURN = "first_turn"  # never hosted
REASON_LEAST_RECENT = "least_recent"  # {"last_year", "last_term"}
REASON_JOINED = "joined"  # {"joined_year", "joined_term"}
REASON_KEPT_PRIORITY = "kept_priority"  # {"declined_year", "declined_term"}
REASON_WEIGHTED_TURN = "weighted_turn"  # {"weight", "turn"}
REASON_EXTRA_TURN = "extra_turn"  # everyone with turns left declined or just hosted
REASON_ONLY_MEMBER = "only_member"
REASON_CONFIRMED = "confirmed"
REASON_NO_HOST = "no_host"
REASON_CODES = (
    REASON_FIRST_TURN,
    REASON_LEAST_RECENT,
    REASON_JOINED,
    REASON_KEPT_PRIORITY,
    REASON_WEIGHTED_TURN,
    REASON_EXTRA_TURN,
    REASON_ONLY_MEMBER,
    REASON_CONFIRMED,
    REASON_NO_HOST,
)

NEVER = -(10**9)  # waiting since before any term
SATURDAY = 5


@dataclass(frozen=True)
class PoolMember:
    """One member of the pool. ``joined_term_index`` None: there from the start."""

    id: int
    name: str
    weight: int = 1
    is_unable_to_host: bool = False
    joined_term_index: int | None = None
    is_active: bool = True

    @property
    def is_eligible(self) -> bool:
        return self.is_active and not self.is_unable_to_host and self.weight >= 1


@dataclass(frozen=True)
class HostingRecord:
    """One line of the ledger: who hosted (or declined/deferred) a past term."""

    year: int
    term: int
    host_id: int
    status: str = CONFIRMED


@dataclass(frozen=True)
class TermToPlan:
    """A term to plan; ``fixed_host_id`` is a host already confirmed for it."""

    year: int
    term: int
    month: int | None = None
    declined_ids: frozenset[int] = frozenset()
    fixed_host_id: int | None = None


@dataclass(frozen=True)
class Blackout:
    """Days no event may fall on, inclusive at both ends."""

    start: date
    end: date
    name: str = ""


@dataclass(frozen=True)
class Assignment:
    """The plan for one term: its host (None if nobody can), why, and a date."""

    year: int
    term: int
    host_id: int | None
    reason: str
    params: Mapping[str, int] = field(default_factory=dict)
    event_date: date | None = None
    is_date_shifted: bool = False


def term_index(year: int, term: int, terms_per_year: int) -> int:
    """Consecutive integers for consecutive terms, across years."""
    return year * terms_per_year + term - 1


def term_of_index(index: int, terms_per_year: int) -> tuple[int, int]:
    """(year, term) for a term index."""
    return index // terms_per_year, index % terms_per_year + 1


def next_term(year: int, term: int, terms_per_year: int) -> tuple[int, int]:
    return term_of_index(term_index(year, term, terms_per_year) + 1, terms_per_year)


def term_for_date(day: date, months: Sequence[int]) -> tuple[int, int]:
    """The first term whose preferred month is not before ``day``'s month.

    ``months`` gives the preferred month of terms 1..n. A member joining on ``day`` is
    eligible from that term on.
    """
    for number, month in enumerate(months, start=1):
        if month >= day.month:
            return day.year, number
    return day.year + 1, 1


def is_blacked_out(day: date, blackouts: Iterable[Blackout]) -> bool:
    return any(b.start <= day <= b.end for b in blackouts)


def pick_term_date(
    year: int, month: int, blackouts: Sequence[Blackout], today: date
) -> tuple[date | None, bool]:
    """A day for a term: (date, whether it had to leave the preferred month).

    The first free Saturday after ``today`` in the month, else the first free day of the
    month, else the first free Saturday within a year after the month.
    """
    first = date(year, month, 1)
    days = []
    day = first
    while day.month == month:
        if day > today and not is_blacked_out(day, blackouts):
            days.append(day)
        day += timedelta(days=1)
    saturdays = [d for d in days if d.weekday() == SATURDAY]
    if saturdays:
        return saturdays[0], False
    if days:
        return days[0], False
    limit = day + timedelta(days=366)
    while day < limit:
        if day > today and day.weekday() == SATURDAY and not is_blacked_out(day, blackouts):
            return day, True
        day += timedelta(days=1)
    return None, True


class _State:
    """The replayed ledger: turns used this cycle, last hosting, times hosted."""

    def __init__(self, pool: Sequence[PoolMember]) -> None:
        self.members = {m.id: m for m in pool}
        self.eligible = [m for m in pool if m.is_eligible]
        self.used: dict[int, int] = {}
        self.last: dict[int, int] = {}
        self.count: dict[int, int] = {}
        self.last_host: int | None = None
        self.last_index: int | None = None
        self.declined_at: dict[int, int] = {}
        # Eligible members not joined yet, by joining index (replay adds them in time).
        self._waiting_to_join = sorted(
            (m.joined_term_index, m.id) for m in self.eligible if m.joined_term_index is not None
        )
        self._next_join = 0
        self._joined: set[int] = {m.id for m in self.eligible if m.joined_term_index is None}
        self._pending = len(self._joined)

    def advance_to(self, index: int) -> None:
        """Let members whose joining index is ``index`` or earlier join."""
        queue = self._waiting_to_join
        while self._next_join < len(queue) and queue[self._next_join][0] <= index:
            member_id = queue[self._next_join][1]
            self._next_join += 1
            self._joined.add(member_id)
            # One turn in the cycle it joins (never straight into a double turn).
            weight = self.members[member_id].weight
            self.used[member_id] = max(self.used.get(member_id, 0), weight - 1)
            if self.used[member_id] < weight:
                self._pending += 1

    def is_joined(self, member_id: int) -> bool:
        return member_id in self._joined

    def record(self, index: int, host_id: int) -> None:
        """Count one hosting; close the cycle when every joined eligible member is done."""
        self.advance_to(index)
        member = self.members.get(host_id)
        used = self.used.get(host_id, 0)
        self.used[host_id] = used + 1
        if member is not None and host_id in self._joined and used + 1 == member.weight:
            self._pending -= 1
        self.last[host_id] = index
        self.count[host_id] = self.count.get(host_id, 0) + 1
        self.last_host, self.last_index = host_id, index
        if self._pending <= 0 and self._joined:
            self.used = {}
            self._pending = len(self._joined)

    def wait_key(self, member: PoolMember) -> int:
        last = self.last.get(member.id, NEVER)
        joined = member.joined_term_index if member.joined_term_index is not None else NEVER
        return max(last, joined)

    def order_key(self, member: PoolMember, period: int) -> tuple[float, int, str, int]:
        """Who is most due: waiting since, plus a weight-shortened share of the cycle."""
        due = self.wait_key(member) + period / member.weight
        return (due, self.count.get(member.id, 0), member.name, member.id)

    def load_key(self, member: PoolMember, period: int) -> tuple[float, float, int, str, int]:
        return (self.used.get(member.id, 0) / member.weight, *self.order_key(member, period))


def _replay(state: _State, ledger: Sequence[HostingRecord], terms_per_year: int) -> None:
    rows = sorted(
        ledger,
        key=lambda r: (term_index(r.year, r.term, terms_per_year), r.status == CONFIRMED),
    )
    for row in rows:
        index = term_index(row.year, row.term, terms_per_year)
        if row.status == CONFIRMED:
            state.record(index, row.host_id)
        elif row.status in (DECLINED, DEFERRED):
            state.declined_at[row.host_id] = index


def _reason(
    state: _State, member: PoolMember, index: int, terms_per_year: int
) -> tuple[str, dict[str, int]]:
    declined = state.declined_at.get(member.id)
    if declined is not None and declined >= state.last.get(member.id, NEVER) and declined < index:
        year, term = term_of_index(declined, terms_per_year)
        return REASON_KEPT_PRIORITY, {"declined_year": year, "declined_term": term}
    used = state.used.get(member.id, 0)
    if used > 0 and member.weight > 1:
        return REASON_WEIGHTED_TURN, {"weight": member.weight, "turn": used + 1}
    last = state.last.get(member.id)
    joined = member.joined_term_index
    if joined is not None and (last is None or joined > last):
        year, term = term_of_index(joined, terms_per_year)
        return REASON_JOINED, {"joined_year": year, "joined_term": term}
    if last is None:
        return REASON_FIRST_TURN, {}
    year, term = term_of_index(last, terms_per_year)
    return REASON_LEAST_RECENT, {"last_year": year, "last_term": term}


def _choose(
    state: _State, slot: TermToPlan, index: int, terms_per_year: int
) -> tuple[int | None, str, dict[str, int]]:
    state.advance_to(index)
    present = [m for m in state.eligible if state.is_joined(m.id) and m.id not in slot.declined_ids]
    if not present:
        return None, REASON_NO_HOST, {}
    previous = state.last_host if state.last_index == index - 1 else None
    if len(present) == 1:
        only = present[0]
        if only.id == previous:
            return only.id, REASON_ONLY_MEMBER, {}
        return only.id, *_reason(state, only, index, terms_per_year)
    period = sum(m.weight for m in present)
    free = [m for m in present if m.id != previous]
    with_turns = [m for m in free if state.used.get(m.id, 0) < m.weight]
    if with_turns:
        best = min(with_turns, key=lambda m: state.order_key(m, period))
        return best.id, *_reason(state, best, index, terms_per_year)
    best = min(free, key=lambda m: state.load_key(m, period))
    return best.id, REASON_EXTRA_TURN, {}


def plan_rotation(
    pool: Sequence[PoolMember],
    ledger: Sequence[HostingRecord],
    terms: Sequence[TermToPlan],
    *,
    today: date,
    terms_per_year: int = 2,
    blackouts: Sequence[Blackout] = (),
) -> list[Assignment]:
    """Plan ``terms`` (in order) given the pool and the ledger of earlier terms.

    Deterministic: the same inputs always give the same plan. See the module docstring
    for the rules.
    """
    state = _State(pool)
    _replay(state, ledger, terms_per_year)
    plan: list[Assignment] = []
    for slot in sorted(terms, key=lambda t: term_index(t.year, t.term, terms_per_year)):
        index = term_index(slot.year, slot.term, terms_per_year)
        if slot.fixed_host_id is not None:
            host_id: int | None = slot.fixed_host_id
            reason: str = REASON_CONFIRMED
            params: dict[str, int] = {}
        else:
            host_id, reason, params = _choose(state, slot, index, terms_per_year)
        for declined in slot.declined_ids:
            state.declined_at[declined] = index
        if host_id is not None:
            state.record(index, host_id)
        event_date, shifted = (None, False)
        if slot.month is not None:
            event_date, shifted = pick_term_date(slot.year, slot.month, blackouts, today)
        plan.append(Assignment(slot.year, slot.term, host_id, reason, params, event_date, shifted))
    return plan


def fairness_ledger(
    pool: Sequence[PoolMember], ledger: Sequence[HostingRecord], terms_per_year: int = 2
) -> dict[int, tuple[int, tuple[int, int] | None]]:
    """Per member id: (times hosted, (year, term) last hosted or None), confirmed only."""
    counts: dict[int, int] = {m.id: 0 for m in pool}
    last: dict[int, int] = {}
    for row in ledger:
        if row.status != CONFIRMED:
            continue
        counts[row.host_id] = counts.get(row.host_id, 0) + 1
        index = term_index(row.year, row.term, terms_per_year)
        last[row.host_id] = max(index, last.get(row.host_id, NEVER))
    return {
        member_id: (
            n,
            term_of_index(last[member_id], terms_per_year) if member_id in last else None,
        )
        for member_id, n in counts.items()
    }
