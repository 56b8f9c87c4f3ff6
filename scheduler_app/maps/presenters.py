"""What the map templates need: tile settings and the no-script drawing of the list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import current_app, url_for
from flask_babel import gettext as _

from scheduler_app.maps.layers import ListEntry
from scheduler_app.maps.places import PlaceMap, draw

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = "© OpenStreetMap contributors"
OSM_COPYRIGHT_URL = "https://www.openstreetmap.org/copyright"


def map_settings() -> dict[str, Any]:
    """Data attributes every map container carries."""
    config = current_app.config
    return {
        "tile-url": config.get("MAP_TILE_URL", ""),
        "tile-attribution": config.get("MAP_TILE_ATTRIBUTION", OSM_ATTRIBUTION),
        "tile-attribution-url": config.get("MAP_TILE_ATTRIBUTION_URL", OSM_COPYRIGHT_URL),
        "outline-url": url_for("maps.outline_geojson"),
        "outline-label": _("Approximate outline of the province (not an official boundary)"),
    }


def overview_svg(entries: Sequence[ListEntry]) -> PlaceMap:
    """The province outline with the listed places, for when the script cannot run."""
    return draw(
        _("Map of the places in the list"),
        [],
        [(entry.name, entry.lat, entry.lon) for entry in entries],
    )
