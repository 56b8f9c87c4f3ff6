"""Verbs that change events: create, update, publish, cancel, duplicate. Never commit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from scheduler_app.accounts.models import Person
from scheduler_app.events import notifications
from scheduler_app.events.kind_models import ProgrammeItem, RallyStop, TrainingSession
from scheduler_app.events.models import Event, EventStatus
from scheduler_app.events.registration import promote_waitlisted
from scheduler_app.extensions import db
from scheduler_app.forms import FieldError, check_date_window

# Changes to these move the event's SEQUENCE: a calendar shows them.
VISIBLE_FIELDS = frozenset(
    {
        "title_th",
        "title_en",
        "description",
        "start_at",
        "end_at",
        "is_all_day",
        "start_date",
        "end_date",
        "timezone",
        "venue_id",
        "status",
    }
)
EDITABLE_FIELDS = VISIBLE_FIELDS - {"status"} | {
    "host_member_id",
    "capacity",
    "per_member_quota",
    "registration_opens_at",
    "registration_closes_at",
    "participation_level",
    "attendance_threshold",
    "term_label",
    "reminder_offsets",
}


class EventError(FieldError):
    """A change to an event that cannot be made."""


def bump_sequence(event: Event, now: datetime) -> None:
    """Record a change a calendar shows (feeds and invitations rely on it)."""
    event.sequence = (event.sequence or 0) + 1
    event.updated_at = now


def create_event(values: dict[str, Any], organiser: Person | None, now: datetime) -> Event:
    """A new draft event from validated form values."""
    check_date_window(values, EventError)
    event = Event(
        kind=values["kind"],
        status=EventStatus.DRAFT.value,
        organiser_id=organiser.id if organiser else None,
        created_at=now,
        updated_at=now,
        sequence=0,
        confirmed_count=0,
        waitlist_counter=0,
    )
    for name in EDITABLE_FIELDS:
        if name in values:
            setattr(event, name, values[name])
    db.session.add(event)
    db.session.flush()
    return event


def update_event(event: Event, values: dict[str, Any], now: datetime) -> bool:
    """Apply edited values; returns whether something a calendar shows changed.

    Refuses editing a cancelled event, and a capacity below the confirmed count.
    Raising capacity promotes people from the waitlist.
    """
    if event.is_cancelled:
        raise EventError(_l("A cancelled event cannot be edited."))
    check_date_window(values, EventError)
    capacity = values.get("capacity", event.capacity)
    if capacity is not None and capacity < event.confirmed_count:
        raise EventError(
            _l(
                "%(n)d people are already confirmed; the number of places cannot be lower.",
                n=event.confirmed_count,
            ),
            field="capacity",
        )
    changed: set[str] = set()
    for name in EDITABLE_FIELDS:
        if name in values and getattr(event, name) != values[name]:
            changed.add(name)
            setattr(event, name, values[name])
    visible = bool(changed & VISIBLE_FIELDS)
    event.updated_at = now
    if visible:
        bump_sequence(event, now)
    db.session.flush()
    if event.is_published:
        promote_waitlisted(event, now)
        if visible:
            notifications.event_changed(event, sorted(changed & VISIBLE_FIELDS))
        elif "reminder_offsets" in changed:
            notifications.reminders_changed(event)
    return visible


def publish_event(event: Event, now: datetime) -> None:
    """Make a draft public."""
    if not event.is_draft:
        raise EventError(_l("Only a draft can be published."))
    event.status = EventStatus.PUBLISHED.value
    event.published_at = now
    bump_sequence(event, now)


def cancel_event(event: Event, reason: str, now: datetime) -> None:
    """Call the event off with a reason; registrants are told. Registrations stay."""
    if event.is_cancelled:
        raise EventError(_l("This event has already been cancelled."))
    was_published = event.is_published
    event.status = EventStatus.CANCELLED.value
    event.cancel_reason = reason.strip()
    event.cancelled_at = now
    bump_sequence(event, now)
    db.session.flush()
    if was_published:
        notifications.event_cancelled(event)


def duplicate_event(event: Event, organiser: Person | None, now: datetime) -> Event:
    """A new draft with the same details, stops, sessions and programme; no registrations."""
    values = {name: getattr(event, name) for name in EDITABLE_FIELDS}
    values["kind"] = event.kind
    copy = create_event(values, organiser, now)
    copy.visiting_member_id = event.visiting_member_id
    copy.rotation_series_id = event.rotation_series_id
    for stop in event.stops:
        copy.stops.append(
            RallyStop(
                position=stop.position,
                name=stop.name,
                host_member_id=stop.host_member_id,
                venue_id=stop.venue_id,
                latitude=stop.latitude,
                longitude=stop.longitude,
                arrive_at=stop.arrive_at,
                depart_at=stop.depart_at,
            )
        )
    for session in event.sessions:
        copy.sessions.append(
            TrainingSession(
                position=session.position,
                title=session.title,
                start_at=session.start_at,
                end_at=session.end_at,
            )
        )
    for item in event.programme:
        copy.programme.append(
            ProgrammeItem(position=item.position, starts_at=item.starts_at, title=item.title)
        )
    db.session.flush()
    return copy
