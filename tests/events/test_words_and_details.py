"""Words and details on event pages (issue 12): what a Thai officer reads, read back with
an HTML parser the way a browser would."""

from __future__ import annotations

from tests import htmltree


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
