"""Celery wiring for the outbox (optional: without CELERY_BROKER_URL use ``flask mail worker``).

Run a worker with its beat scheduler, which calls ``send_due`` every minute::

    CELERY_BROKER_URL=redis://localhost:6379/0 \\
        celery -A scheduler_app.tasks:celery_app worker --beat --loglevel=info

Each worker refreshes a heartbeat key in Redis every 30 s from a thread, and beat
schedules a heartbeat task every 30 s; ``/readyz`` reads both (``health.py``). Every task
writes one log line with its name, outcome, seconds and counts (``logs.log_job``).

``send_due`` claims rows with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so several
workers (or a worker plus a cron ``flask mail send-due``) never send a message twice.
"""

from __future__ import annotations

import contextlib
import threading
import time
from typing import Any

from celery import Celery, Task, signals
from flask import Flask

from scheduler_app import health, logs
from scheduler_app.network.background import RECOMPUTE_EVERY_SECONDS, RECOMPUTE_TASK

SEND_DUE_TASK = "scheduler_app.mail.send_due"
FOLLOWUPS_TASK = "scheduler_app.followups.run"
PRUNE_VEVENTS_TASK = "scheduler_app.feeds.prune_vevents"
HEARTBEAT_TASK = "scheduler_app.health.beat"
BEAT_SCHEDULE = {
    # Proves beat, the broker and a worker all move (``/readyz`` reads the key).
    "health-beat": {"task": HEARTBEAT_TASK, "schedule": health.HEARTBEAT_SECONDS},
    # Catches changes no page view queued (imports, the CLI); does nothing when fresh.
    "network-recompute-when-stale": {
        "task": RECOMPUTE_TASK,
        "schedule": RECOMPUTE_EVERY_SECONDS,
    },
    # Stored VEVENT bytes of edited or deleted events (harmless, but they take room).
    "feeds-prune-vevents-daily": {"task": PRUNE_VEVENTS_TASK, "schedule": 86400.0},
    "mail-send-due-every-minute": {"task": SEND_DUE_TASK, "schedule": 60.0},
    # Queues reminders, thank-yous, digests, win-backs (idempotent: dedupe keys).
    "followups-run-every-15-minutes": {"task": FOLLOWUPS_TASK, "schedule": 900.0},
}


def make_celery(app: Flask) -> Celery:
    """A Celery app bound to ``app``: every task runs inside its application context."""

    class FlaskTask(Task):  # type: ignore[misc]
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            with app.app_context():
                return self.run(*args, **kwargs)

    celery = Celery(app.import_name, task_cls=FlaskTask)
    broker = app.config.get("CELERY_BROKER_URL")
    celery.conf.update(
        broker_url=broker,
        result_backend=app.config.get("CELERY_RESULT_BACKEND"),
        task_ignore_result=not app.config.get("CELERY_RESULT_BACKEND"),
        beat_schedule=BEAT_SCHEDULE,
        timezone="UTC",
        broker_connection_retry_on_startup=True,
        # Our handler writes stderr itself (logs.py); Celery's redirect would re-log each
        # line as a WARNING of its own.
        worker_redirect_stdouts=False,
        # Inline when no broker is configured (development, tests).
        task_always_eager=not broker,
    )

    @celery.task(name=HEARTBEAT_TASK, shared=False, ignore_result=True)
    def heartbeat_task() -> None:
        """Refresh the beat heartbeat key (no-op without a Redis to write it to)."""
        url = health.redis_url(app.config)
        if url:
            client = health.redis_client(url)
            try:
                health.beat(client, health.BEAT_KEY)
            finally:
                client.close()

    _connect_signals()
    celery.conf.ruamjai_redis_url = health.redis_url(app.config)

    @celery.task(name=SEND_DUE_TASK, shared=False)
    def send_due_task(batch_size: int = 100) -> dict[str, int]:
        """Send everything that is due now; returns the run's counts."""
        from scheduler_app.extensions import db, utcnow
        from scheduler_app.mail.sending import send_due

        try:
            summary = send_due(utcnow(), batch_size=batch_size)
        finally:
            db.session.remove()
        counts = {
            "sent": summary.sent,
            "retried": summary.retried,
            "failed": summary.failed,
            "skipped": summary.skipped,
        }
        for name, other in summary.other_channels.items():  # LINE, when it is on
            counts |= {f"{name}_sent": other.sent, f"{name}_retried": other.retried,
                       f"{name}_failed": other.failed}  # fmt: skip
        return counts

    @celery.task(name=FOLLOWUPS_TASK, shared=False)
    def followups_task() -> dict[str, int]:
        """Queue every follow-up due now (same as ``flask followups run``)."""
        from scheduler_app.extensions import db, utcnow
        from scheduler_app.followups.jobs import run_all

        try:
            counts = run_all(utcnow())
            db.session.commit()
        finally:
            db.session.remove()
        return counts

    @celery.task(name=PRUNE_VEVENTS_TASK, shared=False)
    def prune_vevents_task() -> int:
        """Same as ``flask feeds prune-vevents``."""
        from scheduler_app.extensions import db
        from scheduler_app.feeds import shared_vevents

        try:
            removed = shared_vevents.prune(db.session)
            db.session.commit()
        finally:
            db.session.remove()
        return removed

    @celery.task(name=RECOMPUTE_TASK, shared=False)
    def network_recompute_task(force: bool = False) -> dict[str, Any]:
        """Recompute the network when the activities changed (``force``: anyway)."""
        from scheduler_app.extensions import db, utcnow
        from scheduler_app.network.background import run_recompute

        try:
            return run_recompute(utcnow(), force=force)
        finally:
            db.session.remove()

    from scheduler_app.privacy.tasks import add_privacy_tasks

    add_privacy_tasks(celery)
    app.extensions["celery"] = celery
    return celery


# Task id -> perf_counter at start, for the per-task log line.
_started: dict[str, float] = {}
_QUIET_TASKS = frozenset({HEARTBEAT_TASK})


def _task_started(task_id: str | None = None, **_kwargs: Any) -> None:
    if task_id:
        _started[task_id] = time.perf_counter()


def _task_finished(
    task_id: str | None = None,
    task: Any = None,
    retval: Any = None,
    state: str | None = None,
    **_kwargs: Any,
) -> None:
    started = _started.pop(task_id or "", None)
    name = getattr(task, "name", "?")
    if started is None or name in _QUIET_TASKS:
        return
    outcome = "ok" if state == "SUCCESS" else str(state or "unknown").lower()
    counts = logs.job_counts(retval) if outcome == "ok" else {}
    logs.log_job(name, outcome, time.perf_counter() - started, counts)


class WorkerHeartbeat:
    """A daemon thread refreshing this worker's key until the worker shuts down."""

    def __init__(self, url: str, hostname: str, every: float = health.HEARTBEAT_SECONDS):
        self.key = health.worker_key(hostname)
        self._client = health.redis_client(url)
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="ruamjai-heartbeat", daemon=True)

    def start(self) -> WorkerHeartbeat:
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                health.beat(self._client, self.key)
            except Exception as exc:  # Redis away for a moment: try again next beat
                logs.job_log.warning("worker heartbeat not written: %s", exc.__class__.__name__)
            self._stop.wait(self._every)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        with contextlib.suppress(Exception):  # the key expires on its own anyway
            self._client.delete(self.key)
        self._client.close()


_heartbeats: list[WorkerHeartbeat] = []


def _worker_ready(sender: Any = None, **_kwargs: Any) -> None:
    url = getattr(sender.app.conf, "ruamjai_redis_url", None) if sender is not None else None
    if url:
        _heartbeats.append(WorkerHeartbeat(url, sender.hostname).start())


def _worker_shutdown(**_kwargs: Any) -> None:
    while _heartbeats:
        _heartbeats.pop().stop()


def _setup_logging(loglevel: int | str | None = None, **_kwargs: Any) -> None:
    """Celery's own lines (received, retried, errors) through the app's log handler."""
    logs.share_handler("celery", loglevel or "INFO")


def _connect_signals() -> None:
    signals.setup_logging.connect(_setup_logging, weak=False, dispatch_uid="ruamjai-logging")
    signals.task_prerun.connect(_task_started, weak=False, dispatch_uid="ruamjai-task-started")
    signals.task_postrun.connect(_task_finished, weak=False, dispatch_uid="ruamjai-task-finished")
    signals.worker_ready.connect(_worker_ready, weak=False, dispatch_uid="ruamjai-worker-ready")
    signals.worker_shutdown.connect(
        _worker_shutdown, weak=False, dispatch_uid="ruamjai-worker-shutdown"
    )


def __getattr__(name: str) -> Any:
    # ``celery -A scheduler_app.tasks:celery_app`` builds the Flask app on first use
    # only, so importing this module (tests, the web app) creates nothing.
    if name == "celery_app":
        from scheduler_app import create_app

        return make_celery(create_app())
    raise AttributeError(name)
