"""Turn feed rows into ``core.ical`` values in the feed's language.

UIDs are ``event-<id>@<site>``, ``stop-<id>@<site>`` and ``session-<id>@<site>``: the same
in every feed and every render, with no token or e-mail in them. Stops and sessions share
their event's SEQUENCE (the events area bumps it when they change) and a LAST-MODIFIED at
least as late as their event's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _

from scheduler_app.core import events_time, thaidate
from scheduler_app.core.ical import CalendarEvent, Organizer, Status
from scheduler_app.events.labels import KIND_LABELS
from scheduler_app.feeds.rows import EventRow, FeedData, Participation, Place, StopRow
from scheduler_app.mail.message import site_domain

LANGUAGES = ("th", "en")


@dataclass(frozen=True, slots=True)
class Labels:
    """Every word a feed uses, translated once per render."""

    lang: str
    kinds: dict[str, str]
    stop: str  # "Stop %(n)d: %(name)s"
    session: str  # "Session %(n)d"
    programme: str
    host: str
    reason: str
    part_of: str  # "Part of: %(title)s"


def labels_for(lang: str) -> Labels:
    with force_locale(lang):
        return Labels(
            lang=lang,
            kinds={kind: str(label) for kind, label in KIND_LABELS.items()},
            stop=_("Stop %(n)d: %(name)s"),
            session=_("Session %(n)d"),
            programme=_("Programme"),
            host=_("Host"),
            reason=_("Reason for cancelling"),
            part_of=_("Part of: %(title)s"),
        )


@dataclass(frozen=True, slots=True)
class Site:
    base_url: str
    domain: str

    @classmethod
    def from_base_url(cls, base_url: str) -> Site:
        return cls(base_url.rstrip("/"), site_domain(base_url))

    def uid(self, prefix: str, ident: int) -> str:
        return f"{prefix}-{ident}@{self.domain}"

    def event_url(self, event_id: int) -> str:
        return f"{self.base_url}/events/{event_id}"


def calendar_events(data: FeedData, labels: Labels, site: Site) -> list[CalendarEvent]:
    """Every VEVENT of a feed: each event, then its stops or sessions."""
    out: list[CalendarEvent] = []
    for row in data.events:
        taking_part = data.participation.get(row.id)
        parent = _event(row, data, labels, site, taking_part)
        out.append(parent)
        stops = data.stops.get(row.id, [])
        if taking_part is not None:
            stops = [s for s in stops if _rides_through(s, taking_part)]
        out.extend(_stop(stop, row, parent, labels, site) for stop in stops)
        for session in data.sessions.get(row.id, []):
            number = labels.session % {"n": session.position}
            title = f"{number}: {session.title}" if session.title else number
            out.append(
                _child(
                    parent,
                    uid=site.uid("session", session.id),
                    summary=f"{parent.summary} — {title}",
                    start=session.start_at,
                    end=session.end_at,
                    description=_part_of(row, labels, site),
                )
            )
    return out


def _event(
    row: EventRow, data: FeedData, labels: Labels, site: Site, taking_part: Participation | None
) -> CalendarEvent:
    start: datetime | date
    end: datetime | date
    if row.is_all_day:
        start, end = _all_day_dates(row)
    else:
        start, end = row.start_at, row.end_at
    last_modified = row.last_modified
    if taking_part is not None and taking_part.changed_at is not None:
        last_modified = max(last_modified, taking_part.changed_at)
    host = row.host_name_en if labels.lang == "en" and row.host_name_en else row.host_name_th
    return CalendarEvent(
        uid=site.uid("event", row.id),
        summary=title_of(row, labels.lang),
        start=start,
        end=end,
        last_modified=last_modified,
        sequence=row.sequence,
        status=_status(row.status, taking_part),
        description=_description(row, data, labels, site, host),
        location=_location(row.venue, labels.lang),
        geo=_geo(row.venue),
        url=site.event_url(row.id),
        organizer=Organizer(host, row.host_email) if row.host_email else None,
        categories=(labels.kinds.get(row.kind, row.kind),),
        tzid=row.timezone,
        created=row.created_at,
    )


def _stop(
    stop: StopRow, row: EventRow, parent: CalendarEvent, labels: Labels, site: Site
) -> CalendarEvent:
    arrive = stop.arrive_at or stop.depart_at or row.start_at
    depart = stop.depart_at or arrive
    place = _location(stop.venue, labels.lang)
    geo = (stop.latitude, stop.longitude) if stop.latitude is not None else None
    changed = max(parent.last_modified, stop.venue_changed_at or parent.last_modified)
    return _child(
        parent,
        uid=site.uid("stop", stop.id),
        summary=f"{parent.summary} — {labels.stop % {'n': stop.position, 'name': stop.name}}",
        start=arrive,
        end=max(depart, arrive),
        description=_part_of(row, labels, site),
        location=f"{stop.name}, {place}" if place else stop.name,
        geo=_valid_geo(geo) or _geo(stop.venue),
        last_modified=changed,
    )


def _child(parent: CalendarEvent, **values: object) -> CalendarEvent:
    """A stop or session: the parent's status, sequence, organiser and link."""
    fields: dict[str, object] = {
        "sequence": parent.sequence,
        "status": parent.status,
        "last_modified": parent.last_modified,
        "location": parent.location,
        "geo": parent.geo,
        "url": parent.url,
        "organizer": parent.organizer,
        "categories": parent.categories,
        "related_to": parent.uid,
        "tzid": parent.tzid,
        "created": parent.created,
    }
    fields.update(values)
    return CalendarEvent(**fields)  # type: ignore[arg-type]


def _rides_through(stop: StopRow, taking_part: Participation) -> bool:
    """A rider joining at one stop and leaving at another sees only those stops."""
    first = taking_part.from_position
    last = taking_part.to_position
    return (first is None or stop.position >= first) and (last is None or stop.position <= last)


def title_of(row: EventRow, lang: str) -> str:
    """The event's title in ``lang`` (Thai when it has no English title)."""
    return row.title_en if lang == "en" and row.title_en else row.title_th


def _status(status: str, taking_part: Participation | None) -> Status:
    if status == "cancelled":
        return "CANCELLED"
    if taking_part is not None and taking_part.status == "waitlisted":
        return "TENTATIVE"
    return "CONFIRMED"


def _all_day_dates(row: EventRow) -> tuple[date, date]:
    if row.start_date is not None and row.end_date is not None:
        return row.start_date, row.end_date
    first = events_time.utc_to_local(row.start_at, row.timezone).date()
    last = events_time.utc_to_local(row.end_at, row.timezone).date()
    return first, max(last, first) + timedelta(days=1)


def _description(row: EventRow, data: FeedData, labels: Labels, site: Site, host: str) -> str:
    parts = [row.description.strip()] if row.description.strip() else []
    if row.status == "cancelled" and row.cancel_reason:
        parts.append(f"{labels.reason}: {row.cancel_reason}")
    items = data.programme.get(row.id, [])
    if items:
        zone = events_time.zone(row.timezone)
        lines = [
            f"• {thaidate.format_datetime(i.starts_at, zone, labels.lang)} {i.title}" for i in items
        ]
        parts.append(labels.programme + ":\n" + "\n".join(lines))
    parts.append(f"{labels.host}: {host}")
    parts.append(site.event_url(row.id))
    return "\n\n".join(parts)


def _part_of(row: EventRow, labels: Labels, site: Site) -> str:
    return labels.part_of % {"title": title_of(row, labels.lang)} + "\n\n" + site.event_url(row.id)


def _location(venue: Place | None, lang: str) -> str:
    if venue is None:
        return ""
    name = venue.name_en if lang == "en" and venue.name_en else venue.name_th
    address = venue.address.strip().replace("\n", ", ")
    return f"{name}, {address}" if address else name


def _geo(venue: Place | None) -> tuple[float, float] | None:
    if venue is None:
        return None
    return _valid_geo((venue.latitude, venue.longitude))


def _valid_geo(pair: tuple[float | None, float | None] | None) -> tuple[float, float] | None:
    if pair is None or pair[0] is None or pair[1] is None:
        return None
    lat, lon = pair
    if -90 <= lat <= 90 and -180 <= lon <= 180:
        return (lat, lon)
    return None
