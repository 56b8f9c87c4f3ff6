"""Registration service: capacity, FIFO waitlist, promotion, quota, window, duplicates."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from scheduler_app.events.models import Event, EventStatus, Registration, RegistrationStatus
from scheduler_app.events.registration.operations import (
    RegistrationError,
    check_in,
    register_participant,
    unregister_participant,
)
from scheduler_app.extensions import db
from tests.events.conftest import NOW


@pytest.fixture(autouse=True)
def _request(app):
    """Translated messages need a request (the language comes from it)."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


def test_confirms_until_full_then_waitlists_in_order(make_event, make_person, sent):
    event = make_event(capacity=2)
    people = [make_person() for _ in range(4)]
    regs = [register_participant(event, p, NOW) for p in people]
    db.session.commit()
    assert [r.status for r in regs] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert [r.waitlist_position for r in regs[2:]] == [1, 2]
    assert db.session.get(Event, event.id).confirmed_count == 2
    assert sent.kinds() == ["event_registered"] * 2 + ["event_waitlisted"] * 2


def test_second_registration_is_refused(make_event, make_person):
    event = make_event()
    person = make_person()
    register_participant(event, person, NOW)
    db.session.commit()
    with pytest.raises(RegistrationError, match="already registered"):
        register_participant(event, person, NOW)
    count = db.session.execute(sa.select(sa.func.count()).select_from(Registration)).scalar()
    assert count == 1


def test_unique_constraint_holds_without_service(make_event, make_person):
    event = make_event()
    person = make_person()
    db.session.add_all(
        [Registration(event_id=event.id, person_id=person.id, status="confirmed") for _ in "ab"]
    )
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_unregister_promotes_first_waitlisted(make_event, make_person, sent):
    event = make_event(capacity=1)
    first, second, third = make_person(), make_person(), make_person()
    r1 = register_participant(event, first, NOW)
    r2 = register_participant(event, second, NOW)
    r3 = register_participant(event, third, NOW)
    db.session.commit()
    later = NOW + timedelta(hours=1)
    promoted = unregister_participant(r1, later)
    db.session.commit()
    assert promoted == [r2]
    assert r2.status == "confirmed" and r2.promoted_at == later
    assert r3.status == "waitlisted"
    assert db.session.get(Event, event.id).confirmed_count == 1
    assert sent.kinds()[-2:] == ["event_unregistered", "event_promoted"]


def test_reregistering_after_cancel_goes_to_back_of_queue(make_event, make_person):
    event = make_event(capacity=1)
    a, b = make_person(), make_person()
    ra = register_participant(event, a, NOW)
    register_participant(event, b, NOW)
    unregister_participant(ra, NOW)  # b is promoted
    again = register_participant(event, a, NOW + timedelta(minutes=5))
    db.session.commit()
    assert again.id == ra.id
    assert again.status == "waitlisted" and again.waitlist_position == 2


def test_unregistering_a_waitlisted_person_keeps_seats(make_event, make_person):
    event = make_event(capacity=1)
    register_participant(event, make_person(), NOW)
    waiting = register_participant(event, make_person(), NOW)
    assert unregister_participant(waiting, NOW) == []
    assert db.session.get(Event, event.id).confirmed_count == 1
    with pytest.raises(RegistrationError):
        unregister_participant(waiting, NOW)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": EventStatus.DRAFT.value}, "not open for registration"),
        ({"status": EventStatus.CANCELLED.value}, "cancelled"),
        ({"registration_opens_at": NOW + timedelta(days=1)}, "Registration opens on"),
        ({"registration_closes_at": NOW - timedelta(days=1)}, "Registration closed on"),
        ({"start_at": NOW - timedelta(days=2), "end_at": NOW - timedelta(days=1)}, "ended on"),
    ],
)
def test_closed_events_refuse(make_event, make_person, changes, message):
    event = make_event(**changes)
    with pytest.raises(RegistrationError, match=message):
        register_participant(event, make_person(), NOW)
    assert db.session.execute(sa.select(Registration)).first() is None


def test_per_member_quota(make_event, make_person, make_member):
    org = make_member()
    event = make_event(capacity=10, per_member_quota=2)
    register_participant(event, make_person(member=org), NOW)
    register_participant(event, make_person(member=org), NOW)
    with pytest.raises(RegistrationError, match="used its 2 places"):
        register_participant(event, make_person(member=org), NOW)
    register_participant(event, make_person(member=make_member()), NOW)


def test_unlimited_capacity_confirms_everyone(make_event, make_person):
    event = make_event(capacity=None)
    regs = [register_participant(event, make_person(), NOW) for _ in range(5)]
    assert {r.status for r in regs} == {RegistrationStatus.CONFIRMED.value}


def test_check_in_only_confirmed(make_event, make_person):
    event = make_event(capacity=1)
    confirmed = register_participant(event, make_person(), NOW)
    waiting = register_participant(event, make_person(), NOW)
    check_in(confirmed, NOW)
    assert confirmed.checked_in_at == NOW
    with pytest.raises(RegistrationError):
        check_in(waiting, NOW)
