"""Which events a feed lists: published ones, and cancelled ones for 30 to 31 days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from scheduler_app.core.ical.values import require_aware

CANCELLED_KEPT_FOR = timedelta(days=30)


def cancelled_cutoff(now: datetime) -> datetime:
    """Cancelled events stay listed if cancelled on or after this instant.

    Whole UTC days, so a feed's content only changes with time at midnight UTC (caches
    can keep a rendering until then): cancelled events stay 30 to 31 days.
    """
    require_aware(now, "now")
    midnight = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight - CANCELLED_KEPT_FOR


def is_listed(status: str, cancelled_at: datetime | None, now: datetime) -> bool:
    """Whether an event belongs in a feed: published, or cancelled within the last 30 days."""
    if status == "published":
        return True
    if status == "cancelled":
        return cancelled_at is None or cancelled_at >= cancelled_cutoff(now)
    return False
