"""Participation per member and period: a page for coordinators (paged, computed for the
members on the page only) with its CSV, and the period chooser's labels."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from scheduler_app.core import periods
from scheduler_app.directory.models import Member
from scheduler_app.events.labels import LEVEL_LABELS
from scheduler_app.extensions import db, utcnow
from scheduler_app.i18n import current_locale
from scheduler_app.network import page_cache
from scheduler_app.network.export_views import EXPORT_LIMIT, csv_response, sheet_day
from scheduler_app.network.participation import LEVELS, Participation
from scheduler_app.network.period_choice import chosen_period, participation_of, period_choices
from scheduler_app.network.permissions import can_see_health, require
from scheduler_app.network.views import bp
from scheduler_app.web import page_arg


def _members_query(district: str) -> sa.Select[tuple[Member]]:
    stmt = sa.select(Member).where(Member.is_active)
    if district:
        stmt = stmt.where(Member.district_code == district)
    return stmt.order_by(Member.district_code, Member.name_th, Member.id)


def _district_arg() -> str:
    district = request.args.get("district", "").strip()
    return district if district.isdigit() and len(district) == 4 else ""


@bp.get("/participation")
def participation_page() -> str:
    """Events hosted and attended, IAP2 mix, ratings and last activity per member in a
    period (coordinators and admins)."""
    require(can_see_health(current_user))
    period = chosen_period()
    district = _district_arg()
    number = page_arg()
    body = page_cache.body(
        "participation",
        f"period={period.code}&district={district}&page={number}",
        utcnow(),
        lambda: _body(period, district, number),
    )
    return render_template("network/participation.html", body=body)


def _body(period: periods.Period, district: str, number: int) -> str:
    """The period's table for one page of members (cached: ``page_cache``)."""
    page = db.paginate(_members_query(district), page=number, per_page=50, error_out=False)
    figures = participation_of(period, [m.id for m in page.items])
    return render_template(
        "network/_participation_body.html",
        page=page,
        figures=figures,
        empty=Participation(),
        period=period,
        period_choices=period_choices(),
        district=district,
        levels=LEVELS,
    )


def _rows(period: periods.Period, district: str, locale: str) -> Iterator[list[Any]]:
    members = db.session.execute(_members_query(district).limit(EXPORT_LIMIT)).scalars().all()
    figures = participation_of(period, None if not district else [m.id for m in members])
    empty = Participation()
    for m in members:
        f = figures.get(m.id, empty)
        yield [
            m.id, m.display_name(locale), m.district_code or "", f.hosted, f.attended,
            *(f.mix[level] for level in LEVELS), f.rating_average,
            sheet_day(f.last_activity_at, locale),
        ]  # fmt: skip


@bp.get("/participation.csv")
def participation_csv() -> Response:
    """The participation table of a period as CSV (UTF-8 with BOM, headers translated)."""
    require(can_see_health(current_user))
    period = chosen_period()
    district = _district_arg()
    header = [_("Member ID"), _("Member"), _("District code"), _("Events hosted"),
              _("Events attended"), *(str(LEVEL_LABELS[level]) for level in LEVELS),
              _("Average rating"), _("Last activity")]  # fmt: skip
    name = f"participation-{period.code}.csv"
    locale = current_locale()
    return csv_response(
        name,
        header,
        lambda: _rows(period, district, locale),
        choice=f"period={period.code}&district={district}",
    )
