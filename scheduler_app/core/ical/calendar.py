"""The whole VCALENDAR: its head (properties and VTIMEZONEs), then the VEVENTs' bytes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache

from icalendar import Calendar, vDuration, vText

from scheduler_app.core.ical.memo import MEMO, fill
from scheduler_app.core.ical.model import CalendarEvent, CalendarSpec, VeventStore
from scheduler_app.core.ical.values import require_aware, text
from scheduler_app.core.ical.vevent import Args
from scheduler_app.core.ical.zones import timezone, zones_used

_END = b"END:VCALENDAR\r\n"


def build_calendar(
    calendar: CalendarSpec,
    events: Sequence[CalendarEvent],
    now: datetime,
    store: VeventStore | None = None,
) -> bytes:
    """The whole VCALENDAR as UTF-8 bytes with CRLF line ends and folded lines.

    ``now`` is used only as the DTSTAMP of REQUEST/CANCEL messages. With
    ``method="CANCEL"`` every event is written as cancelled; REQUEST and CANCEL need an
    organizer on every event (RFC 5546). VEVENTs not in this worker's memo are looked up
    in ``store`` (one ``get_many``) before they are serialised, and the newly serialised
    ones handed to its ``put_many``.
    """
    require_aware(now, "now")
    if calendar.method in ("REQUEST", "CANCEL"):
        for event in events:
            if event.organizer is None:
                raise ValueError(f"{calendar.method} needs an ORGANIZER ({event.uid})")
    zones = zones_used(calendar, events)
    itip_now = now if calendar.method in ("REQUEST", "CANCEL") else None
    language, method = calendar.language, calendar.method
    parts = [_head(calendar, zones)]
    every: list[Args] = [(event, language, method, itip_now, zones) for event in events]
    missing: list[tuple[int, Args]] = []
    for args, data in zip(every, MEMO.get_many(every), strict=True):
        if data is None:
            missing.append((len(parts), args))
        parts.append(data or b"")
    if missing:
        fill(parts, missing, store)
    parts.append(_END)
    return b"".join(parts)


@lru_cache(maxsize=256)
def _head(calendar: CalendarSpec, zones: tuple[str, ...]) -> bytes:
    """The VCALENDAR's properties and VTIMEZONEs: everything before the first VEVENT
    (memoised: a feed's head and its serialised VTIMEZONE are the same every render)."""
    head = Calendar()
    head.version = "2.0"
    head.prodid = text(calendar.prodid)
    head.calscale = "GREGORIAN"
    if calendar.method:
        head.method = calendar.method
    # icalendar types NAME and the X-WR-* names as unknown values, written unescaped
    # (its ``calendar_name`` setter too): as TEXT they are given explicitly.
    name = vText(text(calendar.name))
    head.add("NAME", name)
    head.add("X-WR-CALNAME", name)
    if calendar.description:
        description = vText(text(calendar.description))
        head.add("DESCRIPTION", description)
        head.add("X-WR-CALDESC", description)
    if calendar.timezone in zones:
        head.add("X-WR-TIMEZONE", calendar.timezone)
    head.refresh_interval = calendar.refresh_interval  # ValueError unless positive
    head["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"  # required by RFC 7986 §5.7
    head.add("X-PUBLISHED-TTL", vDuration(calendar.refresh_interval))
    for tzid in zones:
        component = timezone(tzid)
        assert component is not None, "zones holds only zones with a VTIMEZONE"
        head.add_component(component)
    data: bytes = head.to_ical()
    assert data.endswith(_END)
    return data[: -len(_END)]
