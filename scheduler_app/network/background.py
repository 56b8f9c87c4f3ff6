"""Who recomputes the network, and when: never a page view on a national network.

- No broker, ``NETWORK_RECOMPUTE_INLINE`` on and at most
  ``NETWORK_RECOMPUTE_INLINE_MAX_MEMBERS`` active members (a province): the first page
  view after the activities changed recomputes inline (a second or so on the Loei demo).
  A larger network is never recomputed in a request (at national size that took minutes
  and gigabytes): its pages show the stored computation until cron or a worker runs.
- ``CELERY_BROKER_URL`` set: that page view only *queues* one recompute per new version
  (``send_task`` by name, so this package needs nothing from ``scheduler_app.tasks``);
  a Celery worker runs it, and beat also runs it every few minutes when stale.
- Neither: ``flask network recompute --if-stale`` from cron does it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

import sqlalchemy as sa
from celery import Celery
from flask import current_app

from scheduler_app.directory.models import Member
from scheduler_app.extensions import db
from scheduler_app.network import compute

RECOMPUTE_TASK = "scheduler_app.network.recompute"
RECOMPUTE_EVERY_SECONDS = 300.0
_QUEUED_KEY = "network_recompute_queued_version"
_SENDER_KEY = "network_celery_sender"

Outcome = Literal["inline", "queued", "waiting", "fresh", "cron"]


def broker_url() -> str | None:
    url = current_app.config.get("CELERY_BROKER_URL")
    return str(url) if url else None


def _sender(broker: str) -> Celery:
    """One producer-only Celery app per Flask app (it keeps the broker connection pool)."""
    sender = current_app.extensions.get(_SENDER_KEY)
    if sender is None or sender.conf.broker_url != broker:
        sender = Celery("ruamjai-web", broker=broker)
        sender.conf.broker_connection_retry_on_startup = True
        current_app.extensions[_SENDER_KEY] = sender
    return sender


def queue_recompute(force: bool = False) -> bool:
    """Queue one recompute on the broker (at most once per version in this worker unless
    ``force``). Returns whether a message was sent."""
    broker = broker_url()
    if broker is None:
        return False
    row = compute.state()
    if not force and current_app.extensions.get(_QUEUED_KEY) == row.version:
        return False
    _sender(broker).send_task(RECOMPUTE_TASK, kwargs={"force": force})
    current_app.extensions[_QUEUED_KEY] = row.version
    return True


def ensure_fresh(now: datetime) -> Outcome:
    """Called by the network pages before they read the stored computation."""
    if not compute.is_stale():
        return "fresh"
    if broker_url() is not None:
        return "queued" if queue_recompute() else "waiting"
    if inline_allowed():
        compute.recompute(now)
        db.session.commit()
        return "inline"
    return "cron"


def inline_allowed() -> bool:
    """Whether a request may recompute: inline is on and the network is province-sized."""
    if not current_app.config.get("NETWORK_RECOMPUTE_INLINE", True):
        return False
    limit = int(current_app.config.get("NETWORK_RECOMPUTE_INLINE_MAX_MEMBERS", 5000))
    # Reads at most limit + 1 rows of an index, whatever the network's size.
    active = sa.select(Member.id).where(Member.is_active).limit(limit + 1).subquery()
    return db.session.scalar(sa.select(sa.func.count()).select_from(active)) <= limit


def run_recompute(now: datetime, force: bool = False) -> dict[str, Any]:
    """The task's body (also what a worker runs): recompute when stale (or ``force``),
    storing snapshots of exchanges that ended. Commits."""
    if not force and not compute.is_stale():
        return {"recomputed": False}
    due = compute.store_due_snapshots(now)
    row = compute.recompute(now)
    result = {
        "recomputed": True,
        "version": row.computed_version,
        "seconds": row.seconds,
        "snapshots": len(due),
    }
    db.session.commit()
    return result
