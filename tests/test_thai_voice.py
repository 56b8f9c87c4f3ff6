"""One polite form in Thai: the reader is ท่าน, never คุณ (docs/THAI_STYLE.md)."""

from __future__ import annotations

import re
from pathlib import Path

from tools.i18n import catalogue_path, load

ROOT = Path(__file__).resolve().parent.parent
# คุณ as "you"; not ขอบคุณ (thank you) nor words built on คุณ (quality, value, merit...).
YOU = re.compile(r"(?<!ขอบ)คุณ(?!ภาพ|ค่า|สมบัติ|ประโยชน์|ธรรม|ลักษณะ|วุฒิ|งาม|ูปการ)")


def _thai_texts() -> dict[str, str]:
    texts = {
        f"catalogue: {m.id}": m.string
        for m in load(catalogue_path("th"), "th")
        if m.id and isinstance(m.string, str)
    }
    fragments = ROOT / "scheduler_app" / "translations" / "fragments"
    for path in [*fragments.glob("*.po"), *(ROOT / "templates").rglob("*.*")]:
        texts[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    return texts


def test_the_reader_is_always_than() -> None:
    offending = {where: YOU.findall(text) for where, text in _thai_texts().items()}
    assert {where for where, found in offending.items() if found} == set()


def test_the_pattern_tells_you_from_thank_you() -> None:
    assert YOU.search("คุณลงทะเบียนแล้ว") and YOU.search("หน่วยงานของคุณ")
    assert not YOU.search("ขอบคุณที่ร่วมกิจกรรม") and not YOU.search("คุณภาพน้ำ")
