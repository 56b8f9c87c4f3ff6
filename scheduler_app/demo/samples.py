"""The demo's records already in the database, found by their stable ``external_ref``."""

from __future__ import annotations

from typing import TypeVar

import sqlalchemy as sa

from scheduler_app.directory.models import Member
from scheduler_app.extensions import db
from scheduler_app.venues.models import Venue

Keyed = TypeVar("Keyed", Member, Venue)


def loaded_samples(model: type[Keyed]) -> dict[str, Keyed]:
    """The demo's records of ``model`` (refs ``demo:…``), by ``external_ref``."""
    rows = db.session.scalars(sa.select(model).where(model.external_ref.like("demo:%")))
    return {row.external_ref: row for row in rows if row.external_ref}
