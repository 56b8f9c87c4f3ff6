"""Example tests for the rotation engine: each rule, and the factors it gives."""

from __future__ import annotations

import hashlib
import itertools
from datetime import date

from scheduler_app.core import rotation as engine
from scheduler_app.core.holidays import Holiday, effective_holidays, shipped_holidays
from scheduler_app.core.rotation import (
    Blackout,
    HostingRecord,
    PlanSettings,
    PoolMember,
    TermToPlan,
    fairness_ledger,
    first_plannable_term,
    lottery_ticket,
    plan_rotation,
    term_index,
)
from scheduler_app.core.rotation_dates import pick_term_date

TODAY = date(2025, 1, 1)
SETTINGS = PlanSettings(today=TODAY, seed="series-1")


def pool(n: int, **kw: object) -> list[PoolMember]:
    return [PoolMember(i + 1, **kw) for i in range(n)]  # type: ignore[arg-type]


def terms(first_year: int, n: int, per_year: int = 2, **kw: object) -> list[TermToPlan]:
    start = term_index(first_year, 1, per_year)
    return [
        TermToPlan((start + k) // per_year, (start + k) % per_year + 1, **kw)  # type: ignore[arg-type]
        for k in range(n)
    ]


def hosts(plan: list[engine.Assignment]) -> list[int | None]:
    return [a.host_id for a in plan]


def codes(item: engine.Assignment) -> list[str]:
    return [f.code for f in item.factors]


def test_fresh_pool_follows_the_published_lottery_not_the_ids() -> None:
    plan = plan_rotation(pool(5), [], terms(2026, 10), SETTINGS)
    first_round, second_round = hosts(plan)[:5], hosts(plan)[5:]
    assert sorted(first_round) == [1, 2, 3, 4, 5]
    assert first_round == second_round  # the order of the first round repeats
    tickets = {i: lottery_ticket("series-1", 2026, 1, i) for i in range(1, 6)}
    assert first_round[0] == min(tickets, key=lambda i: tickets[i])
    # Anyone can re-run the lottery from the published seed.
    expected = hashlib.sha256(f"series-1:2026-1:{first_round[0]}".encode()).hexdigest()
    lottery = next(f for f in plan[0].factors if f.code == engine.LOTTERY)
    assert lottery.params == {"seed": "series-1:2026-1", "ticket": expected[:8]}


def test_another_seed_gives_another_first_round() -> None:
    orders = {
        tuple(hosts(plan_rotation(pool(6), [], terms(2026, 6), PlanSettings(TODAY, seed=s))))
        for s in ("series-1", "series-2", "series-3", "series-4")
    }
    assert len(orders) > 1


def test_history_counts_longest_wait_first() -> None:
    ledger = [HostingRecord(2024, 1, 1), HostingRecord(2024, 2, 2), HostingRecord(2025, 1, 3)]
    plan = plan_rotation(pool(3), ledger, terms(2025, 2)[1:], SETTINGS)
    assert plan[0].host_id == 1
    assert codes(plan[0])[:2] == [engine.LEAST_RECENT, engine.LONGEST_WAIT]
    assert plan[0].factors[0].params == {"last_year": 2024, "last_term": 1}


def test_fewest_times_breaks_a_tie_on_waiting() -> None:
    # 1 and 2 never hosted in this round's sense: both waited since the start; 1 hosted
    # more often in earlier rounds.
    ledger = [HostingRecord(2020, 1, 1, turn_of=1), HostingRecord(2020, 2, 2)]
    ledger += [HostingRecord(2021, 1, 3), HostingRecord(2021, 2, 1), HostingRecord(2022, 1, 2)]
    plan = plan_rotation(pool(3), ledger, terms(2022, 2)[1:], SETTINGS)
    assert plan[0].host_id == 3


def test_consecutive_hosts_come_from_different_districts_when_possible() -> None:
    members = [
        PoolMember(1, district="4201"),
        PoolMember(2, district="4201"),
        PoolMember(3, district="4201"),
        PoolMember(4, district="4203"),
        PoolMember(5, district="4203"),
        PoolMember(6, district="4204"),
    ]
    plan = plan_rotation(members, [], terms(2026, 12), SETTINGS)
    district = {m.id: m.district for m in members}
    chosen = [district[h] for h in hosts(plan) if h is not None]
    assert all(a != b for a, b in itertools.pairwise(chosen))
    # The first three terms of each round visit three different districts.
    assert len(set(chosen[:3])) == 3 and len(set(chosen[6:9])) == 3
    assert engine.DISTRICT_WAIT in codes(plan[1])


def test_swap_exchanges_two_turns_and_nothing_else() -> None:
    plan = plan_rotation(pool(5), [], terms(2026, 10), SETTINGS)
    a, b = plan[1].host_id, plan[3].host_id
    slots = terms(2026, 10)
    slots[1] = TermToPlan(2026, 2, fixed_host_id=b, fixed_turn_of=a)
    slots[3] = TermToPlan(2027, 2, fixed_host_id=a, fixed_turn_of=b)
    swapped = plan_rotation(pool(5), [], slots, SETTINGS)
    expected = hosts(plan)
    expected[1], expected[3] = b, a
    assert hosts(swapped) == expected


def test_confirmed_far_term_reserves_the_turn() -> None:
    slots = terms(2026, 4)
    slots[3] = TermToPlan(2027, 2, fixed_host_id=2)
    plan = plan_rotation(pool(4), [], slots, SETTINGS)
    assert hosts(plan).count(2) == 1 and sorted(hosts(plan)) == [1, 2, 3, 4]


def test_override_is_paid_back_in_the_next_round() -> None:
    # 1 hosted on its own turn, then a coordinator gave it term 2 as well.
    ledger = [HostingRecord(2026, 1, 1), HostingRecord(2026, 2, 1)]
    plan = plan_rotation(pool(3), ledger, terms(2027, 5), SETTINGS)
    # 2 and 3 finish the round; in the next round 1 has already used its turn.
    assert sorted(hosts(plan)[:2]) == [2, 3]
    assert sorted(hosts(plan)[2:4]) == [2, 3]
    assert hosts(plan)[4] == 1


def test_decliner_keeps_its_place() -> None:
    slots = terms(2026, 3)
    first = plan_rotation(pool(3), [], slots, SETTINGS)[0].host_id
    assert first is not None
    slots[0] = TermToPlan(2026, 1, declined_ids=frozenset({first}))
    plan = plan_rotation(pool(3), [], slots, SETTINGS)
    assert plan[0].host_id != first and plan[1].host_id == first
    kept = plan[1].factors[0]
    assert kept.code == engine.KEPT_PRIORITY
    assert kept.params == {"declined_year": 2026, "declined_term": 1}


def test_not_before_keeps_a_member_out_until_its_term_then_first() -> None:
    ready = term_index(2027, 1, 2)
    members = [*pool(3), PoolMember(4, not_before_index=ready)]
    plan = plan_rotation(members, [], terms(2026, 5), SETTINGS)
    assert 4 not in hosts(plan)[:2]
    assert hosts(plan)[2] == 4 or 4 in hosts(plan)[2:4]


def test_capacity_excludes_members_without_room_unless_waived() -> None:
    members = [
        PoolMember(1, venue_capacity=150),
        PoolMember(2, venue_capacity=40),
        PoolMember(3, venue_capacity=None, is_room_waived=True),
        PoolMember(4, venue_capacity=None),
    ]
    settings = PlanSettings(TODAY, seed="x", expected_attendance=100)
    plan = plan_rotation(members, [], terms(2026, 4), settings)
    assert set(hosts(plan)) == {1, 3}
    by_host = {a.host_id: a for a in plan}
    assert engine.Factor(engine.VENUE_ROOM, {"capacity": 150}) in by_host[1].factors
    assert engine.ROOM_WAIVED in codes(by_host[3])


def test_new_member_queues_behind_those_waiting() -> None:
    joined = term_index(2026, 2, 2)
    members = [*pool(3), PoolMember(4, joined_term_index=joined)]
    plan = plan_rotation(members, [], terms(2026, 5), SETTINGS)
    assert hosts(plan)[3] == 4
    assert plan[3].factors[0].params == {"joined_year": 2026, "joined_term": 2}


def test_weight_two_hosts_twice_per_round_spread_out() -> None:
    members = [PoolMember(1, weight=2), *[PoolMember(i) for i in range(2, 5)]]
    plan = plan_rotation(members, [], terms(2026, 10), SETTINGS)
    assert hosts(plan)[:5].count(1) == 2 and hosts(plan)[5:].count(1) == 2
    positions = [i for i, h in enumerate(hosts(plan)[:5]) if h == 1]
    assert positions[1] - positions[0] >= 2


def test_no_host_when_everyone_left() -> None:
    plan = plan_rotation(pool(2, is_active=False), [], terms(2026, 1), SETTINGS)
    assert plan[0].host_id is None and plan[0].reason == engine.NO_HOST


def test_lead_time_moves_the_first_term() -> None:
    assert first_plannable_term(date(2026, 2, 20), [3, 11], 56) == (2026, 2)
    assert first_plannable_term(date(2026, 1, 1), [3, 11], 56) == (2026, 1)
    assert first_plannable_term(date(2026, 10, 1), [3, 11], 56) == (2026, 2)  # 26 Nov on
    assert first_plannable_term(date(2026, 11, 1), [3, 11], 56) == (2027, 1)


def test_term_dates_avoid_blackouts_holidays_and_the_lead_time() -> None:
    holidays = [Blackout(h.day, h.day, h.name_en) for h in shipped_holidays()]
    lent = Blackout(date(2026, 7, 30), date(2026, 10, 26), "Buddhist Lent")
    day, shifted = pick_term_date(2026, 3, holidays, date(2026, 1, 20), 56)
    assert day == date(2026, 3, 21) and not shifted  # 7 and 14 March are within 8 weeks
    day, shifted = pick_term_date(2026, 5, holidays, date(2025, 1, 1), 56)
    assert day == date(2026, 5, 2)
    day, shifted = pick_term_date(2026, 8, [*holidays, lent], date(2025, 1, 1), 56)
    assert shifted and day == date(2026, 10, 31)
    day, _shifted = pick_term_date(2026, 4, [Blackout(date(2026, 4, 1), date(2026, 4, 30))], TODAY)
    assert day == date(2026, 5, 2)


def test_shipped_holidays_cover_the_coming_years_and_admins_can_edit() -> None:
    days = {h.day for h in shipped_holidays()}
    for year in range(2026, 2032):
        assert date(year, 4, 13) in days and date(year, 12, 5) in days
    added = Holiday(date(2027, 2, 20), "วันมาฆบูชา", "Makha Bucha")
    edited = effective_holidays([added], {date(2026, 12, 31)})
    edited_days = {h.day for h in edited}
    assert date(2027, 2, 20) in edited_days and date(2026, 12, 31) not in edited_days


def test_fairness_ledger_counts_confirmed_hostings_only() -> None:
    ledger = [
        HostingRecord(2024, 1, 1),
        HostingRecord(2024, 2, 2, status="declined"),
        HostingRecord(2025, 1, 1),
    ]
    result = fairness_ledger(pool(2), ledger)
    assert result == {1: (2, (2025, 1)), 2: (0, None)}


def test_an_exchange_off_month_belongs_to_the_nearest_term() -> None:
    from scheduler_app.core.rotation_dates import term_nearest_date

    assert term_nearest_date(date(2026, 12, 28), [3, 11]) == (2026, 2)
    assert term_nearest_date(date(2027, 2, 1), [3, 11]) == (2027, 1)
    assert term_nearest_date(date(2027, 1, 1), [3, 11]) == (2026, 2)  # tie: the earlier
