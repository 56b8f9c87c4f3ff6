"""What the map shows: layers (member kinds, venues, centres, events), district, topic."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from scheduler_app.core.geography import Gazetteer

MEMBER_LAYERS = ("network", "node", "individual")
VENUE_LAYERS = ("centre", "venue")
EVENT_LAYER = "event"
LAYERS = (*MEMBER_LAYERS, *VENUE_LAYERS, EVENT_LAYER)

LAYER_LABELS = {
    "network": _l("Networks"),
    "node": _l("Coordinating organisations"),
    "individual": _l("Individual members"),
    "centre": _l("Knowledge-exchange centres"),
    "venue": _l("Other venues"),
    "event": _l("Upcoming activities"),
}
PLACE_LABELS = {"centre": _l("Knowledge-exchange centre"), "venue": _l("Venue")}


@dataclass(frozen=True)
class MapFilters:
    layers: frozenset[str] = frozenset(LAYERS)
    district_code: str | None = None
    topic: str | None = None

    @property
    def member_kinds(self) -> list[str]:
        return [k for k in MEMBER_LAYERS if k in self.layers]

    @property
    def is_default(self) -> bool:
        return self == MapFilters()

    def key(self) -> str:
        """A stable cache key for these filters."""
        return "|".join([",".join(sorted(self.layers)), self.district_code or "", self.topic or ""])

    def query_args(self) -> dict[str, str | list[str]]:
        """The filters as URL arguments (empty when showing everything)."""
        args: dict[str, str | list[str]] = {}
        if self.layers != frozenset(LAYERS):
            args["layer"] = [name for name in LAYERS if name in self.layers]
        if self.district_code:
            args["district"] = self.district_code
        if self.topic:
            args["topic"] = self.topic
        return args


def parse_filters(
    layer_values: Sequence[str],
    district: str | None,
    topic: str | None,
    gaz: Gazetteer,
    topic_codes: Mapping[str, object] | None,
) -> MapFilters:
    """Filters from URL arguments; unknown values are ignored, as in the directory.

    No ``layer`` argument means every layer. A ``topic`` counts only when topics exist
    (``topic_codes`` given) and names one of them.
    """
    chosen = frozenset(v for v in layer_values if v in LAYERS)
    return MapFilters(
        layers=chosen or frozenset(LAYERS),
        district_code=district if district and gaz.district(district) else None,
        topic=topic if topic and topic_codes and topic in topic_codes else None,
    )
