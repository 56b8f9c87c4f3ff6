"""Example tests for the rotation engine: each rule, and the reason it gives."""

from __future__ import annotations

from datetime import date

import pytest

from scheduler_app.core.rotation import (
    Blackout,
    HostingRecord,
    PoolMember,
    TermToPlan,
    fairness_ledger,
    pick_term_date,
    plan_rotation,
    term_for_date,
    term_index,
)

TODAY = date(2025, 1, 1)
SONGKRAN = Blackout(date(2026, 4, 13), date(2026, 4, 15), "Songkran")
LENT = Blackout(date(2026, 7, 30), date(2026, 10, 26), "Buddhist Lent")


def pool(*names: str, **kw: object) -> list[PoolMember]:
    return [PoolMember(i + 1, name, **kw) for i, name in enumerate(names)]  # type: ignore[arg-type]


def terms(first_year: int, n: int, per_year: int = 2) -> list[TermToPlan]:
    start = term_index(first_year, 1, per_year)
    return [
        TermToPlan((start + k) // per_year, (start + k) % per_year + 1, month=None)
        for k in range(n)
    ]


def hosts(plan: list) -> list[int | None]:
    return [a.host_id for a in plan]


def test_fresh_pool_goes_round_by_name_and_repeats_in_the_same_order() -> None:
    plan = plan_rotation(pool("C", "A", "B"), [], terms(2026, 6), today=TODAY)
    assert hosts(plan) == [2, 3, 1, 2, 3, 1]
    assert plan[0].reason == "first_turn"
    assert plan[3].reason == "least_recent"
    assert dict(plan[3].params) == {"last_year": 2026, "last_term": 1}


def test_least_recent_reason_names_the_last_term_hosted() -> None:
    ledger = [
        HostingRecord(2024, 1, 1),
        HostingRecord(2024, 2, 2),
        HostingRecord(2025, 1, 3),
    ]
    plan = plan_rotation(pool("A", "B", "C"), ledger, terms(2025, 2)[1:], today=TODAY)
    # Term 2 of 2025: A waited longest (last hosted term 1 of 2024).
    assert plan[0].year == 2025 and plan[0].term == 2
    assert plan[0].host_id == 1
    assert plan[0].reason == "least_recent"
    assert dict(plan[0].params) == {"last_year": 2024, "last_term": 1}


def test_nobody_hosts_twice_before_everyone_once_across_years() -> None:
    ledger = [HostingRecord(2023, 1, 1), HostingRecord(2023, 2, 2), HostingRecord(2024, 1, 1)]
    plan = plan_rotation(pool("A", "B", "C", "D"), ledger, terms(2024, 3)[1:], today=TODAY)
    # A's extra 2024 turn counts; C and D still owe their turn in this cycle.
    assert set(hosts(plan)[:2]) == {3, 4}


def test_decliner_keeps_its_place_for_the_next_term() -> None:
    slots = terms(2026, 4)
    slots[0] = TermToPlan(2026, 1, declined_ids=frozenset({1}))
    plan = plan_rotation(pool("A", "B", "C"), [], slots, today=TODAY)
    assert hosts(plan) == [2, 1, 3, 2]
    assert plan[1].reason == "kept_priority"
    assert dict(plan[1].params) == {"declined_year": 2026, "declined_term": 1}


def test_deferral_in_the_ledger_keeps_priority() -> None:
    ledger = [
        HostingRecord(2025, 1, 1),
        HostingRecord(2025, 2, 2, status="deferred"),
        HostingRecord(2025, 2, 3),
    ]
    plan = plan_rotation(pool("A", "B", "C"), ledger, terms(2026, 2), today=TODAY)
    assert hosts(plan) == [2, 1]
    assert plan[0].reason == "kept_priority"


def test_joiner_waits_behind_those_already_waiting() -> None:
    members = [*pool("A", "B", "C"), PoolMember(9, "Aardvark", joined_term_index=2025 * 2 + 1)]
    ledger = [HostingRecord(2025, 1, 1)]
    plan = plan_rotation(members, ledger, terms(2025, 5)[1:], today=TODAY)
    # B and C were waiting before the newcomer joined; it hosts in this cycle, then A.
    assert hosts(plan) == [2, 3, 9, 1]
    assert plan[2].reason == "joined"
    assert dict(plan[2].params) == {"joined_year": 2025, "joined_term": 2}


def test_leaving_and_unable_members_are_never_planned() -> None:
    members = [
        PoolMember(1, "A", is_active=False),
        PoolMember(2, "B", is_unable_to_host=True),
        PoolMember(3, "C"),
        PoolMember(4, "D"),
    ]
    plan = plan_rotation(members, [], terms(2026, 4), today=TODAY)
    assert hosts(plan) == [3, 4, 3, 4]


def test_single_member_may_host_every_term() -> None:
    plan = plan_rotation(pool("A"), [], terms(2026, 3), today=TODAY)
    assert hosts(plan) == [1, 1, 1]
    assert [a.reason for a in plan][1:] == ["only_member", "only_member"]


def test_empty_pool_gives_no_host() -> None:
    plan = plan_rotation([], [], terms(2026, 1), today=TODAY)
    assert plan[0].host_id is None and plan[0].reason == "no_host"


def test_weights_give_more_turns_but_never_two_in_a_row() -> None:
    members = [PoolMember(1, "Big", weight=2), PoolMember(2, "B"), PoolMember(3, "C")]
    plan = plan_rotation(members, [], terms(2026, 8), today=TODAY)
    assert hosts(plan) == [1, 2, 3, 1, 2, 1, 3, 1]
    assert all(a != b for a, b in zip(hosts(plan), hosts(plan)[1:], strict=False))
    weighted = [a for a in plan if a.reason == "weighted_turn"]
    assert weighted and dict(weighted[0].params) == {"weight": 2, "turn": 2}


def test_confirmed_future_term_is_kept_and_counted() -> None:
    slots = terms(2026, 3)
    slots[0] = TermToPlan(2026, 1, fixed_host_id=3)
    plan = plan_rotation(pool("A", "B", "C"), [], slots, today=TODAY)
    assert hosts(plan) == [3, 1, 2]
    assert plan[0].reason == "confirmed"


def test_same_inputs_same_plan() -> None:
    ledger = [HostingRecord(2024, t, h) for t, h in ((1, 2), (2, 4))]
    members = pool("A", "B", "C", "D", "E")
    first = plan_rotation(members, ledger, terms(2025, 8), today=TODAY)
    assert first == plan_rotation(
        list(reversed(members)), ledger[::-1], terms(2025, 8), today=TODAY
    )


@pytest.mark.parametrize(
    ("month", "blackouts", "expected", "shifted"),
    [
        (4, [], date(2026, 4, 4), False),
        (
            4,
            [Blackout(date(2026, 4, 1), date(2026, 4, 15), "x"), SONGKRAN],
            date(2026, 4, 18),
            False,
        ),
        (8, [LENT], date(2026, 10, 31), True),
        (11, [LENT], date(2026, 11, 7), False),
    ],
)
def test_term_date_avoids_blackouts(month, blackouts, expected, shifted) -> None:
    assert pick_term_date(2026, month, blackouts, TODAY) == (expected, shifted)


def test_term_date_is_after_today() -> None:
    assert pick_term_date(2026, 4, [], date(2026, 4, 10)) == (date(2026, 4, 11), False)


def test_dates_are_attached_to_the_plan() -> None:
    plan = plan_rotation(
        pool("A", "B"), [], [TermToPlan(2026, 1, month=4)], today=TODAY, blackouts=[SONGKRAN]
    )
    assert plan[0].event_date == date(2026, 4, 4)


def test_term_for_date_uses_preferred_months() -> None:
    months = [3, 11]
    assert term_for_date(date(2026, 2, 10), months) == (2026, 1)
    assert term_for_date(date(2026, 5, 10), months) == (2026, 2)
    assert term_for_date(date(2026, 12, 1), months) == (2027, 1)


def test_fairness_ledger_counts_confirmed_only() -> None:
    ledger = [
        HostingRecord(2024, 1, 1),
        HostingRecord(2024, 2, 2, status="declined"),
        HostingRecord(2025, 1, 1),
    ]
    assert fairness_ledger(pool("A", "B"), ledger) == {1: (2, (2025, 1)), 2: (0, None)}
