"""The pure Flex builder keeps LINE's limits whatever the text."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from scheduler_app.core.line_flex import ALT_TEXT_MAX, LABEL_MAX, Card, clip, flex_message, payload
from tests.line.fake_line import check_message

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=900)


@given(alt=texts, heading=texts, title=texts, label=texts, value=texts, note=texts, button=texts)
def test_any_card_is_a_message_line_accepts(alt, heading, title, label, value, note, button):
    card = Card(
        alt,
        heading,
        title,
        lines=[(label, value)] * 3,
        note=note,
        buttons=[(button, "https://ruamjai.test/events/1"), (button, "javascript:x")],
    )
    message = flex_message(card)
    assert check_message(message) == []
    assert 1 <= len(message["altText"]) <= ALT_TEXT_MAX
    actions = [b["action"] for b in message["contents"]["footer"]["contents"]]
    assert [a["uri"] for a in actions] == ["https://ruamjai.test/events/1"]  # no javascript:
    assert all(len(a["label"]) <= LABEL_MAX for a in actions)


def test_clip_marks_a_cut_and_keeps_short_text():
    assert clip("สั้น", 10) == "สั้น"
    assert clip("ก" * 30, 10) == "ก" * 9 + "…"
    assert clip("a\n\tb", 10) == "a b"


def test_payload_is_stable_so_equal_messages_multicast_together():
    one = flex_message(Card("แจ้ง", "หัว", "ชื่อ"))
    assert payload([one]) == payload([json.loads(json.dumps(one))])
    assert "แจ้ง" in payload([one])  # Thai kept readable, not \\u escapes
