"""Venue verbs and queries: they change state through ``db.session`` and never commit."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from scheduler_app.core.geography import Gazetteer
from scheduler_app.core.text import LIKE_ESCAPE, like_pattern, normalise_query
from scheduler_app.extensions import db
from scheduler_app.venues.models import Venue


class VenueInUseError(Exception):
    """The venue is referenced (e.g. by events) and cannot be deleted."""


@dataclass(frozen=True)
class VenueInput:
    """Cleaned values for a venue, as a form delivers them."""

    name_th: str
    name_en: str
    address: str
    district_code: str | None
    subdistrict_code: str | None
    latitude: float | None
    longitude: float | None
    capacity: int | None
    facilities: str
    is_exchange_centre: bool


@dataclass(frozen=True)
class VenueFilters:
    """What the venue list is narrowed to."""

    exchange_only: bool = False
    district_code: str | None = None
    search: str = ""


def default_point(
    gaz: Gazetteer, district_code: str | None, subdistrict_code: str | None
) -> tuple[float, float] | None:
    """The sub-district's reference point, else the district's centre, else nothing."""
    sub = gaz.subdistrict(subdistrict_code)
    if sub is not None:
        return sub.lat, sub.lon
    district = gaz.district(district_code)
    if district is not None:
        return district.lat, district.lon
    return None


def _apply(venue: Venue, data: VenueInput, gaz: Gazetteer) -> None:
    venue.name_th = data.name_th.strip()
    venue.name_en = data.name_en.strip()
    venue.address = data.address.strip()
    venue.district_code = data.district_code or None
    venue.subdistrict_code = data.subdistrict_code or None
    venue.capacity = data.capacity
    venue.facilities = data.facilities.strip()
    venue.is_exchange_centre = data.is_exchange_centre
    lat, lon = data.latitude, data.longitude
    if lat is None or lon is None:
        lat, lon = default_point(gaz, data.district_code, data.subdistrict_code) or (None, None)
    venue.latitude, venue.longitude = lat, lon


def create_venue(data: VenueInput, owner_member_id: int | None, gaz: Gazetteer) -> Venue:
    """Add a new venue owned by ``owner_member_id`` (``None``: run by the network)."""
    venue = Venue(owner_member_id=owner_member_id)
    _apply(venue, data, gaz)
    db.session.add(venue)
    db.session.flush()
    return venue


def update_venue(
    venue: Venue,
    data: VenueInput,
    gaz: Gazetteer,
    owner_member_id: int | None = None,
    *,
    change_owner: bool = False,
) -> Venue:
    """Change a venue's fields; the owner only when ``change_owner`` is set."""
    _apply(venue, data, gaz)
    if change_owner:
        venue.owner_member_id = owner_member_id
    db.session.flush()
    return venue


def venue_reference_count(venue: Venue) -> int:
    """How many rows in any table point at ``venue`` through a foreign key."""
    total = 0
    venue_id_col = Venue.__table__.c.id
    for table in db.metadata.tables.values():
        for fk in table.foreign_keys:
            if fk.column is venue_id_col:
                stmt = sa.select(sa.func.count()).select_from(table).where(fk.parent == venue.id)
                total += db.session.execute(stmt).scalar_one()
    return total


def delete_venue(venue: Venue) -> None:
    """Delete ``venue``; raises ``VenueInUseError`` while anything still refers to it."""
    if venue_reference_count(venue):
        raise VenueInUseError(venue.id)
    db.session.delete(venue)
    db.session.flush()


def venue_list_query(filters: VenueFilters) -> sa.Select[tuple[Venue]]:
    """Venues matching ``filters``: exchange centres first, then by Thai name; owners
    are loaded in one extra query so a page costs a constant number of queries."""
    stmt = sa.select(Venue).options(selectinload(Venue.owner))
    if filters.exchange_only:
        stmt = stmt.where(Venue.is_exchange_centre.is_(True))
    if filters.district_code:
        stmt = stmt.where(Venue.district_code == filters.district_code)
    term = normalise_query(filters.search)
    if term:
        pattern = like_pattern(term)
        stmt = stmt.where(
            sa.or_(
                Venue.name_th.ilike(pattern, escape=LIKE_ESCAPE),
                Venue.name_en.ilike(pattern, escape=LIKE_ESCAPE),
            )
        )
    return stmt.order_by(Venue.is_exchange_centre.desc(), Venue.name_th, Venue.id)
