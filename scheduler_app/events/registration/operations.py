"""Registering for events: capacity, FIFO waitlist, quotas, promotion, check-in.

The capacity guarantee rests on one conditional UPDATE
(``confirmed_count = confirmed_count + 1 WHERE confirmed_count < capacity``), which
holds under concurrency on SQLite and PostgreSQL alike; waitlist positions come from
an atomically incremented counter on the same row. The registration row is inserted
first, so a transaction takes its write lock before it reads any counter (no SQLite
lock-upgrade deadlocks) and a duplicate fails before touching a counter. When a
per-organisation quota applies, the transaction's first write instead locks the event row
and only then counts the organisation's places (see ``_check_quota``).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from scheduler_app.accounts.models import Person
from scheduler_app.core import thaidate
from scheduler_app.core.events_time import window_is_open, zone
from scheduler_app.events import signals
from scheduler_app.events.models import (
    Event,
    EventKind,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from scheduler_app.extensions import db
from scheduler_app.i18n import current_locale

if TYPE_CHECKING:
    from scheduler_app.events.rally.models import RallyStop


class RegistrationError(Exception):
    """A registration that cannot happen; ``message`` is translated for the person."""

    def __init__(self, message: object) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


def existing_registration(event: Event, person: Person) -> Registration | None:
    return db.session.execute(
        sa.select(Registration).where(
            Registration.event_id == event.id, Registration.person_id == person.id
        )
    ).scalar_one_or_none()


def _when(value: datetime, event: Event) -> str:
    return thaidate.format_datetime(value, zone(event.timezone), current_locale())


def why_closed(event: Event, now: datetime) -> Any:
    """Why nobody can register for ``event`` at ``now`` (None while registration is open),
    with the date that decided it, so pages offer only what will work."""
    if event.status == EventStatus.CANCELLED:
        return _l("This event has been cancelled.")
    if event.status != EventStatus.PUBLISHED:
        return _l("This event is not open for registration yet.")
    if event.end_at <= now:
        return _l("Registration is closed: this event ended on %(when)s.",
                  when=_when(event.end_at, event))  # fmt: skip
    if not window_is_open(now, event.registration_opens_at, event.registration_closes_at):
        if event.registration_opens_at is not None and now < event.registration_opens_at:
            return _l("Registration opens on %(when)s.",
                      when=_when(event.registration_opens_at, event))  # fmt: skip
        closes = event.registration_closes_at
        return _l("Registration closed on %(when)s.", when=_when(closes, event) if closes else "")
    return None


def _check_open(event: Event, now: datetime) -> None:
    reason = why_closed(event, now)
    if reason is not None:
        raise RegistrationError(reason)


def _check_stops(event: Event, from_stop: RallyStop | None, to_stop: RallyStop | None) -> None:
    for stop in (from_stop, to_stop):
        if stop is not None and stop.event_id != event.id:
            raise RegistrationError(_l("Please choose stops of this rally."))
    if from_stop and to_stop and from_stop.position > to_stop.position:
        raise RegistrationError(_l("The stop where you leave must come after where you join."))


def lock_event_row(event_id: int) -> None:
    """Hold the event row's write lock until the transaction ends (a no-op UPDATE: a row
    lock on PostgreSQL, the database's write lock on SQLite), so what is read next cannot
    change underneath."""
    db.session.execute(
        sa.update(Event)
        .where(Event.id == event_id)
        .values(waitlist_counter=Event.waitlist_counter)
        .execution_options(synchronize_session=False)
    )


def _check_quota(event: Event, person: Person) -> None:
    """Refuse when the person's organisation holds its quota of places already.

    Race-free: the count runs after the event row is locked, so concurrent registrations
    of one organisation count one after another (each sees the rows committed before it).
    """
    if event.per_member_quota is None or person.member_id is None:
        return
    lock_event_row(event.id)
    taken = db.session.execute(
        sa.select(sa.func.count())
        .select_from(Registration)
        .join(Person, Person.id == Registration.person_id)
        .where(
            Registration.event_id == event.id,
            Registration.status != RegistrationStatus.CANCELLED.value,
            Person.member_id == person.member_id,
        )
    ).scalar_one()
    if taken >= event.per_member_quota:
        raise RegistrationError(
            _l(
                "Your organisation has used its %(n)d places at this event.",
                n=event.per_member_quota,
            )
        )


def take_seat(event_id: int) -> bool:
    """Atomically take one seat if any is left; True when taken."""
    result = db.session.execute(
        sa.update(Event)
        .where(
            Event.id == event_id,
            sa.or_(Event.capacity.is_(None), Event.confirmed_count < Event.capacity),
        )
        .values(confirmed_count=Event.confirmed_count + 1)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def release_seat(event_id: int) -> None:
    db.session.execute(
        sa.update(Event)
        .where(Event.id == event_id, Event.confirmed_count > 0)
        .values(confirmed_count=Event.confirmed_count - 1)
        .execution_options(synchronize_session=False)
    )


def next_waitlist_position(event_id: int) -> int:
    """The next place in the queue, unique and gap-free per event."""
    return int(
        db.session.execute(
            sa.update(Event)
            .where(Event.id == event_id)
            .values(waitlist_counter=Event.waitlist_counter + 1)
            .returning(Event.waitlist_counter)
            .execution_options(synchronize_session=False)
        ).scalar_one()
    )


def _place(registration: Registration, now: datetime) -> None:
    """Confirm if a seat is free, else put at the end of the waitlist."""
    if take_seat(registration.event_id):
        registration.status = RegistrationStatus.CONFIRMED.value
        registration.confirmed_at = now
        registration.waitlist_position = None
    else:
        registration.status = RegistrationStatus.WAITLISTED.value
        registration.waitlist_position = next_waitlist_position(registration.event_id)


def register_participant(
    event: Event,
    person: Person,
    now: datetime,
    from_stop: RallyStop | None = None,
    to_stop: RallyStop | None = None,
) -> Registration:
    """Register ``person``: confirmed while seats remain, else waitlisted (FIFO).

    Raises ``RegistrationError`` when the event is not open, the person is already
    registered, or their organisation's quota is used. On a duplicate detected by the
    unique constraint (two requests at once) the session is rolled back.
    """
    _check_open(event, now)
    _check_stops(event, from_stop, to_stop)
    if (
        event.kind == EventKind.STUDY_VISIT
        and event.visiting_member_id is not None
        and person.member_id != event.visiting_member_id
    ):
        raise RegistrationError(_l("Only the visiting delegation registers for a study visit."))
    registration = existing_registration(event, person)
    if registration is not None and registration.is_active:
        raise RegistrationError(_l("You are already registered for this event."))
    _check_quota(event, person)
    if registration is None:
        registration = Registration(event_id=event.id, person_id=person.id, created_at=now)
        db.session.add(registration)
    else:  # coming back after cancelling: same row, back of the queue
        registration.created_at = now
        registration.cancelled_at = None
        registration.promoted_at = None
    registration.status = RegistrationStatus.WAITLISTED.value
    registration.waitlist_position = None
    registration.from_stop_id = from_stop.id if from_stop else None
    registration.to_stop_id = to_stop.id if to_stop else None
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise RegistrationError(_l("You are already registered for this event.")) from None
    _place(registration, now)
    db.session.flush()
    db.session.refresh(event)
    if registration.status == RegistrationStatus.CONFIRMED:
        signals.registered.send(registration, now=now)
    else:
        signals.waitlisted.send(registration, now=now)
    return registration


def promote_waitlisted(event: Event, now: datetime) -> list[Registration]:
    """Fill free seats from the head of the waitlist; returns who was promoted."""
    promoted: list[Registration] = []
    while True:
        head = db.session.execute(
            sa.select(Registration)
            .where(
                Registration.event_id == event.id,
                Registration.status == RegistrationStatus.WAITLISTED.value,
            )
            .order_by(Registration.waitlist_position, Registration.id)
            .limit(1)
        ).scalar_one_or_none()
        if head is None or not take_seat(event.id):
            break
        head.status = RegistrationStatus.CONFIRMED.value
        head.confirmed_at = now
        head.promoted_at = now
        db.session.flush()
        promoted.append(head)
        signals.promoted.send(head, now=now)
    db.session.refresh(event)
    return promoted


def unregister_participant(registration: Registration, now: datetime) -> list[Registration]:
    """Cancel a registration; a freed seat goes at once to the first waitlisted person.

    Returns the promoted registrations (zero or one).
    """
    if not registration.is_active:
        raise RegistrationError(_l("You are not registered for this event."))
    was_confirmed = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED.value
    registration.cancelled_at = now
    registration.checked_in_at = None
    db.session.flush()
    signals.unregistered.send(registration, now=now)
    if not was_confirmed:
        return []
    release_seat(registration.event_id)
    return promote_waitlisted(registration.event, now)


def check_in(registration: Registration, now: datetime) -> None:
    """Mark a confirmed participant as arrived (idempotent)."""
    if registration.status != RegistrationStatus.CONFIRMED:
        raise RegistrationError(_l("Only confirmed participants can be checked in."))
    if registration.checked_in_at is None:
        registration.checked_in_at = now
        signals.checked_in.send(registration, now=now)


def undo_check_in(registration: Registration) -> None:
    registration.checked_in_at = None
