"""Thai public holidays, shipped for the coming years (admins add or hide days in the app).

Fixed-date holidays are generated for every year in ``SHIPPED_YEARS``. The Buddhist
holidays follow the lunar calendar and are announced by the cabinet each year; the
dates below are those announced (2026) or published in the official calendar; later
years get theirs from an admin on the holidays page once announced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

SHIPPED_YEARS = range(2026, 2032)


@dataclass(frozen=True)
class Holiday:
    """One public holiday: its day and its names."""

    day: date
    name_th: str
    name_en: str


FIXED: tuple[tuple[int, int, str, str], ...] = (
    (1, 1, "วันขึ้นปีใหม่", "New Year's Day"),
    (4, 6, "วันจักรี", "Chakri Memorial Day"),
    (4, 13, "วันสงกรานต์", "Songkran"),
    (4, 14, "วันสงกรานต์", "Songkran"),
    (4, 15, "วันสงกรานต์", "Songkran"),
    (5, 1, "วันแรงงานแห่งชาติ", "National Labour Day"),
    (5, 4, "วันฉัตรมงคล", "Coronation Day"),
    (6, 3, "วันเฉลิมพระชนมพรรษาสมเด็จพระนางเจ้าฯ พระบรมราชินี", "Queen Suthida's Birthday"),
    (7, 28, "วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว", "King's Birthday"),
    (8, 12, "วันแม่แห่งชาติ", "Queen Mother's Birthday / Mother's Day"),
    (10, 13, "วันนวมินทรมหาราช", "King Bhumibol Memorial Day"),
    (10, 23, "วันปิยมหาราช", "Chulalongkorn Day"),
    (12, 5, "วันพ่อแห่งชาติ", "King Bhumibol's Birthday / Father's Day"),
    (12, 10, "วันรัฐธรรมนูญ", "Constitution Day"),
    (12, 31, "วันสิ้นปี", "New Year's Eve"),
)

LUNAR: tuple[Holiday, ...] = (
    Holiday(date(2026, 3, 3), "วันมาฆบูชา", "Makha Bucha"),
    Holiday(date(2026, 5, 31), "วันวิสาขบูชา", "Visakha Bucha"),
    Holiday(date(2026, 7, 29), "วันอาสาฬหบูชา", "Asahna Bucha"),
    Holiday(date(2026, 7, 30), "วันเข้าพรรษา", "Buddhist Lent Day"),
)


def shipped_holidays(years: range = SHIPPED_YEARS) -> list[Holiday]:
    """Every shipped holiday in ``years``, by day."""
    found = [
        Holiday(date(year, month, day), name_th, name_en)
        for year in years
        for month, day, name_th, name_en in FIXED
    ]
    found += [h for h in LUNAR if h.day.year in years]
    return sorted(found, key=lambda h: h.day)


def effective_holidays(
    added: list[Holiday], hidden: set[date], years: range = SHIPPED_YEARS
) -> list[Holiday]:
    """Shipped holidays without the ``hidden`` days, plus the ``added`` ones, by day."""
    kept = [h for h in shipped_holidays(years) if h.day not in hidden]
    seen = {h.day for h in kept}
    kept += [h for h in added if h.day not in seen and h.day not in hidden]
    return sorted(kept, key=lambda h: h.day)
