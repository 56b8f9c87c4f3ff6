"""Timing of the network-keeping follow-ups (pure; ``now`` passed in)."""

from __future__ import annotations

from datetime import datetime, timedelta

QUIET_AFTER = timedelta(days=182)  # about six months
THANK_YOU_LOOKBACK = timedelta(days=3)
WELCOME_LOOKBACK = timedelta(days=2)
BRIEFING_AHEAD = timedelta(days=7)
DIGEST_AHEAD = {"weekly": timedelta(days=7), "monthly": timedelta(days=31)}


def quiet_cutoff(now: datetime) -> datetime:
    """People with no activity since this moment count as gone quiet."""
    return now - QUIET_AFTER


def last_activity(*moments: datetime | None) -> datetime | None:
    """The latest of the given moments (sign-up, login, registration), ignoring None."""
    known = [m for m in moments if m is not None]
    return max(known) if known else None


def is_quiet(now: datetime, *moments: datetime | None) -> bool:
    """True when the latest activity is older than six months."""
    latest = last_activity(*moments)
    return latest is not None and latest < quiet_cutoff(now)


def digest_period(frequency: str, now: datetime) -> str | None:
    """The period a digest covers, as a dedupe-key part: ``2026-W09`` or ``2026-03``.

    None for ``never`` (or anything unknown).
    """
    if frequency == "weekly":
        year, week, _ = now.isocalendar()
        return f"{year}-W{week:02d}"
    if frequency == "monthly":
        return f"{now.year}-{now.month:02d}"
    return None


def digest_window(frequency: str, now: datetime) -> tuple[datetime, datetime]:
    """The events a digest lists start in this window."""
    return now, now + DIGEST_AHEAD.get(frequency, DIGEST_AHEAD["monthly"])


def thank_you_window(now: datetime) -> tuple[datetime, datetime]:
    """Events that ended in this window get their thank-you now."""
    return now - THANK_YOU_LOOKBACK, now


def welcome_window(now: datetime) -> tuple[datetime, datetime]:
    """People who joined in this window get a welcome if they have none yet."""
    return now - WELCOME_LOOKBACK, now


def briefing_window(now: datetime) -> tuple[datetime, datetime]:
    """Study visits starting in this window get the visitor briefing (a week ahead)."""
    return now, now + BRIEFING_AHEAD
