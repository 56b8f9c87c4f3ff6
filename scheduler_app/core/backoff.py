"""Retry timing for work that fails for a while (SMTP outages): exponential back-off."""

from __future__ import annotations

from datetime import timedelta

DEFAULT_BASE = timedelta(minutes=1)
DEFAULT_CAP = timedelta(hours=6)


def retry_delay(
    attempts: int, *, base: timedelta = DEFAULT_BASE, cap: timedelta = DEFAULT_CAP
) -> timedelta:
    """The wait before the next try after ``attempts`` failed tries: base·2^(attempts−1), capped.

    ``retry_delay(1)`` is 1 minute, then 2, 4, 8 … minutes, never more than ``cap``.
    ``attempts`` below 1 counts as 1.
    """
    exponent = max(attempts, 1) - 1
    if exponent >= 40:  # 2**40 minutes is far past any sane cap; avoid huge numbers
        return cap
    delay: timedelta = base * (2**exponent)
    return min(delay, cap)


def is_exhausted(attempts: int, max_attempts: int) -> bool:
    """True once ``attempts`` failed tries reach the limit and we should give up."""
    return attempts >= max(max_attempts, 1)
