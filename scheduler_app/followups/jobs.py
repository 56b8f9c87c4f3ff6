"""``followups run``: queue every follow-up that is due at ``now``. Idempotent: each mail
has a dedupe key naming its cause, so running it every hour (or twice) is harmless."""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from scheduler_app.accounts.mail_preferences import Category, allows, queue_for_person
from scheduler_app.accounts.models import Person
from scheduler_app.core.followups import briefing_window, thank_you_window, welcome_window
from scheduler_app.core.reminders import MAX_OFFSET
from scheduler_app.directory.contacts import as_recipient, recipient_key, write_to
from scheduler_app.events import notifications
from scheduler_app.events.mail_context import event_values
from scheduler_app.events.models import (
    Event,
    EventKind,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from scheduler_app.events.reminders import operations as reminders
from scheduler_app.extensions import db
from scheduler_app.followups import digest, services, winback
from scheduler_app.web import site_url

log = logging.getLogger(__name__)


def _send(kind: str, person: Person, context: dict[str, Any], key: str, now: datetime,
          category: Category | None = None) -> None:  # fmt: skip
    queue_for_person(kind, person, context, key, category=category, send_after=now)


def queue_welcomes(now: datetime) -> int:
    """A welcome for people who joined in the last two days and have none yet."""
    start, end = welcome_window(now)
    people = db.session.execute(
        sa.select(Person).where(
            Person.created_at >= start, Person.created_at <= end, Person.is_active_account
        )
    ).scalars()
    count = 0
    for person in people:
        context = {"profile_url": site_url("/profile"), "home_url": site_url("/")}
        _send("welcome", person, context, f"welcome:person:{person.id}", now)
        count += 1
    return count


def _confirmed(event_ids: list[int]) -> list[Registration]:
    if not event_ids:
        return []
    return list(
        db.session.execute(
            sa.select(Registration)
            .where(
                Registration.event_id.in_(event_ids),
                Registration.status == RegistrationStatus.CONFIRMED.value,
            )
            .options(selectinload(Registration.person), selectinload(Registration.event))
        ).scalars()
    )


def queue_thank_yous(now: datetime) -> int:
    """A thank-you with the survey link to everyone confirmed at events that just ended."""
    start, end = thank_you_window(now)
    event_ids = list(
        db.session.execute(
            sa.select(Event.id).where(
                Event.status == EventStatus.PUBLISHED.value,
                Event.end_at > start,
                Event.end_at <= end,
            )
        ).scalars()
    )
    count = 0
    for registration in _confirmed(event_ids):
        person, event = registration.person, registration.event
        if not allows(person, Category.FOLLOWUPS):
            continue
        context = event_values(event) | {"survey_url": services.survey_url(person, event)}
        key = f"thankyou:event:{event.id}:person:{person.id}"
        _send("thank_you_survey", person, context, key, now, Category.FOLLOWUPS)
        count += 1
    return count


def queue_briefings(now: datetime) -> int:
    """The host's visitor rules and risks to the delegation of study visits a week away."""
    start, end = briefing_window(now)
    events = db.session.execute(
        sa.select(Event).where(
            Event.kind == EventKind.STUDY_VISIT.value,
            Event.status == EventStatus.PUBLISHED.value,
            Event.start_at > start,
            Event.start_at <= end,
        )
    ).scalars()
    count = 0
    for event in events:
        host = event.host_member
        context = event_values(event) | {
            "visitor_rules": host.visitor_rules if host else "",
            "visitor_risks": host.visitor_risks if host else "",
            "programme": [{"starts_at": i.starts_at, "title": i.title} for i in event.programme],
        }
        # The delegation, and whoever answers for the visiting organisation.
        people = [as_recipient(r.person) for r in _confirmed([event.id])]
        people += notifications.answering_for(event.visiting_member_id)
        for key_part, recipient in {recipient_key(r): r for r in people}.items():
            suffix = f"person:{key_part}" if recipient.person is not None else key_part
            key = f"briefing:event:{event.id}:{suffix}"
            write_to("study_visit_briefing", recipient, context, key, send_after=now)
            count += 1
    return count


def run_all(now: datetime) -> dict[str, int]:
    """Queue everything due at ``now``; returns how many of each kind were considered."""
    started = time.perf_counter()
    counts = {
        "welcome": queue_welcomes(now),
        "reminders": reminders.sync_upcoming(now, now + MAX_OFFSET + timedelta(days=1)),
        "briefings": queue_briefings(now),
        "thank_you": queue_thank_yous(now),
        "digest": digest.queue_digests(now),
        "we_miss_you": winback.queue_winbacks(now),
    }
    seconds = time.perf_counter() - started
    log.info(
        "follow-ups queued: %s in %.2fs",
        ", ".join(f"{kind} {n}" for kind, n in counts.items()),
        seconds,
        extra={"job": "followups.run", **counts, "seconds": round(seconds, 3)},
    )
    return counts
