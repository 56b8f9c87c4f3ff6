"""Exponential back-off for retries (pure)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from scheduler_app.core.backoff import is_exhausted, retry_delay


@pytest.mark.parametrize(
    ("attempts", "minutes"), [(0, 1), (1, 1), (2, 2), (3, 4), (4, 8), (5, 16), (9, 256)]
)
def test_delay_doubles_from_one_minute(attempts: int, minutes: int) -> None:
    assert retry_delay(attempts) == timedelta(minutes=minutes)


@pytest.mark.parametrize("attempts", [10, 30, 41, 10_000])
def test_delay_is_capped(attempts: int) -> None:
    assert retry_delay(attempts) == timedelta(hours=6)
    assert retry_delay(attempts, cap=timedelta(minutes=5)) == timedelta(minutes=5)


def test_custom_base() -> None:
    assert retry_delay(3, base=timedelta(seconds=10)) == timedelta(seconds=40)


@pytest.mark.parametrize(
    ("attempts", "limit", "expected"), [(0, 3, False), (2, 3, False), (3, 3, True), (1, 0, True)]
)
def test_exhausted(attempts: int, limit: int, expected: bool) -> None:
    assert is_exhausted(attempts, limit) is expected
