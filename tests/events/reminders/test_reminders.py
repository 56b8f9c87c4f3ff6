"""Reminders: pure timing, then rows queued, re-timed, withdrawn and sent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from scheduler_app.core.reminders import (
    OffsetError,
    Target,
    format_offsets,
    parse_offsets,
    plan_reminders,
)
from scheduler_app.events import operations as services
from scheduler_app.events.rally.models import RallyStop
from scheduler_app.events.registration.operations import (
    register_participant,
    unregister_participant,
)
from scheduler_app.events.training.models import TrainingSession
from scheduler_app.extensions import db, utcnow
from scheduler_app.mail.models import OutboxStatus
from tests.delivery import outbox

T0 = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)


def test_parse_and_format_offsets():
    assert format_offsets("1d, 7d,24h") == "7d,1d"
    assert parse_offsets("") == []
    assert [label for label, _ in parse_offsets("90m,3h")] == ["3h", "90m"]


@pytest.mark.parametrize("bad", ["7x", "0d", "61d", "-1d", "d", "1d,2d,3d,4d,5d,6d"])
def test_bad_offsets_are_refused(bad):
    with pytest.raises(OffsetError):
        parse_offsets(bad)


def test_plan_skips_reminders_whose_time_has_passed():
    offsets = parse_offsets("7d,1d")
    planned = plan_reminders([Target("event", T0)], offsets, now=T0 - timedelta(days=3))
    assert [(p.offset, p.send_at) for p in planned] == [("1d", T0 - timedelta(days=1))]
    assert plan_reminders([Target("event", T0)], offsets, now=T0) == []


def test_plan_training_sessions_later_ones_get_shortest_only():
    targets = [Target(f"session{i}", T0 + timedelta(days=7 * i)) for i in range(3)]
    planned = plan_reminders(targets, parse_offsets("7d,1d"), T0 - timedelta(days=30),
                             later_targets_shortest_only=True)  # fmt: skip
    assert [(p.target.key, p.offset) for p in planned] == [
        ("session0", "7d"), ("session0", "1d"), ("session1", "1d"), ("session2", "1d"),
    ]  # fmt: skip


def _register(event, person, **kw):
    registration = register_participant(event, person, utcnow(), **kw)
    db.session.commit()
    return registration


def pending_reminders(person=None):
    rows = outbox(kind="reminder", status=OutboxStatus.PENDING.value)
    person_id = person if isinstance(person, int) or person is None else person.id
    return [r for r in rows if person_id is None or r.person_id == person_id]


def test_registering_queues_default_reminders(make_event, make_person):
    event = make_event()
    person = make_person()
    _register(event, person)
    rows = pending_reminders(person)
    assert sorted(r.send_after for r in rows) == [
        event.start_at - timedelta(days=7),
        event.start_at - timedelta(days=1),
    ]
    assert all(f":seq:{event.sequence}:" in r.dedupe_key for r in rows)
    assert all(r.list_unsubscribe_url.startswith("https://ruamjai.test/unsubscribe/")
               for r in rows)  # fmt: skip


def test_waitlisted_people_get_no_reminders(make_event, make_person):
    event = make_event(capacity=1)
    _register(event, make_person())
    waiting = make_person()
    _register(event, waiting)
    assert pending_reminders(waiting) == []


def test_moving_an_event_retimes_pending_reminders(make_event, make_person):
    event = make_event()
    people = [make_person(), make_person()]
    for p in people:
        _register(event, p)
    old_keys = {r.dedupe_key for r in pending_reminders()}
    new_start = event.start_at + timedelta(days=3)
    services.update_event(event, {"start_at": new_start, "end_at": new_start + timedelta(hours=6)},
                          utcnow())  # fmt: skip
    db.session.commit()
    rows = pending_reminders()
    assert len(rows) == 4
    assert not old_keys & {r.dedupe_key for r in rows}
    assert {r.send_after for r in rows} == {new_start - timedelta(days=7),
                                            new_start - timedelta(days=1)}  # fmt: skip
    withdrawn = outbox(kind="reminder", status=OutboxStatus.WITHDRAWN.value)
    assert {r.dedupe_key for r in withdrawn} == old_keys


def test_host_changing_offsets_replans(make_event, make_person):
    event = make_event()
    person = make_person()
    _register(event, person)
    services.update_event(event, {"reminder_offsets": "2d"}, utcnow())
    db.session.commit()
    [row] = pending_reminders(person)
    assert row.send_after == event.start_at - timedelta(days=2)


def test_cancelling_withdraws_and_unregistering_withdraws_only_that_person(make_event, make_person):
    event = make_event()
    stays, leaves = make_person(), make_person()
    _register(event, stays)
    registration = _register(event, leaves)
    unregister_participant(registration, utcnow())
    db.session.commit()
    assert pending_reminders(leaves) == []
    assert len(pending_reminders(stays)) == 2
    services.cancel_event(event, "เหตุสุดวิสัย", utcnow())
    db.session.commit()
    assert pending_reminders() == []


def test_opted_out_people_get_no_reminders(make_event, make_person):
    event = make_event()
    person = make_person(wants_reminders=False)
    _register(event, person)
    assert pending_reminders(person) == []
    assert outbox(kind="event_registered", person_id=person.id)  # transactional still goes


def test_rally_riders_are_reminded_of_their_own_stop(make_event, make_person):
    event = make_event(kind="rally")
    first = event.start_at
    later = first + timedelta(hours=5)
    event.stops.extend([RallyStop(position=1, name="วัดศรีสุทธาวาส", arrive_at=first),
                        RallyStop(position=2, name="แก่งคุดคู้", arrive_at=later)])  # fmt: skip
    db.session.commit()
    person = make_person(preferred_language="th")
    _register(event, person, from_stop=event.stops[1])
    rows = pending_reminders(person)
    assert {r.send_after for r in rows} == {later - timedelta(days=7), later - timedelta(days=1)}
    assert "แก่งคุดคู้" in rows[0].body_text


def test_training_participants_get_one_before_each_session(make_event, make_person):
    event = make_event(kind="training")
    for i in range(3):
        start = event.start_at + timedelta(days=14 * i)
        event.sessions.append(
            TrainingSession(
                position=i, title=f"ครั้งที่ {i + 1}", start_at=start, end_at=start + timedelta(hours=2)
            )
        )
    db.session.commit()
    person = make_person()
    _register(event, person)
    rows = pending_reminders(person)
    assert len(rows) == 4  # 7d + 1d before the first, 1d before the two others
    assert sorted(r.send_after for r in rows)[-1] == event.sessions[2].start_at - timedelta(days=1)


def test_reminder_is_sent_with_list_unsubscribe(make_event, make_person, deliver_all):
    event = make_event()
    person = make_person(preferred_language="en")
    _register(event, person)
    reminders = [m for m in deliver_all() if m["Subject"].startswith(("In 7 days", "Tomorrow"))]
    assert len(reminders) == 2
    for message in reminders:
        assert message["List-Unsubscribe"].startswith("<https://ruamjai.test/unsubscribe/")
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_followups_run_catches_up_changes_made_elsewhere(make_event, make_person, runner):
    event = make_event(kind="rally")
    person = make_person()
    _register(event, person)
    person = person.id  # the command ends the session
    before = {r.dedupe_key for r in pending_reminders(person)}
    services.bump_sequence(event, utcnow())  # e.g. a stop was added
    db.session.commit()
    result = runner.invoke(args=["followups", "run"])
    assert result.exit_code == 0, result.output
    after = {r.dedupe_key for r in pending_reminders(person)}
    assert len(after) == 2 and not before & after
    assert runner.invoke(args=["followups", "run"]).exit_code == 0
    assert {r.dedupe_key for r in pending_reminders(person)} == after
