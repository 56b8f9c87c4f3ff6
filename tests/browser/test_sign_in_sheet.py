"""The A4 sign-in sheet, laid out by Chromium for print: no Thai name is broken inside a
word (issue 12). Each word of each name must sit on one line."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from scheduler_app.accounts.models import Person
from scheduler_app.events.models import Event, Registration
from scheduler_app.extensions import db, utcnow
from tests.browser.conftest import HOST_EMAIL, LiveServer, save_screenshot

pytestmark = pytest.mark.browser

A4_CONTENT = {"width": 718, "height": 1047}  # 210 × 297 mm less 10 mm margins, at 96 dpi
NAMES = [
    ("ว่าที่ร้อยตรี", "เฉลิมพระเกียรติ", "ทองประเสริฐสุขเจริญ"),
    ("นางสาว", "พรรณพิไลวรรณ", "ศรีสุวรรณวงศ์ไพศาล"),
    ("นาย", "สมศักดิ์ชัยวัฒน์", "เจริญรุ่งเรืองกิจการ"),
]
POSITION = "นักวิเคราะห์นโยบายและแผนชำนาญการพิเศษ รักษาราชการแทนปลัดเทศบาล"

# For every word of every name cell: how many line boxes it takes (1 = not broken).
WORD_LINES = """
cells => cells.map(cell => {
  const text = cell.textContent;
  const node = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  const out = [];
  let n;
  while ((n = node.nextNode())) {
    for (const m of n.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(n, m.index);
      range.setEnd(n, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      out.push([m[0], tops.size]);
    }
  }
  return [text, out];
})
"""


def _seed_sheet(live_server: LiveServer) -> int:
    with live_server.app.app_context():
        host = db.session.execute(db.select(Person).where(Person.email == HOST_EMAIL)).scalar_one()
        start = utcnow().replace(microsecond=0) + timedelta(days=20)
        event = Event(kind="exchange", title_th="เวทีประชาคมทดสอบใบลงชื่อ", status="published",
                      host_member_id=host.member_id, start_at=start,
                      end_at=start + timedelta(hours=6), created_at=utcnow(),
                      updated_at=utcnow(), sequence=1, confirmed_count=0)  # fmt: skip
        db.session.add(event)
        db.session.flush()
        for i, (honorific, given, family) in enumerate(NAMES):
            person = Person(email=f"sheet{i}.{event.id}@example.org", honorific=honorific,
                            given_name=given, family_name=family, position=POSITION,
                            member_id=host.member_id, role="member")  # fmt: skip
            db.session.add(person)
            db.session.flush()
            db.session.add(Registration(event_id=event.id, person_id=person.id,
                                        status="confirmed", confirmed_at=utcnow()))  # fmt: skip
            event.confirmed_count += 1
        db.session.commit()
        return event.id


def test_thai_names_do_not_break_inside_a_word_when_printed(
    live_server: LiveServer, new_page: Any
) -> None:
    event_id = _seed_sheet(live_server)
    page = new_page(viewport=A4_CONTENT, as_user=HOST_EMAIL)
    page.emulate_media(media="print")
    page.goto(f"/events/{event_id}/sign-in-sheet")
    cells = page.locator("table.sheet tbody tr td:nth-child(2)")
    measured = cells.evaluate_all(WORD_LINES)
    named = [(text, words) for text, words in measured if text.strip()]
    assert len(named) == len(NAMES)
    broken = [(word, lines) for _text, words in named for word, lines in words if lines > 1]
    assert broken == []
    # the names are whole, in order, and the table fits the page
    assert [" ".join(w for w, _ in words) for _t, words in named] == [
        f"{h}{g} {f}" for h, g, f in NAMES
    ]
    width = page.locator("table.sheet").evaluate("t => t.getBoundingClientRect().width")
    assert width <= A4_CONTENT["width"]
    save_screenshot(page, "sign-in-sheet-print")
