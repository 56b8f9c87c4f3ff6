"""The kind registry: what each kind of event adds to the common ``Event``.

Each feature package (``events/rally``, ``events/training``, ``events/study_visits``)
registers one ``KindSpec`` when it is imported (the events blueprint imports them all).
The event page includes the kind's section with the kind's page data, the page links to
where hosts edit the kind's parts, and "duplicate" copies them; nothing outside a
feature package branches on its kind. Adding a fifth kind is a new package and one
import in ``events/blueprint.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from scheduler_app.core import events_time
from scheduler_app.events.models import Event, EventKind


def _no_page_data(event: Event, person: Any, is_manager: bool) -> dict[str, Any]:
    return {}


def _no_parts(source: Event, copy: Event) -> None:
    return None


def _no_timed_parts(event: Event) -> list[Any]:
    return []


def _count_parts(n: int) -> str:
    return str(n)


def _no_links(person: Any, now: datetime) -> dict[int, list[tuple[str, str]]]:
    return {}


@dataclass(frozen=True)
class KindSpec:
    """What one kind of event brings.

    ``section``: the template included in the event page (None: nothing extra).
    ``page_data(event, person, is_manager)``: the values that section needs.
    ``parts_endpoint`` / ``parts_label``: where hosts edit the kind's parts.
    ``copy_parts(source, copy)``: what "duplicate as draft" copies besides the event.
    ``hosts_may_create``: whether hosts create it by hand (exchanges come from rotation).
    ``registration_fields``: register-form fields the kind asks for (rally: stops).
    ``timed_parts(event)`` / ``time_fields``: the parts that carry times and the names of
    their (UTC) time columns; they move with the event's dates and stay inside them.
    ``count_parts(n)``: "5 sessions", "3 stops" in the reader's language.
    ``person_links(person, now)``: per event id, (label, URL) pairs "my activities" shows
    the person (training: the certificates they earned).
    """

    kind: EventKind
    section: str | None = None
    page_data: Callable[[Event, Any, bool], dict[str, Any]] = _no_page_data
    parts_endpoint: str | None = None
    parts_label: Any = ""
    copy_parts: Callable[[Event, Event], None] = _no_parts
    hosts_may_create: bool = True
    registration_fields: tuple[str, ...] = field(default=())
    timed_parts: Callable[[Event], list[Any]] = _no_timed_parts
    time_fields: tuple[str, ...] = field(default=())
    count_parts: Callable[[int], str] = _count_parts
    person_links: Callable[[Any, datetime], dict[int, list[tuple[str, str]]]] = _no_links


_SPECS: dict[str, KindSpec] = {}


def register(spec: KindSpec) -> KindSpec:
    """Add (or replace, on re-import) the spec of one kind."""
    _SPECS[spec.kind.value] = spec
    return spec


def spec_of(event_or_kind: Event | str) -> KindSpec:
    """The spec of an event's kind; a bare spec for kinds without parts (exchange)."""
    kind = event_or_kind.kind if isinstance(event_or_kind, Event) else event_or_kind
    found = _SPECS.get(str(kind))
    if found is not None:
        return found
    return KindSpec(EventKind(kind), hosts_may_create=kind != EventKind.EXCHANGE)


def creatable_by_hosts() -> list[str]:
    """Kinds a host may create, in the order the kind list shows them."""
    return [kind.value for kind in EventKind if spec_of(kind.value).hosts_may_create]


def part_days(event: Event) -> list[date]:
    """The local day of every time its parts carry (sessions, stops, programme lines)."""
    spec = spec_of(event)
    return [
        events_time.utc_to_local(value, event.timezone).date()
        for part in spec.timed_parts(event)
        for value in (getattr(part, name) for name in spec.time_fields)
        if value is not None
    ]


def shift_parts(event: Event, days: int) -> int:
    """Move every part by ``days`` local days (same clock times); returns how many."""
    spec = spec_of(event)
    parts = spec.timed_parts(event)
    for part in parts:
        for name in spec.time_fields:
            value = getattr(part, name)
            if value is not None:
                setattr(part, name, events_time.shift_days(value, days, event.timezone))
    return len(parts)


def person_links(person: Any, now: datetime) -> dict[int, list[tuple[str, str]]]:
    """What every kind links to for ``person`` on "my activities", by event id."""
    links: dict[int, list[tuple[str, str]]] = {}
    for spec in _SPECS.values():
        for event_id, pairs in spec.person_links(person, now).items():
            links.setdefault(event_id, []).extend(pairs)
    return links
