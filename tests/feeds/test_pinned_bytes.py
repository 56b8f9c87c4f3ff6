"""The exact bytes of small feeds, pinned (as the ``icalendar`` package writes them).

The data takes every path of the renderer: venues with and without coordinates, a host
with and without e-mail, a rally (stops with their own place), a training (sessions),
a study visit (programme), an all-day event, a cancelled one with a reason, events in
UTC and in a zone with daylight saving, and a personal feed (waitlisted, part of a ride).
English only: the Thai labels follow the translation catalogue, which may be reworded.
Regenerate for an intended change with ``PIN_REGENERATE=1 pytest tests/feeds/test_pinned_bytes.py``.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from scheduler_app.core import ical
from scheduler_app.feeds import cache
from tests.feeds.conftest import EDITED, add_programme, add_session, add_stop, build_event, register

DATA = Path(__file__).parent / "data"
START = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
LONG_TH = "งานแลกเปลี่ยนเรียนรู้ผู้ใหญ่บ้านน้ำพี้ ก๊วยเตี๋ยวเรือ ฤๅษี 🎉👩‍👩‍👧, เชียงคาน; ภูเรือ \\ "


def _seed(make_member, make_venue, make_person):
    host = make_member(name_th="เทศบาลตำบลนาอาน", name_en="Na An", updated_at=EDITED,
                       contact_email="saraban@naan.go.th")  # fmt: skip
    quiet = make_member(name_th="อบต. ไม่มีอีเมล", name_en="", updated_at=EDITED)
    hall = make_venue(name_th="ศูนย์เรียนรู้, บ้านกกดู่", name_en="Kok Du Centre",
                      address="12 หมู่ 3\nต.กกดู่; อ.เมืองเลย", latitude=17.486,
                      longitude=101.72, updated_at=EDITED)  # fmt: skip
    field = make_venue(name_th="ลานวัด", name_en="", updated_at=EDITED)
    exchange = build_event(
        host_member_id=host.id, venue_id=hall.id, start_at=START, title_th=LONG_TH * 2,
        title_en="Exchange day on water management, irrigation; and flood response " * 2,
        description=(LONG_TH + "\n") * 5,
    )  # fmt: skip
    rally = build_event(kind="rally", host_member_id=quiet.id, venue_id=field.id,
                        start_at=START + timedelta(days=3), title_en="")  # fmt: skip
    stops = [
        add_stop(rally, 1, "ต้นทาง, บ้านนาอาน", venue_id=hall.id),
        add_stop(rally, 2, "จุดพัก", latitude=17.5, longitude=101.8),
        add_stop(rally, 3, "ปลายทาง"),
    ]
    training = build_event(kind="training", host_member_id=host.id, start_at=START,
                           timezone="UTC", title_en="Training")  # fmt: skip
    add_session(training, 1, "พื้นฐาน")
    add_session(training, 2)
    visit = build_event(kind="study_visit", host_member_id=host.id, venue_id=hall.id,
                        start_at=START + timedelta(days=9), timezone="Europe/London")  # fmt: skip
    add_programme(visit, 1, "ลงทะเบียน")
    add_programme(visit, 3, "ดูงาน, แปลงสาธิต")
    build_event(host_member_id=host.id, is_all_day=True, start_date=date(2026, 4, 13),
                end_date=date(2026, 4, 16), start_at=datetime(2026, 4, 12, 17, tzinfo=UTC),
                end_at=datetime(2026, 4, 15, 17, tzinfo=UTC), title_en="Songkran")  # fmt: skip
    build_event(host_member_id=quiet.id, status="cancelled", cancel_reason="ฝนตก; น้ำท่วม",
                start_at=START + timedelta(days=1), sequence=4)  # fmt: skip
    build_event(host_member_id=host.id, status="draft", title_en="Draft: never shown")
    person = make_person(feed_token="pinned-token")
    register(exchange, person, status="waitlisted", waitlist_position=1, created_at=EDITED)
    register(rally, person, from_stop_id=stops[1].id, to_stop_id=stops[2].id,
             created_at=EDITED, confirmed_at=EDITED + timedelta(hours=1))  # fmt: skip
    return exchange


URLS = {
    "all_en": "/feeds/all.ics?lang=en",
    "rally_en": "/feeds/kind/rally.ics?lang=en",
    "person_en": "/feeds/u/pinned-token.ics?lang=en",
    "event_en": "/events/1.ics?lang=en",
}


@pytest.mark.parametrize("cold", [True, False], ids=["cold", "memoised"])
def test_feed_bytes_are_pinned(make_member, make_venue, make_person, client, app, cold):
    _seed(make_member, make_venue, make_person)
    if cold:
        ical.clear_memo()
    for name, url in URLS.items():
        cache.cache_for(app).clear()
        response = client.get(url)
        assert response.status_code == 200, url
        path = DATA / f"pinned_{name}.ics"
        if os.environ.get("PIN_REGENERATE"):
            path.write_bytes(response.get_data())
        assert response.get_data() == path.read_bytes(), url
