"""The update mail says the whole span of a multi-day event and what changed, old → new
(issue 12): read from real SMTP with Python's email package."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from scheduler_app.events import operations as services
from scheduler_app.events.registration.operations import register_participant
from scheduler_app.extensions import db, utcnow
from tests import htmltree


def _mail_to(deliver_all, person):
    [message] = [m for m in deliver_all() if m["To"].addresses[0].addr_spec == person.email
                 and m["Subject"].startswith(("Changed", "มีการเปลี่ยนแปลง"))]  # fmt: skip
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return text, htmltree.parse(html)


def test_a_multi_day_event_moved_says_both_spans(
    make_event, make_person, make_member, make_venue, deliver_all
):
    hall, field = make_venue(name_th="ศาลาประชาคม"), make_venue(name_th="ลานวัด")
    event = make_event(
        title_th="มหกรรมของดีเมืองเลย", is_all_day=True, venue_id=hall.id,
        start_date=date(2031, 2, 3), end_date=date(2031, 2, 6),
        start_at=datetime(2031, 2, 2, 17, tzinfo=UTC), end_at=datetime(2031, 2, 5, 17, tzinfo=UTC),
    )  # fmt: skip
    person = make_person(preferred_language="th")
    register_participant(event, person, utcnow())
    db.session.commit()
    moved = {"start_date": date(2031, 2, 10), "end_date": date(2031, 2, 14),
             "start_at": datetime(2031, 2, 9, 17, tzinfo=UTC),
             "end_at": datetime(2031, 2, 13, 17, tzinfo=UTC),
             "venue_id": field.id, "title_th": "มหกรรมของดีเมืองเลย ครั้งที่ 2"}  # fmt: skip
    services.update_event(event, moved, utcnow())
    db.session.commit()

    text, html = _mail_to(deliver_all, person)
    lines = text.splitlines()
    assert "- วันและเวลา: 3 กุมภาพันธ์ 2574 – 5 กุมภาพันธ์ 2574 → " \
           "10 กุมภาพันธ์ 2574 – 13 กุมภาพันธ์ 2574" in lines  # fmt: skip
    assert "- สถานที่: ศาลาประชาคม → ลานวัด" in lines
    assert "- ชื่อกิจกรรม: มหกรรมของดีเมืองเลย → มหกรรมของดีเมืองเลย ครั้งที่ 2" in lines
    # the details block gives every day, not only the first
    assert "เมื่อ: 10 กุมภาพันธ์ 2574 – 13 กุมภาพันธ์ 2574" in lines
    rows = {htmltree.text(r.find("th")): r for r in html.iter("tr") if r.find("th") is not None}
    time_row = rows["วันและเวลา"]
    assert htmltree.text(time_row.find("td/s")) == "3 กุมภาพันธ์ 2574 – 5 กุมภาพันธ์ 2574"
    assert htmltree.text(time_row.find("td/strong")) == "10 กุมภาพันธ์ 2574 – 13 กุมภาพันธ์ 2574"


def test_a_timed_change_in_english_uses_the_event_zone(make_event, make_person, deliver_all):
    start = datetime(2031, 3, 5, 2, 0, tzinfo=UTC)  # 09:00 in Bangkok, 08:30 in Yangon
    event = make_event(title_en="Forum", start_at=start, end_at=start + timedelta(hours=7),
                       timezone="Asia/Yangon")  # fmt: skip
    person = make_person(preferred_language="en")
    register_participant(event, person, utcnow())
    db.session.commit()
    later = {"start_at": start + timedelta(hours=1), "end_at": start + timedelta(hours=8)}
    services.update_event(event, later, utcnow())
    db.session.commit()
    text, _html = _mail_to(deliver_all, person)
    assert (
        "- Date and time: 5 March 2031 08:30 – 15:30 → 5 March 2031 09:30 – 16:30"
        in text.splitlines()
    )
    assert "Venue" not in text and "Name of the activity" not in text  # only what changed
