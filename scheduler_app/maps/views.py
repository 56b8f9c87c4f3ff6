"""The map page, its GeoJSON layers and the province outline (all public, read-only)."""

from __future__ import annotations

import hashlib
import math
from typing import Any

from flask import Blueprint, Response, current_app, render_template, request
from flask_babel import force_locale

from scheduler_app.core import geojson
from scheduler_app.core.province_shape import province_shape
from scheduler_app.extensions import utcnow
from scheduler_app.i18n import current_locale, gazetteer
from scheduler_app.maps import places, presenters
from scheduler_app.maps.filters import LAYER_LABELS, LAYERS, MapFilters, parse_filters
from scheduler_app.maps.layers import Layers, map_layers
from scheduler_app.maps.topics import directory_topics, register_topic_source, topic_source
from scheduler_app.web import forgiving_page_arg

bp = Blueprint("maps", __name__, url_prefix="/map")
bp.record_once(lambda state: register_topic_source(state.app, directory_topics()))

GEOJSON_TYPE = "application/geo+json"
LIST_PAGE_SIZE = 50


def _filters() -> MapFilters:
    source = topic_source()
    topics = None  # read only when a topic is asked for: cached layers cost one query
    if source is not None and request.args.get("topic"):
        topics = dict(source.choices(current_locale())) or None
    return parse_filters(
        request.args.getlist("layer"),
        request.args.get("district"),
        request.args.get("topic"),
        gazetteer(),
        topics,
    )


@bp.get("")
def index() -> str:
    """Members, venues and upcoming activities on a map, with filters and a list."""
    filters = _filters()
    layers = map_layers(filters, current_locale(), utcnow())
    page = forgiving_page_arg()
    pages = max(math.ceil(len(layers.entries) / LIST_PAGE_SIZE), 1)
    page = min(page, pages)
    shown = layers.entries[(page - 1) * LIST_PAGE_SIZE : page * LIST_PAGE_SIZE]
    source = topic_source()
    return render_template(
        "maps/index.html",
        filters=filters,
        layer_names=LAYERS,
        layer_labels=LAYER_LABELS,
        topics=source.choices(current_locale()) if source else (),
        counts=layers.counts,
        total=len(layers.entries),
        entries=shown,
        page=page,
        pages=pages,
        fallback=presenters.overview_svg(shown),
        aggregated=layers.aggregated,
    )


def _conditional(body: bytes, gzipped: bytes | None, etag: str) -> Response:
    """A GeoJSON response with its ETag; 304 on a match; gzip when the client takes it."""
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    elif gzipped is not None and "gzip" in request.accept_encodings:
        response = Response(gzipped, mimetype=GEOJSON_TYPE)
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = Response(body, mimetype=GEOJSON_TYPE)
    response.set_etag(etag)
    response.headers["Cache-Control"] = "no-cache"
    response.vary.add("Accept-Encoding")
    return response


@bp.get("/layers.geojson")
def layers_geojson() -> Response:
    """Every public place the map shows, as an RFC 7946 FeatureCollection."""
    lang = request.args.get("lang")
    if lang not in current_app.config["LANGUAGES"]:
        lang = current_locale()
    every_place = request.args.get("detail") == "places"  # a download of every point
    with force_locale(lang):
        layers: Layers = map_layers(_filters(), lang, utcnow(), every_place)
    return _conditional(layers.body, layers.gzipped, layers.etag)


@bp.get("/outline.geojson")
def outline_geojson() -> Response:
    """The approximate province outline and sub-district areas (from shipped points)."""
    body = _outline_body()
    return _conditional(body, None, hashlib.sha256(body).hexdigest()[:40])


def _outline_body() -> bytes:
    cached = current_app.extensions.get("maps_outline")
    if isinstance(cached, bytes):
        return cached
    shape = province_shape(gazetteer())
    features: list[dict[str, Any]] = [
        geojson.polygon_feature(
            f"province-{shape.province_code}",
            shape.outline,
            {"role": "outline", "name_th": shape.name_th, "name_en": shape.name_en},
        )
    ]
    features += [
        geojson.polygon_feature(
            f"subdistrict-{a.code}",
            a.ring,
            {
                "role": "area",
                "code": a.code,
                "district_code": a.district_code,
                "name_th": a.name_th,
                "name_en": a.name_en,
            },
        )
        for a in shape.areas
    ]
    body = geojson.dumps(
        geojson.collection(
            features,
            note=(
                "Approximate: the convex hull of the sub-district reference points, widened "
                "4 km, cut into each point's Voronoi cell. Not an official boundary. Points: "
                "thai-province-data (MIT)."
            ),
        )
    )
    current_app.extensions["maps_outline"] = body
    return body


@bp.app_context_processor
def inject_maps() -> dict[str, object]:
    """Map helpers for every template: settings and the small place maps."""
    return {
        "map_settings": presenters.map_settings,
        "member_map": places.member_map,
        "venue_map": places.venue_map,
        "event_map": places.event_map,
    }
