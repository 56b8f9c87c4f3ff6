"""Verbs that change events: create, update, publish, cancel, duplicate. Never commit.

Each verb sends its signal (``events.signals``) once the change is flushed; mail,
reminders and feeds follow from there."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TypedDict

from flask_babel import lazy_gettext as _l

from scheduler_app.accounts.models import Person
from scheduler_app.core import events_time
from scheduler_app.events import kinds, signals
from scheduler_app.events.models import Event, EventStatus
from scheduler_app.events.registration.operations import promote_waitlisted
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


class EventValues(TypedDict, total=False):
    """Column values for ``create_event`` (all of them) or ``update_event`` (those that
    change): what ``EventForm.values()`` builds, typed so callers cannot misspell one."""

    kind: str
    title_th: str
    title_en: str
    description: str
    host_member_id: int | None
    is_all_day: bool
    start_at: datetime
    end_at: datetime
    start_date: date | None
    end_date: date | None
    timezone: str
    venue_id: int | None
    capacity: int | None
    per_member_quota: int | None
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None
    participation_level: str
    attendance_threshold: int
    term_label: str
    reminder_offsets: str


class EventError(FieldError):
    """A change to an event that cannot be made."""


def bump_sequence(event: Event, now: datetime) -> None:
    """Record a change a calendar shows (feeds and invitations rely on it)."""
    event.sequence = (event.sequence or 0) + 1
    event.updated_at = now


def create_event(values: EventValues, organiser: Person | None, now: datetime) -> Event:
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
            setattr(event, name, values[name])  # type: ignore[literal-required]
    db.session.add(event)
    db.session.flush()
    signals.event_created.send(event)
    return event


def update_event(event: Event, values: EventValues, now: datetime) -> bool:
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
    before: dict[str, object] = {}
    for name in EDITABLE_FIELDS:
        if name in values and getattr(event, name) != values[name]:  # type: ignore[literal-required]
            changed.add(name)
            before[name] = getattr(event, name)
            setattr(event, name, values[name])  # type: ignore[literal-required]
    visible = bool(changed & VISIBLE_FIELDS)
    event.updated_at = now
    if visible:
        bump_sequence(event, now)
    db.session.flush()
    if event.is_published:
        promote_waitlisted(event, now)
    visible_changes = sorted(changed & VISIBLE_FIELDS)
    signals.event_changed.send(
        event,
        changed=visible_changes,
        now=now,
        before={name: before[name] for name in visible_changes},
    )
    if event.is_published and "reminder_offsets" in changed and not visible:
        signals.reminders_changed.send(event, now=now)
    return visible


def publish_event(event: Event, now: datetime) -> None:
    """Make a draft public."""
    if not event.is_draft:
        raise EventError(_l("Only a draft can be published."))
    event.status = EventStatus.PUBLISHED.value
    event.published_at = now
    bump_sequence(event, now)
    db.session.flush()
    signals.event_published.send(event, now=now)


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
    signals.event_cancelled.send(event, was_published=was_published, now=now)


def shifted_times(event: Event, days: int) -> EventValues:
    """The event's times (and registration window) moved by ``days`` local days."""
    zone_name = event.timezone

    def moved(value: datetime | None) -> datetime | None:
        return events_time.shift_days(value, days, zone_name) if value else None

    return EventValues(
        start_at=events_time.shift_days(event.start_at, days, zone_name),
        end_at=events_time.shift_days(event.end_at, days, zone_name),
        start_date=event.start_date + timedelta(days=days) if event.start_date else None,
        end_date=event.end_date + timedelta(days=days) if event.end_date else None,
        registration_opens_at=moved(event.registration_opens_at),
        registration_closes_at=moved(event.registration_closes_at),
    )


def duplicate_event(event: Event, organiser: Person | None, now: datetime, days: int = 0) -> Event:
    """A new draft with the same details and the parts its kind has; no registrations.
    ``days`` moves the copy and all its parts (sessions, stops, programme) by that many
    days, so a copy for next month keeps its parts inside its own dates."""
    values: EventValues = {name: getattr(event, name) for name in EDITABLE_FIELDS}  # type: ignore[assignment]
    values["kind"] = event.kind
    values.update(shifted_times(event, days))
    copy = create_event(values, organiser, now)
    copy.visiting_member_id = event.visiting_member_id
    copy.rotation_series_id = event.rotation_series_id
    kinds.spec_of(event).copy_parts(event, copy)
    kinds.shift_parts(copy, days)
    db.session.flush()
    return copy
