"""One VEVENT: its icalendar component and its serialised, folded bytes.

- Times are written as UTC (``…Z``), or in the event's zone (``TZID=``) when that zone
  has a VTIMEZONE in the calendar (see :mod:`.zones`). Never floating.
- All-day events are ``VALUE=DATE`` with an exclusive ``DTEND``.
- ``DTSTAMP`` is the event's ``last_modified`` (RFC 5545 §3.8.7.2 for objects without an
  iTIP method, and for PUBLISH), or ``now`` for REQUEST/CANCEL messages (RFC 5546).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from icalendar import Event, vCalAddress, vCategory, vGeo, vInt, vText, vUri
from icalendar.parser import Contentline, Parameters

from scheduler_app.core.ical.fold import fold
from scheduler_app.core.ical.model import (
    CANCELLED_PREFIX,
    Attendee,
    CalendarEvent,
    Method,
    Status,
)
from scheduler_app.core.ical.times import time_value
from scheduler_app.core.ical.values import clean, param, require_aware, text
from scheduler_app.core.ical.zones import ZONE_FIRST_DATE, zone

_NO_PARAMS = Parameters()  # for BEGIN and END, whose values have none (never changed)
# Everything a serialised VEVENT depends on: (event, language, method, itip_now, zones).
Args = tuple[CalendarEvent, str, Method | None, datetime | None, tuple[str, ...]]


def vevent(
    event: CalendarEvent,
    language: str,
    method: Method | None,
    itip_now: datetime | None,
    zones: tuple[str, ...],
) -> bytes:
    """One serialised VEVENT: icalendar's content lines, folded."""
    lines = event_component(event, language, method, itip_now, zones).content_lines()
    return b"".join([fold(line) for line in lines if line])


class _Vevent(Event):
    """icalendar's ``Event``, without the empty ``Parameters`` that ``content_line``
    builds for every line before it looks at the value's own (a sixth of a VEVENT's cost;
    ``BEGIN`` and ``END`` have none and get a shared empty one, which nothing changes)."""

    def content_line(self, name: str, value: Any, sorted: bool = True) -> Contentline:
        params = getattr(value, "params", None)
        own = _NO_PARAMS if params is None else params
        line: Contentline = Contentline.from_parts(name, own, value, sorted=sorted)
        return line


def event_component(
    event: CalendarEvent,
    language: str,
    method: Method | None,
    itip_now: datetime | None,
    zones: tuple[str, ...],
) -> Event:
    """The VEVENT, each property given with its icalendar value type.

    Explicit types rather than ``Event.new``/``add``: the same output, without inferring
    a type for every value, which halves the cost of building a component.
    """
    require_aware(event.last_modified, "last_modified")
    status: Status = "CANCELLED" if method == "CANCEL" else event.status
    start, end = _times(event, zones)
    modified = time_value(event.last_modified.astimezone(UTC))
    component = _Vevent()
    component["UID"] = vText(clean(event.uid))
    component["DTSTAMP"] = modified if itip_now is None else time_value(itip_now.astimezone(UTC))
    component["DTSTART"] = time_value(start)
    component["DTEND"] = time_value(end)
    component["SEQUENCE"] = vInt(max(event.sequence, 0))
    if event.created is not None:
        component["CREATED"] = time_value(event.created.astimezone(UTC))
    component["LAST-MODIFIED"] = modified
    component["STATUS"] = vText(status)
    component["SUMMARY"] = vText(text(_summary(event.summary, status, language)))
    if event.description:
        component["DESCRIPTION"] = vText(text(event.description))
    if event.location:
        component["LOCATION"] = vText(text(event.location))
    if event.geo is not None:
        component["GEO"] = vGeo((round(event.geo[0], 6), round(event.geo[1], 6)))
    if event.url:
        component["URL"] = vUri(clean(event.url))
    if event.organizer is not None and event.organizer.email:
        component["ORGANIZER"] = _address(event.organizer.email, event.organizer.name)
    if event.attendees:
        component["ATTENDEE"] = [_attendee(a) for a in event.attendees]
    if event.categories:
        component["CATEGORIES"] = vCategory([text(c) for c in event.categories])
    if event.related_to:
        component["RELATED-TO"] = vText(clean(event.related_to), params={"RELTYPE": "PARENT"})
    if status == "CANCELLED":
        component["TRANSP"] = vText("TRANSPARENT")
    return component


def _address(email: str, name: str) -> vCalAddress:
    """A ``mailto:`` address with its name (``CN``)."""
    return vCalAddress.new(clean(email), cn=param(name))


def _attendee(attendee: Attendee) -> vCalAddress:
    address = _address(attendee.email, attendee.name)
    address.params.update(
        ROLE=attendee.role, PARTSTAT=attendee.partstat, RSVP="TRUE" if attendee.rsvp else "FALSE"
    )
    return address


def _summary(summary: str, status: Status, language: str) -> str:
    if status != "CANCELLED":
        return summary
    prefix = CANCELLED_PREFIX.get(language, CANCELLED_PREFIX["th"])
    return summary if summary.startswith(prefix) else prefix + summary


def _times(
    event: CalendarEvent, zones: tuple[str, ...]
) -> tuple[datetime, datetime] | tuple[date, date]:
    """DTSTART and DTEND: dates with an exclusive end, or datetimes in UTC or a TZID."""
    start, end = event.start, event.end
    if isinstance(start, datetime) != isinstance(end, datetime):
        raise ValueError(f"start and end must both be dates or datetimes ({event.uid})")
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        if end <= start:  # an exclusive end: at least the day after
            end = start + timedelta(days=1)
        return start, end
    require_aware(start, "start")
    require_aware(end, "end")
    end = max(end, start)
    if event.tzid in zones and start.year >= ZONE_FIRST_DATE.year:
        tz = zone(event.tzid)
        return start.astimezone(tz), end.astimezone(tz)
    return start.astimezone(UTC), end.astimezone(UTC)
