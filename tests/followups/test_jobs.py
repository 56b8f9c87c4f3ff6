"""``flask followups run``: welcome, thank-you + survey, digest, we-miss-you, briefing;
idempotent, honouring opt-outs, with List-Unsubscribe on what people may stop."""

from __future__ import annotations

from datetime import timedelta

import pytest

from scheduler_app.events.models import Registration
from scheduler_app.extensions import db, utcnow
from scheduler_app.followups.jobs import run_all
from tests.delivery import outbox


def _confirm(event, person):
    db.session.add(Registration(event_id=event.id, person_id=person.id, status="confirmed",
                                created_at=utcnow() - timedelta(days=10)))  # fmt: skip
    db.session.commit()


def test_thank_you_after_the_event_to_confirmed_people_once(make_event, make_person):
    now = utcnow()
    event = make_event(start_at=now - timedelta(hours=8), end_at=now - timedelta(hours=2))
    came, optout = make_person(), make_person(wants_followups=False)
    waited = make_person()
    _confirm(event, came)
    _confirm(event, optout)
    db.session.add(Registration(event_id=event.id, person_id=waited.id, status="waitlisted",
                                waitlist_position=1))  # fmt: skip
    db.session.commit()
    run_all(now)
    run_all(now + timedelta(hours=1))
    db.session.commit()
    rows = outbox(kind="thank_you_survey")
    assert [r.person_id for r in rows] == [came.id]
    assert f"/feedback/{event.id}?t=" in rows[0].body_text
    assert rows[0].list_unsubscribe_url


def test_no_thank_you_for_old_or_future_events(make_event, make_person):
    now = utcnow()
    old = make_event(start_at=now - timedelta(days=10), end_at=now - timedelta(days=9))
    future = make_event()
    person = make_person()
    _confirm(old, person)
    _confirm(future, person)
    run_all(now)
    assert outbox(kind="thank_you_survey") == []


@pytest.mark.parametrize(("frequency", "expected"), [("monthly", 1), ("weekly", 1), ("never", 0)])
def test_digest_per_frequency_once_per_period(make_event, make_person, frequency, expected):
    now = utcnow()
    make_event(start_at=now + timedelta(days=3))
    person = make_person(digest_frequency=frequency)
    run_all(now)
    run_all(now + timedelta(minutes=30))
    db.session.commit()
    rows = outbox(kind="digest", person_id=person.id)
    assert len(rows) == expected
    if rows:
        assert rows[0].list_unsubscribe_url and "งานแลกเปลี่ยนเรียนรู้" in rows[0].body_text


def test_no_digest_without_upcoming_events(make_person):
    make_person()
    run_all(utcnow())
    assert outbox(kind="digest") == []


def test_we_miss_you_to_people_quiet_for_six_months(make_event, make_person):
    now = utcnow()
    long_ago = now - timedelta(days=400)
    quiet = make_person(created_at=long_ago, last_login_at=now - timedelta(days=200))
    active = make_person(created_at=long_ago, last_login_at=now - timedelta(days=5))
    registered = make_person(created_at=long_ago)
    event = make_event()
    _confirm(event, registered)  # registered ten days ago
    newcomer = make_person()
    optout = make_person(created_at=long_ago, wants_followups=False)
    run_all(now)
    run_all(now)
    db.session.commit()
    assert [r.person_id for r in outbox(kind="we_miss_you")] == [quiet.id]
    assert {active.id, registered.id, newcomer.id, optout.id}.isdisjoint(
        {r.person_id for r in outbox(kind="we_miss_you")}
    )


def test_welcome_is_queued_for_new_people_once_with_the_question(make_person):
    person = make_person(preferred_language="en")
    run_all(utcnow())
    run_all(utcnow())
    db.session.commit()
    [row] = outbox(kind="welcome")
    assert row.person_id == person.id
    assert "https://ruamjai.test/welcome/hopes" in row.body_text
    assert row.list_unsubscribe_url is None  # transactional


def test_study_visit_briefing_a_week_before(make_event, make_person, make_member):
    now = utcnow()
    host = make_member(visitor_rules="แต่งกายสุภาพ ถอดรองเท้าก่อนเข้าวัด",
                       visitor_risks="ทางลื่นช่วงฝนตก")  # fmt: skip
    visitors = make_member()
    event = make_event(kind="study_visit", host_member=host, visiting_member_id=visitors.id,
                       start_at=now + timedelta(days=6))  # fmt: skip
    delegate = make_person(member=visitors)
    visiting_host = make_person(role="host", member=visitors)
    _confirm(event, delegate)
    run_all(now)
    db.session.commit()
    rows = outbox(kind="study_visit_briefing")
    assert {r.person_id for r in rows} == {delegate.id, visiting_host.id}
    assert "ถอดรองเท้า" in rows[0].body_text and "ทางลื่น" in rows[0].body_text


def test_cli_prints_a_summary(runner, app):
    result = runner.invoke(args=["followups", "run"])
    assert result.exit_code == 0
    assert "thank_you 0" in result.output and "digest 0" in result.output
