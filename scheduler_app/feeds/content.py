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
from scheduler_app.core.sessions import session_heading
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
    return _Builder(data, labels, site).all()


class _Builder:
    """One render's VEVENT values. Venues, hosts and kinds repeat across a feed's events,
    so their text is worked out once per render."""

    def __init__(self, data: FeedData, labels: Labels, site: Site) -> None:
        self.data, self.labels, self.site = data, labels, site
        self.english = labels.lang == "en"
        self._places: dict[Place | None, tuple[str, tuple[float, float] | None]] = {}
        self._organizers: dict[tuple[str, str], Organizer] = {}
        self._categories: dict[str, tuple[str, ...]] = {}

    def all(self) -> list[CalendarEvent]:
        data, labels, site = self.data, self.labels, self.site
        out: list[CalendarEvent] = []
        for row in data.events:
            taking_part = data.participation.get(row.id)
            parent = self.event(row, taking_part)
            stops = data.stops.get(row.id)
            sessions = data.sessions.get(row.id)
            if not sessions:
                # A course with sessions is its sessions: the course itself would block
                # every day from the first session to the last in a calendar. (Sessions
                # still name it in RELATED-TO: RFC 5545 lets that point outside the feed,
                # and the stored VEVENTs are pruned by it.)
                out.append(parent)
            if not stops and not sessions:
                continue
            part_of = _part_of(row, labels, site)
            for stop in stops or ():
                if taking_part is None or _rides_through(stop, taking_part):
                    out.append(self.stop(stop, row, parent, part_of))
            if sessions:
                # The course's own words (cancel reason, host, link) travel with each session.
                course = labels.part_of % {"title": title_of(row, labels.lang)}
                part_of = f"{course}\n\n{parent.description}"
            for session in sessions or ():
                title = session_heading(labels.session % {"n": session.position}, session.title)
                out.append(
                    _child(
                        parent,
                        uid=site.uid("session", session.id),
                        summary=f"{parent.summary} — {title}",
                        start=session.start_at,
                        end=session.end_at,
                        description=part_of,
                        location=parent.location,
                        geo=parent.geo,
                        last_modified=parent.last_modified,
                    )
                )
        return out

    def place(self, venue: Place | None) -> tuple[str, tuple[float, float] | None]:
        """A venue's LOCATION text and GEO in this feed's language."""
        known = self._places.get(venue)
        if known is None:
            known = self._places[venue] = (
                _location(venue, self.labels.lang),
                _geo(venue),
            )
        return known

    def organizer(self, name: str, email: str) -> Organizer:
        found = self._organizers.get((name, email))
        if found is None:
            found = self._organizers[(name, email)] = Organizer(name, email)
        return found

    def categories(self, kind: str) -> tuple[str, ...]:
        found = self._categories.get(kind)
        if found is None:
            found = self._categories[kind] = (self.labels.kinds.get(kind, kind),)
        return found

    def event(self, row: EventRow, taking_part: Participation | None) -> CalendarEvent:
        start: datetime | date
        end: datetime | date
        if row.is_all_day:
            start, end = _all_day_dates(row)
        else:
            start, end = row.start_at, row.end_at
        last_modified = row.last_modified
        if taking_part is not None and taking_part.changed_at is not None:
            last_modified = max(last_modified, taking_part.changed_at)
        host = row.host_name_en if self.english and row.host_name_en else row.host_name_th
        location, geo = self.place(row.venue)
        url = self.site.event_url(row.id)
        return CalendarEvent(
            uid=self.site.uid("event", row.id),
            summary=row.title_en if self.english and row.title_en else row.title_th,
            start=start,
            end=end,
            last_modified=last_modified,
            sequence=row.sequence,
            status=_status(row.status, taking_part),
            description=_description(row, self.data, self.labels, url, host),
            location=location,
            geo=geo,
            url=url,
            organizer=self.organizer(host, row.host_email) if row.host_email else None,
            categories=self.categories(row.kind),
            tzid=row.timezone,
            created=row.created_at,
        )

    def stop(
        self, stop: StopRow, row: EventRow, parent: CalendarEvent, part_of: str
    ) -> CalendarEvent:
        arrive = stop.arrive_at or stop.depart_at or row.start_at
        depart = stop.depart_at or arrive
        place, venue_geo = self.place(stop.venue)
        geo = (stop.latitude, stop.longitude) if stop.latitude is not None else None
        changed = parent.last_modified
        if stop.venue_changed_at is not None and stop.venue_changed_at > changed:
            changed = stop.venue_changed_at
        label = self.labels.stop % {"n": stop.position, "name": stop.name}
        return _child(
            parent,
            uid=self.site.uid("stop", stop.id),
            summary=f"{parent.summary} — {label}",
            start=arrive,
            end=max(depart, arrive),
            description=part_of,
            location=f"{stop.name}, {place}" if place else stop.name,
            geo=_valid_geo(geo) or venue_geo,
            last_modified=changed,
        )


def _child(
    parent: CalendarEvent,
    *,
    uid: str,
    summary: str,
    start: datetime,
    end: datetime,
    description: str,
    location: str,
    geo: tuple[float, float] | None,
    last_modified: datetime,
) -> CalendarEvent:
    """A stop or session: the parent's status, sequence, organiser and link."""
    return CalendarEvent(
        uid=uid,
        summary=summary,
        start=start,
        end=end,
        last_modified=last_modified,
        sequence=parent.sequence,
        status=parent.status,
        description=description,
        location=location,
        geo=geo,
        url=parent.url,
        organizer=parent.organizer,
        categories=parent.categories,
        related_to=parent.uid,
        tzid=parent.tzid,
        created=parent.created,
    )


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


def _description(row: EventRow, data: FeedData, labels: Labels, url: str, host: str) -> str:
    text = row.description.strip()
    parts = [text] if text else []
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
    parts.append(url)
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
    if pair is None:
        return None
    lat, lon = pair
    if lat is None or lon is None:
        return None
    if -90 <= lat <= 90 and -180 <= lon <= 180:
        return (lat, lon)
    return None
