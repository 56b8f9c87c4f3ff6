"""Issue 15's "done when", driven as a person and an operator would: link LINE on the
profile page (the fake Official Account delivers the code to the webhook), choose LINE
for reminders, register, run ``followups run`` and ``mail send-due``: the fake server
receives a Thai Flex reminder. Unlinking stops them. Plus the profile's choices form."""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from datetime import timedelta
from html.parser import HTMLParser

import sqlalchemy as sa

from scheduler_app.accounts.privacy_models import ConsentRecord
from scheduler_app.events import operations as event_operations
from scheduler_app.extensions import db, utcnow
from scheduler_app.mail.models import OutboxMessage, OutboxStatus
from tests.line.conftest import event_body, line_user_id, message_event, post_webhook

PUSH = "/v2/bot/message/push"


class Page(HTMLParser):
    """The bits of a page these tests read: texts by class, forms, radios, images."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.strong_in_code = ""
        self.forms: list[str] = []
        self.radios: dict[str, list[tuple[str, bool]]] = {}
        self.images: list[str] = []
        self.links: list[str] = []
        self.errors: list[str] = []
        self._in: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self._in.append(a.get("class") or "")
        if tag == "form":
            self.forms.append(a.get("action", ""))
        if tag == "input" and a.get("type") == "radio":
            self.radios.setdefault(a["name"], []).append((a["value"], "checked" in a))
        if tag == "img":
            self.images.append(a.get("src", ""))
        if tag == "a":
            self.links.append(a.get("href", ""))

    def handle_endtag(self, tag):
        if self._in:
            self._in.pop()

    def handle_data(self, data):
        if "line-code" in self._in:
            self.strong_in_code += data.strip()
        if "field-error" in self._in:
            self.errors.append(data.strip())


def _line_section(client) -> Page:
    response = client.get("/profile")
    assert response.status_code == 200
    return Page(response.get_data(as_text=True))


def _choose(client, **ways):
    data = {
        f"line-{topic}": way
        for topic, way in {
            "invitations": "email",
            "reminders": "email",
            "digest": "email",
            "followups": "email",
            "introductions": "email",
            **ways,
        }.items()
    }
    return client.post("/line/choices", data=data)


def _link_through_the_official_account(client, user: str) -> None:
    assert client.post("/line/code").status_code == 302
    page = _line_section(client)
    code = page.strong_in_code
    assert code.startswith("RJ") and len(code) == 8
    assert "/line/code.svg" in page.images
    assert any(link.startswith("https://line.me/R/oaMessage/@ruamjai/?RJ") for link in page.links)
    svg = ET.fromstring(client.get("/line/code.svg").data)  # noqa: S314 (our own image)
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"  # an <img> shows it only with this
    # The person types the code into the OA's chat; LINE posts it to our webhook, signed.
    assert post_webhook(client, event_body(message_event(user, code))).status_code == 200


def test_link_choose_line_register_and_get_a_thai_flex_reminder(
    client, auth, make_person, make_event, runner, fake_line
):
    person = make_person(preferred_language="th")
    auth.login_as(person)
    user = line_user_id(42)
    _link_through_the_official_account(client, user)
    page = _line_section(client)
    assert "/line/unlink" in page.forms
    assert ("email", True) in page.radios["line-reminders"]

    assert _choose(client, reminders="line").status_code == 302
    page = _line_section(client)
    assert ("line", True) in page.radios["line-reminders"]
    consent = db.session.execute(
        sa.select(ConsentRecord.purpose, ConsentRecord.is_given).where(
            ConsentRecord.person_id == person.id
        )
    ).all()
    assert ("line:reminders", True) in consent and ("email:reminders", False) in consent

    start = utcnow().replace(microsecond=0) + timedelta(days=1, seconds=3)
    event = make_event(
        start_at=start,
        reminder_offsets="1d",
        title_th="อบรมการคัดแยกขยะชุมชน",
        title_en="Waste sorting class",
    )
    event_id = event.id
    assert client.post(f"/events/{event_id}/register").status_code == 302
    rows = (
        db.session.execute(sa.select(OutboxMessage).where(OutboxMessage.kind == "reminder"))
        .scalars()
        .all()
    )
    assert [(r.channel, r.recipient) for r in rows] == [("line", user)]  # LINE only

    time.sleep(3.2)  # the reminder falls due
    assert runner.invoke(args=["followups", "run"]).exit_code == 0
    result = runner.invoke(args=["mail", "send-due"])
    assert result.exit_code == 0, result.output
    assert "line: sent 1" in result.output
    [push] = fake_line.accepted(PUSH)
    assert push.body["to"] == user
    [message] = push.body["messages"]
    assert message["type"] == "flex"
    assert message["altText"].startswith("พรุ่งนี้: อบรมการคัดแยกขยะชุมชน")
    texts = str(message["contents"])
    assert "เตือนความจำ" in texts and str(start.year + 543) in texts  # Thai, Buddhist Era
    buttons = [b["action"] for b in message["contents"]["footer"]["contents"]]
    assert [b["uri"] for b in buttons] == [
        f"https://ruamjai.test/events/{event_id}",
        f"https://ruamjai.test/events/{event_id}.ics",
    ]
    assert fake_line.problems == []

    # Unlinking stops them: the next reminder is withdrawn and nothing more is sent.
    later = make_event(start_at=start + timedelta(days=30), title_th="ประชุมครั้งต่อไป")
    client.post(f"/events/{later.id}/register")
    waiting = (
        db.session.execute(
            sa.select(OutboxMessage).where(
                OutboxMessage.channel == "line", OutboxMessage.status == OutboxStatus.PENDING.value
            )
        )
        .scalars()
        .all()
    )
    assert len(waiting) == 2  # 7 days and 1 day before
    assert client.post("/line/unlink").status_code == 302
    db.session.expire_all()
    assert {r.status for r in waiting} == {OutboxStatus.WITHDRAWN.value}
    runner.invoke(args=["mail", "send-due"])
    assert len(fake_line.accepted(PUSH)) == 1
    assert "/line/code" in _line_section(client).forms


def test_a_moved_event_reminder_says_the_new_time(
    client, auth, make_person, make_event, runner, fake_line
):
    person = make_person(preferred_language="th")
    auth.login_as(person)
    _link_through_the_official_account(client, line_user_id(5))
    _choose(client, reminders="both")
    event = make_event(start_at=utcnow() + timedelta(days=20), reminder_offsets="1d")
    client.post(f"/events/{event.id}/register")
    new_start = utcnow().replace(microsecond=0) + timedelta(days=1, seconds=2)
    event_operations.update_event(
        event, {"start_at": new_start, "end_at": new_start + timedelta(hours=2)}, utcnow()
    )
    db.session.commit()
    time.sleep(2.2)
    runner.invoke(args=["mail", "send-due"])
    [push] = fake_line.accepted(PUSH)
    contents = str(push.body["messages"][0]["contents"])
    assert "มีการเปลี่ยนเวลา เวลาใหม่" in contents
    assert str(new_start.year + 543) in contents
    # "both": the e-mail reminder was queued as well
    assert (
        db.session.execute(
            sa.select(sa.func.count())
            .select_from(OutboxMessage)
            .where(
                OutboxMessage.kind == "reminder",
                OutboxMessage.channel == "email",
                OutboxMessage.status == OutboxStatus.PENDING.value,
            )
        ).scalar()
        == 1
    )


def test_a_cancelled_event_withdraws_pending_line_reminders(
    client, auth, make_person, make_event, fake_line
):
    person = make_person()
    auth.login_as(person)
    _link_through_the_official_account(client, line_user_id(6))
    _choose(client, reminders="line", invitations="both")
    event = make_event(start_at=utcnow() + timedelta(days=20))
    client.post(f"/events/{event.id}/register")
    event_operations.cancel_event(event, "ฝนตกหนัก", utcnow())
    db.session.commit()
    rows = db.session.execute(
        sa.select(OutboxMessage.kind, OutboxMessage.status).where(OutboxMessage.channel == "line")
    ).all()
    reminders = [status for kind, status in rows if kind == "reminder"]
    assert reminders and set(reminders) == {OutboxStatus.WITHDRAWN.value}
    assert ("event_cancelled", OutboxStatus.PENDING.value) in rows


def test_a_tampered_choice_is_refused_beside_its_field_keeping_the_rest(
    client, auth, make_person, fake_line
):
    person = make_person(line_user_id=line_user_id(11))
    auth.login_as(person)
    response = _choose(client, reminders="pigeon", digest="line")
    assert response.status_code == 400
    page = Page(response.get_data(as_text=True))
    assert page.errors  # beside the reminders field
    assert ("line", True) in page.radios["line-digest"]  # what was chosen is kept
    db.session.refresh(person)
    assert person.wants_reminders is True


def test_the_quota_page_is_for_coordinators_and_admins(client, auth, make_person, fake_line):
    assert "/login" in client.get("/line/quota").headers.get("Location", "")
    auth.login_as(make_person(role="member"))
    assert client.get("/line/quota").status_code == 403
    auth.login_as(make_person(role="host"))
    assert client.get("/line/quota").status_code == 403
    auth.login_as(make_person(role="coordinator"))
    page = client.get("/line/quota")
    assert page.status_code == 200
    assert "โควตาข้อความ LINE" in page.get_data(as_text=True)


def test_the_privacy_history_names_each_channel_choice(client, auth, make_person, fake_line):
    person = make_person(line_user_id=line_user_id(12))
    auth.login_as(person)
    _choose(client, digest="line")
    page = client.get("/privacy/choices").get_data(as_text=True)
    assert "LINE: สรุปกิจกรรมที่กำลังจะมาถึง" in page
    assert "line:digest" not in page


def test_the_line_page_names_itself_once_and_the_profile_section_keeps_its_heading(
    client, auth, make_person, fake_line
):
    auth.login_as(make_person(role="member"))
    page = client.get("/line").get_data(as_text=True)
    headings = re.findall(r"<h[1-6][^>]*>([^<]*)</h[1-6]>", page)
    assert [h for h in headings if "LINE" in h] == ["ข้อความทาง LINE"]
    assert 'aria-labelledby="line-heading"' in page and 'id="line-heading"' in page
    profile = client.get("/profile").get_data(as_text=True)
    assert re.search(r'<h2 id="line-heading">ข้อความทาง LINE</h2>', profile)
