"""The digest of upcoming events: monthly by default, weekly or never per person.

One row per person and period (``digest:2026-03:person:42``), so running the job every
hour sends each person one digest per month or week.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from scheduler_app.accounts.mail_preferences import Category, queue_for_person
from scheduler_app.accounts.models import Person
from scheduler_app.core.followups import digest_period, digest_window
from scheduler_app.events.models import Event, EventStatus
from scheduler_app.extensions import db
from scheduler_app.mail.models import OutboxMessage
from scheduler_app.web import site_url

KIND = "digest"
MAX_EVENTS = 20


def upcoming_events(start: datetime, end: datetime) -> list[dict[str, Any]]:
    """Published events starting in [start, end), as plain values for the template."""
    events = db.session.execute(
        sa.select(Event)
        .where(
            Event.status == EventStatus.PUBLISHED.value,
            Event.start_at >= start,
            Event.start_at < end,
        )
        .order_by(Event.start_at, Event.id)
        .limit(MAX_EVENTS)
        .options(joinedload(Event.host_member))
    ).scalars()
    return [
        {
            "title_th": e.title_th,
            "title_en": e.title_en or e.title_th,
            "start_at": e.start_at,
            "is_all_day": e.is_all_day,
            "host_th": e.host_member.name_th if e.host_member else "",
            "host_en": (e.host_member.name_en or e.host_member.name_th) if e.host_member else "",
            "url": site_url(f"/events/{e.id}"),
        }
        for e in events
    ]


def _already_queued(period: str) -> set[int]:
    prefix = f"digest:{period}:person:"
    keys = db.session.execute(
        sa.select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.startswith(prefix))
    ).scalars()
    return {int(k.rsplit(":", 1)[1]) for k in keys}


def queue_digests(now: datetime) -> int:
    """Queue this period's digest for everyone who wants one and has not had it."""
    queued = 0
    for frequency in ("weekly", "monthly"):
        period = digest_period(frequency, now)
        assert period is not None
        events = upcoming_events(*digest_window(frequency, now))
        if not events:
            continue
        done = _already_queued(period)
        people = db.session.execute(
            sa.select(Person)
            .where(Person.digest_frequency == frequency, Person.is_active_account.is_(True))
            .order_by(Person.id)
        ).scalars()
        for person in people:
            if person.id in done:
                continue
            context = {
                "events": events,
                "frequency": frequency,
                "agenda_url": site_url("/events/"),
                "preferences_url": site_url("/account/mail"),
            }
            queue_for_person(
                KIND,
                person,
                context,
                f"digest:{period}:person:{person.id}",
                category=Category.DIGEST,
                send_after=now,
            )
            queued += 1
    return queued
