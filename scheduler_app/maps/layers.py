"""The map's GeoJSON layers, rendered once per data version, language and filter.

Correctness follows the feeds' render cache (``feeds/cache.py``): every change to a
member, venue, event or rally stop moves the single ``calendar_version`` row in the same
transaction, and a request reads that version (one primary-key read) before any data.
Each worker keeps a small LRU of renderings; a hit costs that one read. "Upcoming" is
judged from the start of the current UTC hour, and a rendering expires at the next hour,
so every worker serves the same bytes (and ETag) within an hour.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, current_app, url_for
from flask_babel import force_locale, gettext

from scheduler_app.core import geojson, thaidate
from scheduler_app.core.geography import Gazetteer
from scheduler_app.core.render_cache import RenderCache
from scheduler_app.directory.forms import KIND_LABELS, ORG_TYPE_LABELS
from scheduler_app.events.labels import KIND_LABELS as EVENT_KIND_LABELS
from scheduler_app.feeds.cache import Version, current_version
from scheduler_app.i18n import DEFAULT_ZONE, gazetteer
from scheduler_app.maps import queries
from scheduler_app.maps.filters import LAYERS, PLACE_LABELS, MapFilters

DEFAULT_EVENT_HORIZON_DAYS = 90
# Above this many places, the whole-province (or national) view shows one circle per
# district with its counts, and a district's own view shows its places.
DEFAULT_AGGREGATE_ABOVE = 3000


@dataclass(frozen=True, slots=True)
class ListEntry:
    """One line of the list beside the map (the same places as the features)."""

    layer: str
    name: str
    url: str
    detail: str
    district: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Layers:
    body: bytes
    gzipped: bytes
    etag: str
    entries: tuple[ListEntry, ...]
    counts: dict[str, int]
    version: Version
    expires_at: datetime
    # One feature per district instead of every place (too many to draw at once).
    aggregated: bool = False


class LayerCache(RenderCache[Layers]):
    """This app's map renderings (see ``core.render_cache``)."""


def cache_for(app: Flask | None = None) -> LayerCache:
    """This app's cache (one per app, so test apps never share renderings)."""
    app = app or current_app
    return LayerCache.shared(app.extensions, "maps_cache", app.config.get("MAP_CACHE_SIZE", 64))


def _url_maker(endpoint: str, arg: str) -> Any:
    """A fast ``id → path`` for one endpoint (``url_for`` per row is slow at 80,000 rows)."""
    marker = 987654321
    template = url_for(endpoint, **{arg: marker}).replace(str(marker), "{}")
    return template.format


def _event_day(row: Any) -> Any:
    if row.is_all_day and row.start_date is not None:
        return row.start_date
    return row.start_at.astimezone(DEFAULT_ZONE).date()


def _labels(labels: dict[str, Any]) -> dict[str, str]:
    """Lazy labels resolved once per rendering (resolving one costs ~50 µs per row)."""
    return {code: str(label) for code, label in labels.items()}


class _Collector:
    """Gathers list entries and GeoJSON places with the texts of one language."""

    def __init__(self, gaz: Gazetteer, locale: str) -> None:
        self.locale = locale
        self.districts = {d.code: d.display_name(locale) for d in gaz.districts}
        self.items: list[tuple[ListEntry, geojson.Place]] = []

    def name(self, thai: str, english: str | None) -> str:
        return english if self.locale == "en" and english else thai

    def add(self, fid: str, layer: str, row: Any, name: str, url: str, detail: str,
            **extra: Any) -> None:  # fmt: skip
        district = self.districts.get(row.district_code or "", "")
        props = {"layer": layer, "name": name, "url": url, "detail": detail,
                 "district": district, **extra}  # fmt: skip
        entry = ListEntry(layer, name, url, detail, district, row.latitude, row.longitude)
        self.items.append((entry, geojson.Place(fid, row.latitude, row.longitude, props)))


def _places(
    filters: MapFilters, locale: str, since: datetime
) -> list[tuple[ListEntry, geojson.Place]]:
    out = _Collector(gazetteer(), locale)
    member_url = _url_maker("directory.show", "member_id")
    venue_url = _url_maker("venues.show", "venue_id")
    event_url = _url_maker("events.show", "event_id")
    org_types, kinds = _labels(ORG_TYPE_LABELS), _labels(KIND_LABELS)
    places, event_kinds = _labels(PLACE_LABELS), _labels(EVENT_KIND_LABELS)
    horizon = current_app.config.get("MAP_EVENT_HORIZON_DAYS", DEFAULT_EVENT_HORIZON_DAYS)
    for row in queries.member_rows(filters):
        detail = org_types.get(row.org_type or "") or kinds.get(row.kind, "")
        out.add(f"member-{row.id}", row.kind, row, out.name(row.name_th, row.name_en),
                member_url(row.id), detail)  # fmt: skip
    for row in queries.venue_rows(filters):
        layer = "centre" if row.is_exchange_centre else "venue"
        out.add(f"venue-{row.id}", layer, row, out.name(row.name_th, row.name_en),
                venue_url(row.id), places[layer], capacity=row.capacity)  # fmt: skip
    for row in queries.event_rows(filters, since, since + timedelta(days=horizon)):
        day = _event_day(row)
        detail = f"{thaidate.format_date(day, locale, 'medium')} · {event_kinds.get(row.kind, '')}"
        out.add(f"event-{row.id}", "event", row, out.name(row.title_th, row.title_en),
                event_url(row.id), detail, kind=row.kind, start=day.isoformat())  # fmt: skip
    order = {layer: i for i, layer in enumerate(LAYERS)}
    out.items.sort(key=lambda item: (order[item[0].layer], item[0].name, item[1].feature_id))
    return out.items


def _hour_start(now: datetime) -> datetime:
    return now.replace(minute=0, second=0, microsecond=0)


def _district_items(
    filters: MapFilters, locale: str, counts_by_district: dict[tuple[str | None, str], int]
) -> list[tuple[ListEntry, geojson.Place]]:
    """One place per district at its reference point, carrying its counts by layer and a
    link to the district's own view."""
    gaz = gazetteer()
    totals: dict[str, dict[str, int]] = {}
    for (code, layer), n in counts_by_district.items():
        if code and gaz.district(code) is not None:
            totals.setdefault(code, dict.fromkeys(LAYERS, 0))[layer] += n
    args = filters.query_args()
    with force_locale(locale):
        noun = {code: gettext("Places: %(n)d", n=sum(c.values())) for code, c in totals.items()}
    items = []
    for code, by_layer in totals.items():
        district = gaz.district(code)
        assert district is not None  # filtered above
        name = district.display_name(locale)
        url = url_for("maps.index", **{**args, "district": code})
        entry = ListEntry("district", name, url, noun[code], name, district.lat, district.lon)
        props = {"layer": "district", "role": "district", "name": name, "url": url,
                 "detail": noun[code], "district": name, "code": code,
                 "total": sum(by_layer.values()), "counts": by_layer}  # fmt: skip
        items.append((entry, geojson.Place(f"district-{code}", district.lat, district.lon, props)))
    items.sort(key=lambda item: item[0].name)
    return items


def render(
    filters: MapFilters, locale: str, now: datetime, version: Version, every_place: bool = False
) -> Layers:
    """Query, build and serialise the layers (no cache). The view of every district at
    once becomes one feature per district when it holds more places than the map can
    draw quickly (``MAP_AGGREGATE_ABOVE``), unless ``every_place`` (a download) asks."""
    since = _hour_start(now)
    counts = dict.fromkeys(LAYERS, 0)
    aggregated = False
    if filters.district_code is None and not every_place:
        horizon = current_app.config.get("MAP_EVENT_HORIZON_DAYS", DEFAULT_EVENT_HORIZON_DAYS)
        by_district = queries.district_counts(filters, since, since + timedelta(days=horizon))
        limit = current_app.config.get("MAP_AGGREGATE_ABOVE", DEFAULT_AGGREGATE_ABOVE)
        aggregated = sum(by_district.values()) > limit
    if aggregated:
        for (_code, layer), n in by_district.items():
            counts[layer] += n
        items = _district_items(filters, locale, by_district)
    else:
        items = _places(filters, locale, since)
        for entry, _place in items:
            counts[entry.layer] += 1
    document = geojson.collection(
        (geojson.point_feature(place) for _entry, place in items),
        filters={
            "layer": sorted(filters.layers),
            "district": filters.district_code,
            "topic": filters.topic,
        },
        counts=counts,
        aggregated=aggregated,
    )
    body = geojson.dumps(document)
    return Layers(
        body=body,
        gzipped=gzip.compress(body, compresslevel=6, mtime=0),
        etag=hashlib.sha256(body).hexdigest()[:40],
        entries=tuple(entry for entry, _place in items),
        counts=counts,
        version=version,
        expires_at=since + timedelta(hours=1),
        aggregated=aggregated,
    )


def map_layers(
    filters: MapFilters, locale: str, now: datetime, every_place: bool = False
) -> Layers:
    """The layers for these filters and language, from the cache when still valid."""
    cache = cache_for()
    version = current_version()
    key = (filters.key() + ("|every" if every_place else ""), locale)
    cached = cache.get(key, version, now)
    if cached is not None:
        return cached
    layers = render(filters, locale, now, version, every_place)
    cache.put(key, layers)
    return layers
