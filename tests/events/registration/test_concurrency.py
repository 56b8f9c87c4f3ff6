"""200 people register at once for 50 seats, each on its own connection."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from scheduler_app.accounts.models import Person
from scheduler_app.events.models import Event, Registration
from scheduler_app.events.registration.operations import RegistrationError, register_participant
from scheduler_app.extensions import db
from tests.conftest import TEST_DATABASE_URL
from tests.events.conftest import NOW, build_event

SEATS = 50
PEOPLE = 200


@pytest.fixture
def busy_app(make_app):
    """An app whose pool and SQLite lock timeout suit 200 threads."""
    options = {"pool_size": 20, "max_overflow": 0, "pool_timeout": 120}
    if not TEST_DATABASE_URL:
        options["connect_args"] = {"timeout": 60}  # SQLite waits for the write lock
    return make_app(SQLALCHEMY_ENGINE_OPTIONS=options)


def _fire(app, event_id: int, person_ids: list[int]) -> list[BaseException]:
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(person_ids))

    def worker(person_id: int) -> None:
        try:
            barrier.wait(timeout=60)
            with app.app_context():
                event = db.session.get(Event, event_id)
                person = db.session.get(Person, person_id)
                try:
                    register_participant(event, person, NOW)
                    db.session.commit()
                except RegistrationError:
                    db.session.rollback()
                finally:
                    db.session.remove()
        except BaseException as exc:  # surfaced by the test below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(pid,)) for pid in person_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    return errors


def test_capacity_holds_under_concurrent_registration(busy_app, make_person):
    app = busy_app
    with app.app_context():
        event_id = build_event(capacity=SEATS).id
        people = [make_person(password=None) for _ in range(PEOPLE)]
        person_ids = [p.id for p in people]
        # Each person tries twice: duplicates must never create a second row.
        errors = _fire(app, event_id, person_ids + person_ids[:20])
        assert errors == []
        db.session.expire_all()
        rows = (
            db.session.execute(sa.select(Registration).where(Registration.event_id == event_id))
            .scalars()
            .all()
        )
        confirmed = [r for r in rows if r.status == "confirmed"]
        waitlisted = [r for r in rows if r.status == "waitlisted"]
        assert len(rows) == PEOPLE
        assert len({r.person_id for r in rows}) == PEOPLE
        assert len(confirmed) == SEATS
        assert len(waitlisted) == PEOPLE - SEATS
        assert sorted(r.waitlist_position for r in waitlisted) == list(range(1, PEOPLE - SEATS + 1))
        assert all(r.waitlist_position is None for r in confirmed)
        assert db.session.get(Event, event_id).confirmed_count == SEATS
        if not TEST_DATABASE_URL:
            # SQLite serialises whole write transactions, so arrival is the insert order:
            # the first 50 rows written got the seats and the queue follows row order.
            by_position = sorted(waitlisted, key=lambda r: r.waitlist_position)
            assert [r.id for r in by_position] == sorted(r.id for r in waitlisted)
            assert max(r.id for r in confirmed) < min(r.id for r in waitlisted)


QUOTA = 5
SAME_ORG = 40
OTHERS = 10


def test_per_member_quota_holds_under_concurrent_registration(busy_app, make_person, make_member):
    """40 people of one organisation at once, quota 5: exactly 5 get places, the other
    35 are refused (the quota counts waitlisted places too); other organisations are not
    affected."""
    app = busy_app
    with app.app_context():
        org = make_member()
        event_id = build_event(capacity=SEATS, per_member_quota=QUOTA).id
        same = [make_person(password=None, member_id=org.id).id for _ in range(SAME_ORG)]
        others = [make_person(password=None, member_id=make_member().id).id for _ in range(OTHERS)]
        errors = _fire(app, event_id, same + others)
        assert errors == []
        db.session.expire_all()
        rows = (
            db.session.execute(sa.select(Registration).where(Registration.event_id == event_id))
            .scalars()
            .all()
        )
        of_org = [r for r in rows if r.person_id in set(same)]
        assert len(of_org) == QUOTA
        assert {r.status for r in of_org} == {"confirmed"}
        assert sorted(r.person_id for r in rows if r.person_id in set(others)) == sorted(others)
        assert db.session.get(Event, event_id).confirmed_count == QUOTA + OTHERS
