"""Small helpers shared by the venues tests."""

from __future__ import annotations

import html
import re
from typing import Any

from scheduler_app.extensions import db
from scheduler_app.venues.models import Venue


def venue_count() -> int:
    return db.session.execute(db.select(db.func.count()).select_from(Venue)).scalar_one()


def reload(venue: Venue) -> Venue:
    db.session.expire_all()
    found = db.session.get(Venue, venue.id)
    assert found is not None
    return found


def field_error(page: str, field_id: str) -> str:
    """The text of the error paragraph the ``field()`` macro puts beside a field."""
    match = re.search(rf'id="{re.escape(field_id)}-error">([^<]*)<', page)
    return html.unescape(match.group(1)) if match else ""


def venue_names_in_order(page: str) -> list[str]:
    """Venue names as the list page shows them, top to bottom."""
    return [html.unescape(n) for n in re.findall(r'<a href="/venues/\d+"><strong>([^<]*)<', page)]


def venue_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name_th": "ศูนย์เรียนรู้บ้านนาอ้อ",
        "name_en": "Ban Na O Learning Centre",
        "address": "หมู่ 3 ตำบลนาอ้อ",
        "district_code": "4201",
        "subdistrict_code": "420103",
        "latitude": "17.55",
        "longitude": "101.71",
        "capacity": "120",
        "facilities": "ห้องประชุม, ห้องน้ำ",
        "is_exchange_centre": "y",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
