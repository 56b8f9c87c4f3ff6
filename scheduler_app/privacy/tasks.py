"""The retention purge as a Celery task, run daily by beat when Celery is configured."""

from __future__ import annotations

from typing import Any

from celery import Celery

PURGE_TASK = "scheduler_app.privacy.purge"
BEAT_ENTRY = {"privacy-purge-daily": {"task": PURGE_TASK, "schedule": 24 * 3600.0}}


def add_privacy_tasks(celery: Celery) -> None:
    """Register the purge task and its daily beat entry on ``celery``."""
    celery.conf.beat_schedule = {**(celery.conf.beat_schedule or {}), **BEAT_ENTRY}

    @celery.task(name=PURGE_TASK, shared=False)
    def purge_task() -> dict[str, Any]:
        from flask import current_app

        from scheduler_app.extensions import db, utcnow
        from scheduler_app.privacy.retention import purge

        try:
            summary = purge(utcnow(), dict(current_app.config))
            db.session.commit()
        finally:
            db.session.remove()
        return dict(summary.__dict__)
