"""Fair host rotation: who hosts each term of a rotation series, and every reason why.

Pure and deterministic: frozen dataclasses in, a list of ``Assignment`` out; no Flask,
no database, no clock (``today`` is passed in).

Rounds and weights
    Every *present* member (active, able to host, with room or a waiver, joined, and not
    marked "not before" a later term) has ``weight`` turns per round. The ledger (oldest
    first) is replayed; a round closes when every present member has used its turns.
    A hosting counts against its *turn owner*: the host itself, except after a swap,
    where each host uses the other's turn, so a swap exchanges two turns and nothing
    else. An override is the host's own turn; the member it displaced is recorded as
    declining that term and keeps its place. A turn used beyond the weight (an
    override, an extra turn) is carried into the next round, so it is paid back.

Choosing a host
    Candidates are present members with a turn left (confirmed later terms of the same
    round reserve theirs) who did not decline the term. Order: not the previous term's
    turn owner, not its district (when the pool allows), a member keeping its place
    after a decline, the district with fewest turns this round, the longest wait (since
    the last turn, or since joining; a weight shortens it), fewest turns, then a
    published lottery: SHA-256 of ``seed:year-term:member id``, lowest first. Never by
    name. With nobody left, an extra turn goes to the least-loaded member (paid back).
    Spread and "not twice running" follow turn owners, so a swap changes nothing else.

Explanations
    Each pick carries ``factors`` (code + parameters); the application renders them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scheduler_app.core.rotation_dates import (
    Blackout,
    first_plannable_term,
    pick_term_date,
    term_for_date,
    term_index,
    term_of_index,
)
from scheduler_app.core.rotation_model import (  # noqa: F401  (re-exported)
    CONFIRMED,
    CONFIRMED_HOST,
    DECLINED,
    DISTRICT_WAIT,
    EXTRA_TURN,
    FEWEST_TIMES,
    FIRST_TURN,
    JOINED,
    KEPT_PRIORITY,
    LEAST_RECENT,
    LONGEST_WAIT,
    LOTTERY,
    NO_HOST,
    ONLY_MEMBER,
    OTHER_DISTRICT,
    ROOM_WAIVED,
    VENUE_ROOM,
    WEIGHTED_TURN,
    Assignment,
    Factor,
    HostingRecord,
    PlanSettings,
    PoolMember,
    TermToPlan,
    has_room,
    lottery_ticket,
)

__all__ = [
    "Assignment",
    "Blackout",
    "Factor",
    "HostingRecord",
    "PlanSettings",
    "PoolMember",
    "TermToPlan",
    "first_plannable_term",
    "lottery_ticket",
    "plan_rotation",
    "term_for_date",
    "term_index",
    "term_of_index",
]

NEVER = -(10**9)
# (hosted the term before, same district as it, not keeping a place, district turns this
# round, due, turns so far); the lottery settles what is still tied.
OrderKey = tuple[bool, bool, bool, int, float, int]


class _State:
    """The replayed ledger: turns used this round, last turns, districts, declines."""

    def __init__(self, pool: Sequence[PoolMember], expected: int | None) -> None:
        self.members = {m.id: m for m in pool}
        self.eligible = [
            m
            for m in pool
            if m.is_active and not m.is_unable_to_host and m.weight >= 1 and has_room(m, expected)
        ]
        self.used: dict[int, int] = {}
        self.last: dict[int, int] = {}
        self.count: dict[int, int] = {}
        self.declined_at: dict[int, int] = {}
        self.district_last: dict[str, int] = {}
        self.district_round: dict[str, int] = {}
        self.last_host: int | None = None
        self.last_index: int | None = None
        starts = []
        for m in self.eligible:
            start = max(m.joined_term_index or NEVER, m.not_before_index or NEVER)
            starts.append((start, m.id))
        self._arrivals = sorted(starts)
        self._next = 0
        self.present: set[int] = set()
        self.pending = 0
        self.index = NEVER

    def advance_to(self, index: int) -> None:
        """Members joining or becoming ready by ``index`` take part from now on."""
        self.index = max(self.index, index)
        while self._next < len(self._arrivals) and self._arrivals[self._next][0] <= index:
            member = self.members[self._arrivals[self._next][1]]
            self._next += 1
            self.present.add(member.id)
            if member.joined_term_index is not None and member.id not in self.last:
                # A newcomer has one turn in the round it joins, whatever its weight.
                self.used[member.id] = max(self.used.get(member.id, 0), member.weight - 1)
            if self.used.get(member.id, 0) < member.weight:
                self.pending += 1

    def record(self, index: int, owner_id: int) -> None:
        """Count one hosting on ``owner_id``'s turn; close the round when all are done."""
        self.advance_to(index)
        owner = self.members.get(owner_id)
        used = self.used.get(owner_id, 0)
        self.used[owner_id] = used + 1
        if owner is not None and owner_id in self.present and used + 1 == owner.weight:
            self.pending -= 1
        self.last[owner_id] = index
        self.count[owner_id] = self.count.get(owner_id, 0) + 1
        # Spread and "not twice running" follow turns too, so a swap changes nothing else.
        if owner is not None and owner.district:
            self.district_last[owner.district] = index
            self.district_round[owner.district] = self.district_round.get(owner.district, 0) + 1
        self.last_host, self.last_index = owner_id, index
        if self.pending <= 0 and self.present:
            self._close_round()

    def _close_round(self) -> None:
        carried = {}
        for member_id, used in self.used.items():
            weight = self.members[member_id].weight if member_id in self.members else used
            if used > weight:
                carried[member_id] = used - weight
        self.used = carried
        self.district_round = {}
        self.pending = sum(1 for i in self.present if self.used.get(i, 0) < self.members[i].weight)

    def keeps_place(self, member_id: int, index: int) -> bool:
        """Declined (or was displaced from) an earlier term and has not hosted since."""
        declined = self.declined_at.get(member_id)
        return declined is not None and self.last.get(member_id, NEVER) <= declined < index

    def wait_key(self, member: PoolMember) -> int:
        return max(self.last.get(member.id, NEVER), member.joined_term_index or NEVER)


@dataclass(frozen=True)
class _Context:
    index: int
    year: int
    term: int
    previous_host: int | None
    previous_district: str | None
    period: int
    fixed: tuple[tuple[int, int], ...]  # (term index, turn owner) of confirmed terms


def _order_key(state: _State, member: PoolMember, ctx: _Context) -> OrderKey:
    district = member.district
    same = district is not None and district == ctx.previous_district
    round_hosts = state.district_round.get(district, 0) if district else 0
    due = state.wait_key(member) + ctx.period / member.weight
    kept = state.keeps_place(member.id, ctx.index)
    again = member.id == ctx.previous_host
    return (again, same, not kept, round_hosts, due, state.count.get(member.id, 0))


def _factors(
    state: _State,
    best: PoolMember,
    keyed: list[tuple[OrderKey, PoolMember]],
    tickets: Mapping[int, str],
    ctx: _Context,
    settings: PlanSettings,
) -> tuple[Factor, ...]:
    tpy = settings.terms_per_year
    found: list[Factor] = []
    declined = state.declined_at.get(best.id)
    last = state.last.get(best.id)
    if declined is not None and state.keeps_place(best.id, ctx.index):
        year, term = term_of_index(declined, tpy)
        found.append(Factor(KEPT_PRIORITY, {"declined_year": year, "declined_term": term}))
    used = state.used.get(best.id, 0)
    if used > 0 and best.weight > 1:
        found.append(Factor(WEIGHTED_TURN, {"weight": best.weight, "turn": used + 1}))
    joined = best.joined_term_index
    if joined is not None and (last is None or joined > last):
        year, term = term_of_index(joined, tpy)
        found.append(Factor(JOINED, {"joined_year": year, "joined_term": term}))
    elif last is None:
        found.append(Factor(FIRST_TURN))
    else:
        year, term = term_of_index(last, tpy)
        found.append(Factor(LEAST_RECENT, {"last_year": year, "last_term": term}))
    best_key = next(key for key, m in keyed if m is best)
    others = [key for key, m in keyed if m is not best]
    if others and all(best_key[4] < key[4] for key in others):
        found.append(Factor(LONGEST_WAIT))
    if best.district:
        if ctx.previous_district and best.district != ctx.previous_district:
            found.append(Factor(OTHER_DISTRICT, {"district": ctx.previous_district}))
        district_last = state.district_last.get(best.district)
        gap = -1 if district_last is None else ctx.index - district_last - 1
        if gap != 0:  # a district that hosted the term before is no reason
            found.append(Factor(DISTRICT_WAIT, {"district": best.district, "terms": gap}))
    if any(key[:5] == best_key[:5] and key[5] > best_key[5] for key in others):
        found.append(Factor(FEWEST_TIMES, {"times": best_key[5]}))
    if len(tickets) > 1:
        seed = f"{settings.seed}:{ctx.year}-{ctx.term}"
        found.append(Factor(LOTTERY, {"seed": seed, "ticket": tickets[best.id][:8]}))
    if settings.expected_attendance:
        if best.venue_capacity is not None and best.venue_capacity >= settings.expected_attendance:
            found.append(Factor(VENUE_ROOM, {"capacity": best.venue_capacity}))
        elif best.is_room_waived:
            found.append(Factor(ROOM_WAIVED))
    return tuple(found)


def _reserved(state: _State, ctx: _Context) -> dict[int, int]:
    """Turns of this round already taken by confirmed later terms.

    The round has as many terms left as its members have turns left; a confirmed term
    beyond that belongs to the next round and reserves nothing now.
    """
    remaining = sum(max(state.members[i].weight - state.used.get(i, 0), 0) for i in state.present)
    reserved: dict[int, int] = {}
    for index, owner in ctx.fixed:
        if ctx.index < index < ctx.index + remaining:
            reserved[owner] = reserved.get(owner, 0) + 1
    return reserved


def _choose(
    state: _State, slot: TermToPlan, ctx: _Context, settings: PlanSettings
) -> tuple[int | None, tuple[Factor, ...]]:
    state.advance_to(ctx.index)
    present = [m for m in state.eligible if m.id in state.present and m.id not in slot.declined_ids]
    if not present:
        return None, (Factor(NO_HOST),)
    if len(present) == 1:
        only = present[0]
        return only.id, (Factor(ONLY_MEMBER),)
    # Hosting twice running is avoided when anyone else has a turn left; an exact round
    # (nobody doubled, nobody dropped) outranks it.
    free = [m for m in present if m.id != ctx.previous_host]
    reserved = _reserved(state, ctx)
    with_turns = [m for m in present if state.used.get(m.id, 0) + reserved.get(m.id, 0) < m.weight]
    if with_turns:
        keyed = [(_order_key(state, m, ctx), m) for m in with_turns]
        best_key = min(key for key, _m in keyed)
        tied = [m for key, m in keyed if key == best_key]
        tickets = {m.id: lottery_ticket(settings.seed, ctx.year, ctx.term, m.id) for m in tied}
        best = min(tied, key=lambda m: tickets[m.id])
        return best.id, _factors(state, best, keyed, tickets, ctx, settings)
    best = min(
        free,
        key=lambda m: (
            reserved.get(m.id, 0) > 0,
            (state.used.get(m.id, 0) + reserved.get(m.id, 0)) / m.weight,
            _order_key(state, m, ctx),
            lottery_ticket(settings.seed, ctx.year, ctx.term, m.id),
        ),
    )
    return best.id, (Factor(EXTRA_TURN),)


def _replay(state: _State, ledger: Sequence[HostingRecord], tpy: int) -> None:
    rows = sorted(ledger, key=lambda r: (term_index(r.year, r.term, tpy), r.status == CONFIRMED))
    for row in rows:
        index = term_index(row.year, row.term, tpy)
        if row.status == CONFIRMED:
            state.record(index, row.turn_of or row.host_id)
        else:
            state.declined_at[row.host_id] = index


def plan_rotation(
    pool: Sequence[PoolMember],
    ledger: Sequence[HostingRecord],
    terms: Sequence[TermToPlan],
    settings: PlanSettings,
) -> list[Assignment]:
    """Plan ``terms`` (in order) given the pool and the ledger of earlier terms.

    Deterministic: the same inputs always give the same plan (see the module docstring).
    """
    tpy = settings.terms_per_year
    state = _State(pool, settings.expected_attendance)
    _replay(state, ledger, tpy)
    slots = sorted(terms, key=lambda t: term_index(t.year, t.term, tpy))
    fixed = tuple(
        (term_index(t.year, t.term, tpy), t.fixed_turn_of or t.fixed_host_id)
        for t in slots
        if t.fixed_host_id is not None
    )
    plan: list[Assignment] = []
    members = {m.id: m for m in pool}
    period = max(sum(m.weight for m in state.eligible), 1)
    for slot in slots:
        index = term_index(slot.year, slot.term, tpy)
        previous = None
        if state.last_host is not None and state.last_index == index - 1:
            previous = members.get(state.last_host)
        ctx = _Context(
            index,
            slot.year,
            slot.term,
            previous.id if previous else None,
            previous.district if previous else None,
            period,
            fixed,
        )
        if slot.fixed_host_id is not None:
            host_id: int | None = slot.fixed_host_id
            owner = slot.fixed_turn_of or slot.fixed_host_id
            factors: tuple[Factor, ...] = (Factor(CONFIRMED_HOST),)
        else:
            host_id, factors = _choose(state, slot, ctx, settings)
            owner = host_id or 0
        for declined in slot.declined_ids:
            state.declined_at[declined] = index
        if host_id is not None:
            state.record(index, owner)
        event_date, shifted = (None, False)
        if slot.month is not None:
            event_date, shifted = pick_term_date(
                slot.year, slot.month, settings.blackouts, settings.today, settings.lead_days
            )
        plan.append(Assignment(slot.year, slot.term, host_id, factors, event_date, shifted))
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
