"""The shared form layer as a user meets it: dates typed in the reader's era (BE in
Thai, CE in English), plausibility beside the field, typed date lists, blank text and
every error of a form in one round trip."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from scheduler_app.core import date_entry
from scheduler_app.events.models import Event
from scheduler_app.extensions import db
from scheduler_app.forms import local_today
from tests.events.parts_helpers import START, login

NEXT_YEAR = local_today().year + 1  # CE; a date a user may plan for
BE_NEXT = NEXT_YEAR + 543


def thai_digits(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))


class Page(HTMLParser):
    """Inputs by name, the text of each element by id, fieldsets and their choices."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.inputs: dict[str, dict[str, str | None]] = {}
        self.text_by_id: dict[str, str] = {}
        self.legends: list[str] = []
        self.choices: list[dict[str, str | None]] = []
        self._open: list[tuple[str, str | None]] = []
        self._in_legend = False
        self._in_choice = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name"):
            self.inputs.setdefault(a["name"], a)
        if tag == "li" and "choice" in (a.get("class") or "").split():
            self._in_choice += 1
        if tag == "input" and self._in_choice:
            self.choices.append(a)
        if tag == "legend":
            self._in_legend = True
            self.legends.append("")
        if tag not in ("input", "br", "meta", "link", "img"):
            self._open.append((tag, a.get("id")))
            if a.get("id"):
                self.text_by_id.setdefault(a["id"], "")

    def handle_endtag(self, tag):
        if tag == "legend":
            self._in_legend = False
        if tag == "li" and self._in_choice:
            self._in_choice -= 1
        while self._open:
            open_tag, _ = self._open.pop()
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self._in_legend:
            self.legends[-1] += data
        for _, element_id in self._open:
            if element_id:
                self.text_by_id[element_id] += data


FORM = {
    "kind": "training",
    "title_th": "อบรมการทำปุ๋ยหมัก",
    "title_en": "",
    "description": "",
    "start_time": "09:00",
    "end_time": "16:30",
    "timezone": "Asia/Bangkok",
    "venue_id": "0",
    "participation_level": "consult",
    "attendance_threshold": "80",
    "reminder_offsets": ["7d", "1d"],
}


@pytest.fixture
def thai_host(make_person, make_member, auth):
    person = make_person(role="host", member=make_member(), preferred_language="th")
    login(auth, person)
    return person


@pytest.fixture
def english_host(make_person, make_member, auth):
    person = make_person(role="host", member=make_member(), preferred_language="en")
    login(auth, person)
    return person


def only_event() -> Event:
    return db.session.execute(sa.select(Event)).scalar_one()


def count_events() -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(Event)).scalar_one()


def test_thai_reader_types_buddhist_era_dates_and_sees_them_back(client, thai_host):
    data = FORM | {
        "start_date": f"20/02/{BE_NEXT}",
        "end_date": f"21/02/{BE_NEXT}",
        "registration_opens_at": f"01/02/{BE_NEXT} 08:00",
        "registration_closes_at": f"๑๘/๐๒/{thai_digits(BE_NEXT)} 17:30",  # Thai digits too
    }
    response = client.post("/events/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    event = only_event()
    assert event.start_date is None or event.start_date == date(NEXT_YEAR, 2, 20)
    assert event.start_at == datetime(NEXT_YEAR, 2, 20, 2, 0, tzinfo=UTC)  # 09:00 Bangkok
    assert event.end_at == datetime(NEXT_YEAR, 2, 21, 9, 30, tzinfo=UTC)
    assert event.registration_opens_at == datetime(NEXT_YEAR, 2, 1, 1, 0, tzinfo=UTC)
    assert event.registration_closes_at == datetime(NEXT_YEAR, 2, 18, 10, 30, tzinfo=UTC)
    shown = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert f"20 ก.พ. {BE_NEXT}" in shown
    form = Page(client.get(f"/events/{event.id}/edit").get_data(as_text=True))
    assert form.inputs["start_date"]["value"] == f"20/02/{BE_NEXT}"
    assert form.inputs["registration_opens_at"]["value"] == f"01/02/{BE_NEXT} 08:00"
    assert form.inputs["start_date"]["type"] == "text"
    assert form.inputs["start_date"]["data-date-entry"] == "date"
    assert form.inputs["start_date"]["placeholder"] == "วว/ดด/ปปปป"
    hint = form.text_by_id["start_date-format"]
    assert "วว/ดด/ปปปป" in hint and "พุทธศักราช" in hint
    assert "start_date-format" in (form.inputs["start_date"]["aria-describedby"] or "")


def test_english_reader_types_common_era_dates(client, english_host):
    data = FORM | {"start_date": f"20/02/{NEXT_YEAR}", "end_date": f"20/02/{NEXT_YEAR}"}
    assert client.post("/events/new", data=data).status_code == 302
    event = only_event()
    assert event.start_at == datetime(NEXT_YEAR, 2, 20, 2, 0, tzinfo=UTC)
    form = Page(client.get(f"/events/{event.id}/edit").get_data(as_text=True))
    assert form.inputs["start_date"]["value"] == f"20/02/{NEXT_YEAR}"
    assert form.inputs["start_date"]["placeholder"] == "dd/mm/yyyy"
    assert "Common Era" in form.text_by_id["start_date-format"]


def test_iso_still_works_in_both_languages(client, thai_host):
    data = FORM | {"start_date": f"{NEXT_YEAR}-02-20", "end_date": f"{NEXT_YEAR}-02-20"}
    assert client.post("/events/new", data=data).status_code == 302
    assert only_event().start_at.date() == date(NEXT_YEAR, 2, 20)


def test_a_be_year_typed_iso_is_an_error_beside_the_field_with_a_hint(client, thai_host):
    # The reported bug: 2570-02-20 saved an event in 3113.
    data = FORM | {"start_date": f"{BE_NEXT}-02-20", "end_date": f"{BE_NEXT}-02-20"}
    response = client.post("/events/new", data=data)
    assert response.status_code == 400
    assert count_events() == 0
    page = Page(response.get_data(as_text=True))
    error = page.text_by_id["start_date-error"]
    assert "ห้าปี" in error and "พุทธศักราช" in error and "yyyy-mm-dd" in error
    assert page.inputs["start_date"]["value"] == f"{BE_NEXT}-02-20"  # nothing typed lost
    assert page.inputs["start_date"]["aria-invalid"] == "true"


def test_a_ce_year_typed_in_thai_is_too_early(client, thai_host):
    data = FORM | {"start_date": f"20/02/{NEXT_YEAR}", "end_date": f"20/02/{NEXT_YEAR}"}
    response = client.post("/events/new", data=data)
    assert response.status_code == 400 and count_events() == 0
    error = Page(response.get_data(as_text=True)).text_by_id["start_date-error"]
    assert "1 ม.ค. 2500" in error


def test_not_a_date_says_the_expected_form(client, thai_host):
    data = FORM | {"start_date": "20 กุมภา", "end_date": f"20/02/{BE_NEXT}"}
    response = client.post("/events/new", data=data)
    assert response.status_code == 400
    error = Page(response.get_data(as_text=True)).text_by_id["start_date-error"]
    assert "วว/ดด/ปปปป" in error


def test_a_new_event_cannot_start_in_the_past(client, english_host):
    yesterday = date_entry.format_date(local_today() - timedelta(days=1), "en")
    data = FORM | {"start_date": yesterday, "end_date": yesterday}
    response = client.post("/events/new", data=data)
    assert response.status_code == 400 and count_events() == 0
    error = Page(response.get_data(as_text=True)).text_by_id["start_date-error"]
    assert "cannot start in the past" in error


def test_an_existing_past_event_keeps_its_past_start_when_edited(client, english_host, make_event):
    past = datetime.now(UTC) - timedelta(days=30)
    event = make_event(
        kind="training", host_member_id=english_host.member_id, start_at=past,
        end_at=past + timedelta(hours=3),
    )  # fmt: skip
    day = date_entry.format_date(past.date(), "en")
    data = FORM | {"start_date": day, "end_date": day, "title_th": "แก้ชื่อ"}
    response = client.post(f"/events/{event.id}/edit", data=data)
    assert "cannot start in the past" not in response.get_data(as_text=True)
    assert response.status_code == 302


def test_a_title_of_spaces_is_blank(client, thai_host):
    data = FORM | {"title_th": "   \u3000 ", "start_date": f"20/02/{BE_NEXT}"}
    data["end_date"] = data["start_date"]
    response = client.post("/events/new", data=data)
    assert response.status_code == 400 and count_events() == 0
    page = Page(response.get_data(as_text=True))
    assert page.text_by_id["title_th-error"] == "กรุณากรอกข้อมูลในช่องนี้"


def test_text_is_stored_without_surrounding_spaces(client, english_host):
    data = FORM | {"title_th": "  อบรม  ", "start_date": f"20/02/{NEXT_YEAR}"}
    data["end_date"] = data["start_date"]
    assert client.post("/events/new", data=data).status_code == 302
    assert only_event().title_th == "อบรม"


def test_every_error_in_one_round_trip(client, english_host):
    data = FORM | {
        "title_th": " ",
        "start_date": f"20/02/{NEXT_YEAR}",
        "end_date": f"19/02/{NEXT_YEAR}",
        "registration_opens_at": f"10/02/{NEXT_YEAR} 08:00",
        "registration_closes_at": f"01/02/{NEXT_YEAR} 08:00",
        "capacity": "0",
        "reminder_offsets": "soon",
    }
    response = client.post("/events/new", data=data)
    assert response.status_code == 400
    errors = Page(response.get_data(as_text=True)).text_by_id
    assert "required" in errors["title_th-error"]
    assert "The end must be after the start." in errors["end_date-error"]
    assert "Registration must close after it opens." in errors["registration_closes_at-error"]
    assert "Please enter a number between" in errors["capacity-error"]
    assert "not a valid choice" in errors["reminder_offsets-error"]


def test_visit_request_shows_date_and_self_visit_errors_together(
    client, make_person, make_member, auth
):
    member = make_member()
    coordinator = make_person(role="coordinator", member=member, preferred_language="en")
    login(auth, coordinator)
    data = {
        "visiting_member_id": str(member.id),
        "host_member_id": str(member.id),
        "proposed_start": f"20/02/{NEXT_YEAR}",
        "proposed_end": f"10/02/{NEXT_YEAR}",
        "delegation_size": "",
        "purpose": "   ",
    }
    response = client.post("/events/visits/new", data=data)
    assert response.status_code == 400
    errors = Page(response.get_data(as_text=True)).text_by_id
    assert "must not be before the first" in errors["proposed_end-error"]
    assert "cannot visit itself" in errors["host_member_id-error"]
    assert "required" in errors["purpose-error"]
    assert "required" in errors["delegation_size-error"]


def test_check_boxes_are_a_fieldset_with_labelled_choices(client, make_person, make_member, auth):
    member = make_member()
    coordinator = make_person(role="coordinator", member=member, preferred_language="th")
    login(auth, coordinator)
    page = Page(client.get("/events/visits/new").get_data(as_text=True))
    assert any("เชื่อม" in legend or legend.strip() for legend in page.legends)
    assert page.choices and all(c["type"] == "checkbox" and c["id"] for c in page.choices)


def test_skip_dates_are_typed_in_buddhist_era_and_a_bad_one_is_named(
    client, make_event, make_person, make_member, auth
):
    host = make_person(role="host", member=make_member(), preferred_language="th")
    event = make_event(
        kind="training", host_member_id=host.member_id, start_at=START,
        end_at=START + timedelta(days=60),
    )  # fmt: skip
    login(auth, host)
    url = f"/events/{event.id}/sessions"
    data = {
        "which": "series",
        "series-title": "ห้องเรียน",
        "series-day": "10/01/2574",
        "series-start_time": "09:00",
        "series-end_time": "12:00",
        "series-every_weeks": "1",
        "series-count": "3",
        "series-exceptions": "17/01/2574, 31/02/2574",
    }
    bad = client.post(url, data=data)
    assert bad.status_code == 400
    page = Page(bad.get_data(as_text=True))
    assert "31/02/2574" in page.text_by_id["series-exceptions-error"]
    assert page.inputs["series-exceptions"]["value"] == "17/01/2574, 31/02/2574"
    far = client.post(url, data=data | {"series-exceptions": "17/01/2574\n17/01/2031"})
    assert far.status_code == 400  # 2031 read as BE is 1488 CE
    error = Page(far.get_data(as_text=True)).text_by_id["series-exceptions-error"]
    assert "17/01/2031" in error and "2500" in error
    long = client.post(url, data=data | {"series-exceptions": "17/01/2574, " * 100})
    assert long.status_code == 400
    assert "1000" in Page(long.get_data(as_text=True)).text_by_id["series-exceptions-error"]
    ok = client.post(url, data=data | {"series-exceptions": "17/01/2574"})
    assert ok.status_code == 302
    db.session.refresh(event)
    days = [s.start_at.date() for s in event.sessions]
    assert days == [date(2031, 1, 10), date(2031, 1, 24), date(2031, 1, 31)]


def test_times_are_typed_on_the_24_hour_clock(client, thai_host):
    data = FORM | {"start_date": f"20/02/{BE_NEXT}", "end_date": f"20/02/{BE_NEXT}"}
    bad = client.post("/events/new", data=data | {"start_time": "2:30 pm", "end_time": "25:00"})
    assert bad.status_code == 400 and count_events() == 0
    page = Page(bad.get_data(as_text=True))
    assert "24 ชั่วโมง" in page.text_by_id["start_time-error"]
    assert "24 ชั่วโมง" in page.text_by_id["end_time-error"]
    assert page.inputs["start_time"]["type"] == "text"
    assert page.inputs["start_time"]["value"] == "2:30 pm"
    ok = client.post("/events/new", data=data | {"start_time": "9.05", "end_time": "๑๔:๓๐"})
    assert ok.status_code == 302
    assert only_event().start_at == datetime(NEXT_YEAR, 2, 20, 2, 5, tzinfo=UTC)
    assert only_event().end_at == datetime(NEXT_YEAR, 2, 20, 7, 30, tzinfo=UTC)
