"""The audit log of what admins and coordinators change about people. Ids only, never
names, so an erasure leaves no name behind here either."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination

from scheduler_app.accounts.privacy_models import AuditAction, AuditEntry
from scheduler_app.extensions import db


def record(actor: Any, action: AuditAction, subject: Any, detail: str, now: datetime) -> AuditEntry:
    """Add one entry (the caller commits it with the change it describes)."""
    entry = AuditEntry(
        at=now,
        actor_id=getattr(actor, "id", None),
        subject_id=getattr(subject, "id", None),
        action=action.value,
        detail=detail[:500],
    )
    db.session.add(entry)
    return entry


def entries(page: int, per_page: int) -> Pagination:
    """Newest first."""
    stmt = sa.select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def purge_older_than(now: datetime, days: int) -> int:
    """Delete entries older than ``days``; returns how many."""
    result = db.session.execute(
        sa.delete(AuditEntry).where(AuditEntry.at < now - timedelta(days=days))
    )
    return int(getattr(result, "rowcount", 0) or 0)
