"""The network's version moves in the same transaction as any change to what the
graph is built from, so the stored computation knows it is out of date.

A session listener rather than calls sprinkled through other packages: events,
registrations, rally stops, survey answers and member profiles all change through the
ORM. (When the events package sends blinker signals, this can listen to them instead.)
"""

from __future__ import annotations

from itertools import chain
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

_installed = False


def _watched() -> tuple[type, ...]:
    from scheduler_app.directory.models import Member
    from scheduler_app.directory.profile_models import MemberNeed, MemberOffer, MemberTopic
    from scheduler_app.events.models import Event, Registration
    from scheduler_app.events.rally.models import RallyStop
    from scheduler_app.followups.models import ConfirmedTie, Feedback
    from scheduler_app.network.models import Introduction

    return (
        Event, Registration, RallyStop, ConfirmedTie, Feedback, Introduction,
        Member, MemberTopic, MemberOffer, MemberNeed,
    )  # fmt: skip


def _bump_if_changed(session: Session, flush_context: Any, instances: Any) -> None:
    watched = _watched()
    changed = chain(session.new, session.dirty, session.deleted)
    if any(isinstance(obj, watched) for obj in changed):
        from scheduler_app.network.models import NetworkState

        table = NetworkState.__table__
        # Core on the flush's connection: no autoflush, same transaction as the change.
        session.connection().execute(
            sa.update(table).where(table.c.id == 1).values(version=table.c.version + 1)
        )


def install() -> None:
    """Listen on every session (idempotent)."""
    global _installed
    if not _installed:
        event.listen(Session, "before_flush", _bump_if_changed)
        _installed = True
