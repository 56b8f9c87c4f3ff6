"""The rows the map layers are drawn from: public columns only, one query per layer.

Nothing private leaves here: no contact e-mail, phone or LINE ID, no people, no drafts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import QueryableAttribute, aliased

from scheduler_app.directory.models import Member
from scheduler_app.events.models import Event, EventStatus
from scheduler_app.extensions import db
from scheduler_app.maps.filters import MapFilters
from scheduler_app.maps.topics import topic_source
from scheduler_app.venues.models import Venue

_Column = sa.ColumnElement[Any] | QueryableAttribute[Any]


def _topic_members(filters: MapFilters) -> sa.Select[tuple[int]] | None:
    source = topic_source()
    if filters.topic is None or source is None:
        return None
    return source.member_ids(filters.topic)


def _chosen(
    stmt: sa.Select[Any], filters: MapFilters, *, district: _Column, member: _Column
) -> sa.Select[Any]:
    """``stmt`` narrowed to the chosen district and, when a topic is chosen, to rows whose
    ``member`` works on it."""
    if filters.district_code:
        stmt = stmt.where(district == filters.district_code)
    topic = _topic_members(filters)
    if topic is not None:
        stmt = stmt.where(member.in_(topic))
    return stmt


def district_counts(
    filters: MapFilters, since: datetime, until: datetime
) -> dict[tuple[str | None, str], int]:
    """How many places of each layer every district holds, for these filters: three
    grouped queries over the same rows the layers are drawn from (no row leaves SQL)."""
    counts: dict[tuple[str | None, str], int] = {}
    statements = (
        member_statement(filters),
        venue_statement(filters),
        event_statement(filters, since, until),
    )
    for stmt, layer_of in zip(statements, (_member_layer, _venue_layer, _event_layer), strict=True):
        if stmt is None:
            continue
        rows = stmt.subquery()
        key = layer_of(rows)
        grouped = sa.select(rows.c.district_code, key, sa.func.count()).group_by(
            rows.c.district_code, key
        )
        for district, layer, n in db.session.execute(grouped):
            counts[(district, str(layer))] = int(n)
    return counts


def _member_layer(rows: sa.Subquery) -> sa.ColumnElement[Any]:
    return rows.c.kind  # type: ignore[no-any-return]


def _venue_layer(rows: sa.Subquery) -> sa.ColumnElement[Any]:
    return sa.case((rows.c.is_exchange_centre, "centre"), else_="venue")


def _event_layer(rows: sa.Subquery) -> sa.ColumnElement[Any]:
    return sa.literal("event")


def member_rows(filters: MapFilters) -> Sequence[Any]:
    stmt = member_statement(filters)
    return [] if stmt is None else db.session.execute(stmt).all()


def venue_rows(filters: MapFilters) -> Sequence[Any]:
    stmt = venue_statement(filters)
    return [] if stmt is None else db.session.execute(stmt).all()


def event_rows(filters: MapFilters, since: datetime, until: datetime) -> Sequence[Any]:
    stmt = event_statement(filters, since, until)
    return [] if stmt is None else db.session.execute(stmt).all()


def member_statement(filters: MapFilters) -> sa.Select[Any] | None:
    """Active members of the chosen kinds that have a location."""
    kinds = filters.member_kinds
    if not kinds:
        return None
    stmt = sa.select(
        Member.id,
        Member.kind,
        Member.org_type,
        Member.name_th,
        Member.name_en,
        Member.district_code,
        Member.subdistrict_code,
        Member.latitude,
        Member.longitude,
    ).where(
        Member.is_active,
        Member.kind.in_(kinds),
        Member.latitude.is_not(None),
        Member.longitude.is_not(None),
    )
    return _chosen(stmt, filters, district=Member.district_code, member=Member.id)


def venue_statement(filters: MapFilters) -> sa.Select[Any] | None:
    """Venues (knowledge-exchange centres and/or others) that have a location."""
    wanted = [
        flag for flag, layer in ((True, "centre"), (False, "venue")) if layer in filters.layers
    ]
    if not wanted:
        return None
    stmt = sa.select(
        Venue.id,
        Venue.name_th,
        Venue.name_en,
        Venue.is_exchange_centre,
        Venue.district_code,
        Venue.capacity,
        Venue.latitude,
        Venue.longitude,
    ).where(
        Venue.is_exchange_centre.in_(wanted),
        Venue.latitude.is_not(None),
        Venue.longitude.is_not(None),
    )
    return _chosen(stmt, filters, district=Venue.district_code, member=Venue.owner_member_id)


def event_statement(filters: MapFilters, since: datetime, until: datetime) -> sa.Select[Any] | None:
    """Published events still running at ``since`` that start before ``until``, placed at
    their venue or else at their host organisation."""
    if "event" not in filters.layers:
        return None
    host = aliased(Member)
    lat = sa.func.coalesce(Venue.latitude, host.latitude)
    lon = sa.func.coalesce(Venue.longitude, host.longitude)
    district = sa.func.coalesce(Venue.district_code, host.district_code)
    stmt = (
        sa.select(
            Event.id,
            Event.kind,
            Event.title_th,
            Event.title_en,
            Event.start_at,
            Event.is_all_day,
            Event.start_date,
            district.label("district_code"),
            lat.label("latitude"),
            lon.label("longitude"),
        )
        .join(host, host.id == Event.host_member_id)
        .outerjoin(Venue, Venue.id == Event.venue_id)
        .where(
            Event.status == EventStatus.PUBLISHED.value,
            Event.end_at >= since,
            Event.start_at < until,
            lat.is_not(None),
            lon.is_not(None),
        )
    )
    return _chosen(stmt, filters, district=district, member=Event.host_member_id)
