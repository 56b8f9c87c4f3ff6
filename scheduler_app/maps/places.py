"""Small maps on other pages: a member's place (and service area), a venue, an event's
place, a rally's route through its stops, a study visit's trip.

Each builds a :class:`PlaceMap`: GeoJSON for the script (passed in a ``data-`` attribute,
as the CSP forbids inline scripts) and an SVG drawing of the same thing on the province
outline, shown when scripts or tiles are unavailable.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from scheduler_app.core import geojson
from scheduler_app.core.geography import great_circle_km
from scheduler_app.core.mapping import Bounds, bounds_of, fit_frame, project, svg_path
from scheduler_app.core.province_shape import ProvinceShape, province_shape
from scheduler_app.core.rally import Point, leg_distances
from scheduler_app.i18n import current_locale, gazetteer

SVG_WIDTH = 320.0
SVG_PADDING = 10.0
# A member page looks here for the sub-district codes it serves (added by the profile
# work); any iterable of six-digit codes works, absent means no service area.
SERVICE_AREA_ATTRIBUTE = "service_area_codes"


@dataclass(frozen=True)
class SvgShape:
    kind: str  # "area", "route", "point"
    d: str = ""
    x: float = 0.0
    y: float = 0.0
    label: str = ""


@dataclass(frozen=True)
class PlaceMap:
    """What ``templates/maps/_place_map.html`` draws."""

    title: str
    data: dict[str, Any]  # a GeoJSON FeatureCollection
    width: float
    height: float
    outline_d: str
    shapes: tuple[SvgShape, ...]
    legs: tuple[tuple[str, str, float], ...] = ()  # (from, to, km)

    @property
    def has_areas(self) -> bool:
        return any(shape.kind == "area" for shape in self.shapes)


def _has_point(lat: float | None, lon: float | None) -> bool:
    return lat is not None and lon is not None


def draw(
    title: str,
    features: list[dict[str, Any]],
    points: Sequence[tuple[str, float, float]],
    route: Sequence[tuple[float, float]] = (),
    area_rings: Iterable[Sequence[tuple[float, float]]] = (),
    legs: tuple[tuple[str, str, float], ...] = (),
) -> PlaceMap:
    shape: ProvinceShape = province_shape(gazetteer())
    outline = [(lat, lon) for lon, lat in shape.outline]
    box = bounds_of(outline + [(lat, lon) for _label, lat, lon in points])
    frame = fit_frame(Bounds(box.min_lat, box.min_lon, box.max_lat, box.max_lon), SVG_WIDTH)
    shapes = [
        SvgShape("area", svg_path(frame, [(lat, lon) for lon, lat in ring], closed=True))
        for ring in area_rings
    ]
    if len(route) > 1:
        shapes.append(SvgShape("route", svg_path(frame, route)))
    for label, lat, lon in points:
        x, y = project(frame, lat, lon)
        shapes.append(SvgShape("point", x=x, y=y, label=label))
    return PlaceMap(
        title=title,
        data=geojson.collection(features),
        width=frame.width,
        height=round(frame.height, 2),
        outline_d=svg_path(frame, outline, closed=True),
        shapes=tuple(shapes),
        legs=legs,
    )


def _point(fid: str, name: str, lat: float, lon: float, **props: Any) -> dict[str, Any]:
    return geojson.point_feature(geojson.Place(fid, lat, lon, {"name": name, **props}))


def member_map(member: Any) -> PlaceMap | None:
    """The member's location and, when it has one, its service area."""
    locale = current_locale()
    codes = frozenset(getattr(member, SERVICE_AREA_ATTRIBUTE, None) or ())
    areas = province_shape(gazetteer()).areas_for(codes)
    if not _has_point(member.latitude, member.longitude) and not areas:
        return None
    name = member.display_name(locale)
    features = [
        geojson.polygon_feature(
            f"area-{a.code}",
            a.ring,
            {"role": "area", "name": a.name_en if locale == "en" else a.name_th},
        )
        for a in areas
    ]
    points = []
    if _has_point(member.latitude, member.longitude):
        features.append(
            _point(f"member-{member.id}", name, member.latitude, member.longitude, role="place")
        )
        points.append((name, member.latitude, member.longitude))
    title = _("Where %(name)s is", name=name)
    if areas:
        title = _("Where %(name)s is and the sub-districts it serves", name=name)
    return draw(title, features, points, area_rings=[a.ring for a in areas])


def venue_map(venue: Any) -> PlaceMap | None:
    if not _has_point(venue.latitude, venue.longitude):
        return None
    name = venue.display_name(current_locale())
    feature = _point(f"venue-{venue.id}", name, venue.latitude, venue.longitude, role="place")
    return draw(
        _("Where %(name)s is", name=name), [feature], [(name, venue.latitude, venue.longitude)]
    )


def _event_place(event: Any) -> tuple[str, float, float] | None:
    locale = current_locale()
    venue = event.venue
    if venue is not None and _has_point(venue.latitude, venue.longitude):
        return venue.display_name(locale), venue.latitude, venue.longitude
    host = event.host_member
    if host is not None and _has_point(host.latitude, host.longitude):
        return host.display_name(locale), host.latitude, host.longitude
    return None


def rally_map(event: Any) -> PlaceMap | None:
    """The route through the stops that have a place (their own coordinates or their
    venue's, as the stops table measures legs), in order, with leg lengths."""
    stops = [s for s in event.stops if _has_point(s.lat, s.lon)]
    if not stops:
        return None
    legs_km = leg_distances([Point(s.lat, s.lon) for s in stops])
    features = [
        geojson.line_feature(
            f"route-{event.id}",
            [(s.lat, s.lon) for s in stops],
            {"role": "route", "km": round(sum(k for k in legs_km if k is not None), 1)},
        )
    ]
    points = []
    for stop, leg in zip(stops, legs_km, strict=True):
        label = f"{stop.position}. {stop.name}"
        features.append(
            _point(
                f"stop-{stop.id}",
                label,
                stop.lat,
                stop.lon,
                role="stop",
                position=stop.position,
                leg_km=None if leg is None else round(leg, 1),
            )
        )
        points.append((label, stop.lat, stop.lon))
    legs = tuple(
        (f"{a.position}. {a.name}", f"{b.position}. {b.name}", round(km, 1))
        for a, b, km in zip(stops, stops[1:], legs_km[1:], strict=False)
        if km is not None
    )
    return draw(
        _("The route of %(title)s", title=event.title),
        features,
        points,
        route=[(s.lat, s.lon) for s in stops],
        legs=legs,
    )


def visit_map(event: Any) -> PlaceMap | None:
    """The trip from the visiting member to the host (or the host alone)."""
    locale = current_locale()
    visitor, host = event.visiting_member, event.host_member
    if visitor is None or not _has_point(visitor.latitude, visitor.longitude):
        return place_map(event)
    if host is None or not _has_point(host.latitude, host.longitude):
        return place_map(event)
    a = (visitor.display_name(locale), visitor.latitude, visitor.longitude)
    b = _event_place(event) or (host.display_name(locale), host.latitude, host.longitude)
    km = round(great_circle_km(a[1], a[2], b[1], b[2]), 1)
    features = [
        geojson.line_feature(
            f"trip-{event.id}", [(a[1], a[2]), (b[1], b[2])], {"role": "route", "km": km}
        ),
        _point(f"visitor-{visitor.id}", a[0], a[1], a[2], role="from"),
        _point(f"host-{host.id}", b[0], b[1], b[2], role="to", leg_km=km),
    ]
    return draw(
        _("The trip from %(visitor)s to %(host)s", visitor=a[0], host=b[0]),
        features,
        [a, b],
        route=[(a[1], a[2]), (b[1], b[2])],
        legs=((a[0], b[0], km),),
    )


def place_map(event: Any) -> PlaceMap | None:
    place = _event_place(event)
    if place is None:
        return None
    name, lat, lon = place
    return draw(
        _("Where %(title)s takes place", title=event.title),
        [_point(f"event-{event.id}", name, lat, lon, role="place")],
        [place],
    )


def event_map(event: Any) -> PlaceMap | None:
    """The right map for the event's kind."""
    if event.kind == "rally" and event.stops:
        return rally_map(event) or place_map(event)
    if event.kind == "study_visit":
        return visit_map(event)
    return place_map(event)
