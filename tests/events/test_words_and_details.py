"""Words and details on event pages (issue 12): what a Thai officer reads, read back with
an HTML parser the way a browser would."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from scheduler_app.events.models import Event
from scheduler_app.extensions import db
from tests import htmltree
from tests.events.test_event_crud import FORM


def test_visitor_briefing_keeps_its_paragraphs_and_line_breaks(client, make_member, make_event):
    host = make_member(
        visitor_rules="1. ถอดรองเท้าก่อนเข้าวัด\r\n2. แต่งกายสุภาพ\r\n\r\n<b>ห้าม</b>ส่งเสียงดัง",
        visitor_risks="ทางลาดชัน\nระวังงู",
    )
    event = make_event(kind="study_visit", host_member=host)
    page = htmltree.parse(client.get(f"/events/{event.id}").get_data(as_text=True))
    briefing = htmltree.with_class(page, "briefing")[0]
    paragraphs = [p for p in briefing.iter("p")]
    assert len(paragraphs) == 3  # two paragraphs of rules, one of risks
    first, second, risks = paragraphs
    assert [line.strip() for line in first.itertext()] == ["1. ถอดรองเท้าก่อนเข้าวัด", "2. แต่งกายสุภาพ"]
    assert len(list(first.iter("br"))) == 1
    # typed markup stays text
    assert second.find("b") is None and htmltree.text(second) == "<b>ห้าม</b>ส่งเสียงดัง"
    assert len(list(risks.iter("br"))) == 1 and list(risks.itertext()) == ["ทางลาดชัน", "ระวังงู"]


def test_no_limit_reads_without_a_count(client, make_event):
    event = make_event(capacity=None)
    page = htmltree.parse(client.get(f"/events/{event.id}").get_data(as_text=True))
    facts = htmltree.with_class(page, "facts")[0]
    terms = [htmltree.text(e) for e in facts if e.tag == "dt"]
    values = [htmltree.text(e) for e in facts if e.tag == "dd"]
    assert values[terms.index("จำนวนที่นั่ง")] == "ไม่จำกัด"


# ---- the event form: reminders as check boxes, plain words for IAP2 and the zone ----


def _boxes(page) -> dict[str, tuple[str, bool]]:
    """Reminder check boxes: value → (its label's text, ticked)."""
    labels = {e.get("for"): htmltree.text(e) for e in page.iter("label")}
    return {
        e.get("value"): (labels[e.get("id")], "checked" in e.attrib)
        for e in page.iter("input")
        if e.get("name") == "reminder_offsets" and e.get("type") == "checkbox"
    }


@pytest.fixture
def thai_host(make_person, make_member, auth):
    person = make_person(role="host", member=make_member(), preferred_language="th")
    auth.login_as(person)
    return person


def test_new_event_form_offers_reminders_as_thai_check_boxes(client, thai_host):
    page = htmltree.parse(client.get("/events/new?kind=training").get_data(as_text=True))
    boxes = _boxes(page)
    assert boxes["7d"] == ("7 วันก่อน", True) and boxes["1d"] == ("1 วันก่อน", True)
    assert boxes["3d"] == ("3 วันก่อน", False) and boxes["2h"] == ("2 ชั่วโมงก่อน", False)
    assert not any(e.get("name") == "reminder_offsets" and e.get("type") == "text"
                   for e in page.iter("input"))  # fmt: skip


def test_ticked_reminders_are_saved_as_offsets(client, thai_host):
    data = FORM | {"reminder_offsets": ["2h", "7d", "3d"]}
    assert client.post("/events/new", data=data).status_code == 302
    event = db.session.execute(sa.select(Event)).scalar_one()
    assert event.reminder_offsets == "7d,3d,2h"
    event_id = event.id
    assert client.post(f"/events/{event_id}/edit", data=FORM).status_code == 302
    assert db.session.get(Event, event_id).reminder_offsets == ""  # nothing ticked: none


def test_a_stored_offset_outside_the_boxes_stays_ticked_and_kept(client, thai_host, make_event):
    event = make_event(kind="training", host_member_id=thai_host.member_id,
                       reminder_offsets="36h,1d", status="draft")  # fmt: skip
    page = htmltree.parse(client.get(f"/events/{event.id}/edit").get_data(as_text=True))
    boxes = _boxes(page)
    assert boxes["36h"] == ("36 ชั่วโมงก่อน", True) and boxes["1d"][1] and not boxes["7d"][1]


def test_more_than_five_reminders_is_an_error_beside_the_field(client, thai_host):
    ticked = ["14d", "7d", "3d", "2d", "1d", "2h"]
    response = client.post("/events/new", data=FORM | {"reminder_offsets": ticked})
    assert response.status_code == 400
    page = htmltree.parse(response.get_data(as_text=True))
    assert htmltree.text(htmltree.by_id(page, "reminder_offsets-error")) == (
        "เลือกการแจ้งเตือนได้ไม่เกิน 5 รายการ"
    )
    assert sorted(v for v, (_, on) in _boxes(page).items() if on) == sorted(ticked)


def test_participation_levels_and_time_zones_say_what_they_mean(client, thai_host):
    page = htmltree.parse(client.get("/events/new?kind=training").get_data(as_text=True))
    options = {
        o.get("value"): htmltree.text(o)
        for select in page.iter("select") if select.get("id") == "participation_level"
        for o in select.iter("option")
    }  # fmt: skip
    assert options["consult"] == "ปรึกษาหารือ: ผู้เข้าร่วมได้แสดงความเห็นก่อนเจ้าภาพตัดสินใจ"
    assert options["empower"].startswith("เสริมพลังให้ตัดสินใจ: ")
    hint = htmltree.text(htmltree.by_id(page, "participation_level-hint"))
    assert "IAP2" in hint and "สมาคมการมีส่วนร่วมของประชาชนนานาชาติ" in hint
    zone = next(s for s in page.iter("select") if s.get("id") == "timezone")
    zones = {
        o.get("value"): (htmltree.text(o), "selected" in o.attrib) for o in zone.iter("option")
    }
    assert zones["Asia/Bangkok"] == ("ประเทศไทย (เวลากรุงเทพฯ UTC+7)", True)
    assert zones["Asia/Vientiane"][0] == "ลาว (เวลาเวียงจันทน์ UTC+7)"
    assert "เขตเวลา" in htmltree.text(htmltree.by_id(page, "timezone-hint"))
    more = next(d for d in page.iter("details") if zone in list(d.iter("select")))
    assert "open" not in more.attrib  # tucked away unless the event is abroad


def test_event_page_explains_its_level_and_foreign_zone(client, make_event):
    event = make_event(participation_level="involve", timezone="Asia/Vientiane")
    page = htmltree.parse(client.get(f"/events/{event.id}").get_data(as_text=True))
    facts = htmltree.text(htmltree.with_class(page, "facts")[0])
    assert "IAP2" not in facts
    assert "เข้ามามีบทบาท: ผู้เข้าร่วมทำงานร่วมกับเจ้าภาพตลอดกระบวนการ" in facts
    assert " · ลาว (เวลาเวียงจันทน์ UTC+7)" in facts


def test_roll_call_heading_does_not_repeat_the_session_number(client, training):
    from scheduler_app.events.training.models import TrainingSession

    session: TrainingSession = training.sessions[0]
    session.title = "ครั้งที่ 1"
    db.session.commit()
    url = f"/events/{training.id}/sessions/{session.id}/roll-call"
    page = htmltree.parse(client.get(url).get_data(as_text=True))  # the host reads English
    heading = next(htmltree.text(p) for p in page.iter("p") if "·" in htmltree.text(p))
    number, _when = heading.split(" · ")  # no third part repeating "ครั้งที่ 1"
    assert number == "Session 1"
