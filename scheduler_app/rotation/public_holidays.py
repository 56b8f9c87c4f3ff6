"""Thai public holidays no term falls on: the shipped list with the admins' changes."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from scheduler_app.accounts.models import Person
from scheduler_app.core.holidays import Holiday, effective_holidays
from scheduler_app.extensions import db
from scheduler_app.rotation.models import PublicHoliday


def holidays() -> list[Holiday]:
    """The shipped Thai public holidays with the admins' changes."""
    rows = list(db.session.execute(sa.select(PublicHoliday)).scalars())
    added = [Holiday(r.day, r.name_th, r.name_en) for r in rows if not r.is_hidden]
    return effective_holidays(added, {r.day for r in rows if r.is_hidden})


def add_holiday(day: date, name_th: str, name_en: str, actor: Person | None) -> None:
    row = db.session.execute(sa.select(PublicHoliday).where(PublicHoliday.day == day)).scalar()
    if row is None:
        row = PublicHoliday(day=day, created_by_id=actor.id if actor else None)
        db.session.add(row)
    row.name_th, row.name_en, row.is_hidden = name_th, name_en or name_th, False
    db.session.flush()


def hide_holiday(day: date, actor: Person | None) -> None:
    row = db.session.execute(sa.select(PublicHoliday).where(PublicHoliday.day == day)).scalar()
    if row is None:
        row = PublicHoliday(day=day, created_by_id=actor.id if actor else None)
        db.session.add(row)
    row.is_hidden = True
    db.session.flush()
