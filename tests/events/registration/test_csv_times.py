"""The registrations CSV gives check-in times as the event's clock showed them, with the
Buddhist Era year in Thai and the Christian Era year in English (issue 12)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from scheduler_app.events.models import Registration
from scheduler_app.extensions import db
from tests.events.parts_helpers import login

ARRIVED = datetime(2031, 1, 9, 23, 40, tzinfo=UTC)  # 10 Jan 06:40 in Bangkok, 06:10 in Yangon


@pytest.mark.parametrize(("zone", "lang", "expected"), [
    ("Asia/Bangkok", "th", "2574-01-10 06:40"),
    ("Asia/Bangkok", "en", "2031-01-10 06:40"),
    ("Asia/Yangon", "th", "2574-01-10 06:10"),
])  # fmt: skip
def test_check_in_time_is_local_and_in_the_readers_era(
    client, auth, make_person, make_member, make_event, zone, lang, expected
):
    host = make_person(role="host", member=make_member(), preferred_language=lang)
    event = make_event(host_member_id=host.member_id, timezone=zone)
    person = make_person(given_name="สมหญิง")
    db.session.add(Registration(event_id=event.id, person_id=person.id, status="confirmed",
                                checked_in_at=ARRIVED))  # fmt: skip
    db.session.commit()
    login(auth, host)
    response = client.get(f"/events/{event.id}/registrations.csv")
    header, row = csv.reader(io.StringIO(response.data.decode("utf-8-sig")))
    assert row[header.index("มาถึงแล้ว" if lang == "th" else "Checked in")] == expected
