"""Every kind of mail renders in Thai and English and survives the SMTP round trip."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from scheduler_app.events import notifications
from scheduler_app.events.study_visits.models import StudyVisitRequest
from scheduler_app.extensions import db, utcnow
from tests.delivery import outbox

VISIT_STATES = ["requested", "scheduled", "counter_proposed", "declined", "completed"]


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize("status", VISIT_STATES)
def test_study_visit_steps(make_member, make_person, make_event, deliver_all, language, status):
    host, visitors = make_member(), make_member()
    event = make_event(kind="study_visit", host_member=host)
    visit = StudyVisitRequest(
        visiting_member_id=visitors.id, host_member_id=host.id, status=status,
        proposed_start=date(2026, 7, 1), proposed_end=date(2026, 7, 2), delegation_size=12,
        purpose="เรียนรู้การจัดการขยะ", decline_reason="ติดภารกิจ", event_id=event.id,
        updated_at=utcnow(),
    )  # fmt: skip
    db.session.add(visit)
    db.session.flush()
    person = make_person(preferred_language=language)
    notifications.study_visit_step(visit, [person])
    [message] = deliver_all()
    subject = str(message["Subject"])
    assert (visitors.name_th if language == "th" else host.name_en) in subject or (
        host.name_th if language == "th" else visitors.name_en
    ) in subject
    text = message.get_body(("plain",)).get_content()
    link = f"/events/{event.id}" if status == "scheduled" else f"/events/visits/{visit.id}"
    assert link in text
    if status == "declined":
        assert "ติดภารกิจ" in text


@pytest.mark.parametrize("language", ["th", "en"])
def test_every_followup_kind_round_trips(make_event, make_person, deliver_all, language):
    from scheduler_app.events.models import Registration
    from scheduler_app.followups.jobs import run_all

    now = utcnow()
    long_ago = now - timedelta(days=400)
    ended = make_event(start_at=now - timedelta(hours=6), end_at=now - timedelta(hours=1))
    make_event(start_at=now + timedelta(days=2))
    person = make_person(preferred_language=language, created_at=long_ago)
    db.session.add(Registration(event_id=ended.id, person_id=person.id, status="confirmed",
                                created_at=long_ago))  # fmt: skip
    db.session.commit()
    run_all(now)
    messages = deliver_all(now + timedelta(minutes=1))
    kinds = {row.kind for row in outbox(person_id=person.id)}
    assert {"thank_you_survey", "digest", "we_miss_you"} <= kinds
    for message in messages:
        assert message["Content-Language"] == language
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message.get_body(("html",)).get_content().lstrip().startswith("<!doctype html>")
    if language == "th":
        assert any("คิดถึง" in str(m["Subject"]) for m in messages)
