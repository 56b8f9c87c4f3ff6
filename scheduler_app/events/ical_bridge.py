"""Turn an ``Event`` into an iTIP invitation with ``core.ical`` (the feeds' builder).

The UID is ``event-<id>@<BASE_URL host>``, the scheme the feeds use, so an invitation
and a feed entry are the same calendar object.
"""

from __future__ import annotations

from datetime import date, datetime

from scheduler_app.core import ical
from scheduler_app.events.models import Event
from scheduler_app.mail.message import site_domain


def event_uid(event_id: int, base_url: str) -> str:
    return f"event-{event_id}@{site_domain(base_url)}"


def _times(event: Event) -> tuple[datetime | date, datetime | date]:
    if event.is_all_day and event.start_date and event.end_date:
        return event.start_date, event.end_date
    return event.start_at, event.end_at


def _location(event: Event) -> str:
    venue = event.venue
    if venue is None:
        return ""
    return ", ".join(part for part in (venue.name_th, venue.address) if part)


def invitation(
    event: Event,
    *,
    method: str,
    organizer: tuple[str, str],
    attendee: tuple[str, str],
    now: datetime,
    base_url: str,
    language: str = "th",
) -> str:
    """A VCALENDAR with METHOD ``method`` (REQUEST or CANCEL) for one attendee."""
    start, end = _times(event)
    partstat = "ACCEPTED" if method == "REQUEST" else "DECLINED"
    description = event.cancel_reason if method == "CANCEL" and event.cancel_reason else ""
    entry = ical.CalendarEvent(
        uid=event_uid(event.id, base_url),
        summary=event.title_th,
        start=start,
        end=end,
        last_modified=event.updated_at or now,
        sequence=event.sequence,
        status="CANCELLED" if method == "CANCEL" else "CONFIRMED",
        description=description or event.description[:2000],
        location=_location(event),
        url=f"{base_url.rstrip('/')}/events/{event.id}",
        organizer=ical.Organizer(name=organizer[0], email=organizer[1]),
        attendees=(ical.Attendee(name=attendee[0], email=attendee[1], partstat=partstat),),
        tzid=event.timezone,
    )
    spec = ical.CalendarSpec(name=event.title_th, language=language, method=method)  # type: ignore[arg-type]
    return ical.build_calendar(spec, [entry], now).decode("utf-8")
