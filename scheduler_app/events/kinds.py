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
from typing import Any

from scheduler_app.events.models import Event, EventKind


def _no_page_data(event: Event, person: Any, is_manager: bool) -> dict[str, Any]:
    return {}


def _no_parts(source: Event, copy: Event) -> None:
    return None


@dataclass(frozen=True)
class KindSpec:
    """What one kind of event brings.

    ``section``: the template included in the event page (None: nothing extra).
    ``page_data(event, person, is_manager)``: the values that section needs.
    ``parts_endpoint`` / ``parts_label``: where hosts edit the kind's parts.
    ``copy_parts(source, copy)``: what "duplicate as draft" copies besides the event.
    ``hosts_may_create``: whether hosts create it by hand (exchanges come from rotation).
    ``registration_fields``: register-form fields the kind asks for (rally: stops).
    """

    kind: EventKind
    section: str | None = None
    page_data: Callable[[Event, Any, bool], dict[str, Any]] = _no_page_data
    parts_endpoint: str | None = None
    parts_label: Any = ""
    copy_parts: Callable[[Event, Event], None] = _no_parts
    hosts_may_create: bool = True
    registration_fields: tuple[str, ...] = field(default=())


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
