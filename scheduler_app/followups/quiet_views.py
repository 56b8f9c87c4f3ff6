"""Organisations gone quiet, grouped by parent organisation or district, and their CSV
(coordinators and admins)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from flask import Response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from scheduler_app.extensions import db, utcnow
from scheduler_app.followups import quiet_members
from scheduler_app.followups.permissions import can_see_quiet_members
from scheduler_app.followups.views import bp
from scheduler_app.i18n import current_locale, gazetteer
from scheduler_app.web import page_arg, require

EXPORT_LIMIT = 200_000


def _grouping() -> quiet_members.Grouping:
    return "parent" if request.args.get("group") == "parent" else "district"


def group_label(quiet: quiet_members.QuietMember, grouping: str, locale: str) -> str:
    member = quiet.member
    if grouping == "parent":
        return member.parent.display_name(locale) if member.parent else _("No parent organisation")
    district = gazetteer().district(member.district_code)
    if district is not None:
        return district.display_name(locale)
    return member.district_code or _("No district")


@bp.get("/coordination/quiet-members/organisations")
def quiet_organisations() -> str:
    """Organisations with no event hosted, registration or login for six months."""
    require(can_see_quiet_members(current_user))
    grouping = _grouping()
    page = db.paginate(
        quiet_members.quiet_members_query(utcnow(), grouping),
        page=page_arg(),
        per_page=50,
        error_out=False,
        count=True,
    )
    rows = [quiet_members.to_quiet(row) for row in db.session.execute(
        quiet_members.quiet_members_query(utcnow(), grouping)
        .limit(page.per_page).offset((page.page - 1) * page.per_page)
    )]  # fmt: skip
    locale = current_locale()
    groups: list[tuple[str, list[quiet_members.QuietMember]]] = []
    for quiet in rows:
        label = group_label(quiet, grouping, locale)
        if not groups or groups[-1][0] != label:
            groups.append((label, []))
        groups[-1][1].append(quiet)
    return render_template(
        "followups/quiet_organisations.html", page=page, groups=groups, grouping=grouping
    )


def _csv(name: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Response:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel opens it as UTF-8
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    response = Response(buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/coordination/quiet-members/organisations.csv")
def quiet_organisations_csv() -> Response:
    """The same list as CSV (UTF-8 with BOM, headers in the reader's language)."""
    require(can_see_quiet_members(current_user))
    grouping = _grouping()
    locale = current_locale()
    query = quiet_members.quiet_members_query(utcnow(), grouping).limit(EXPORT_LIMIT)
    found = [quiet_members.to_quiet(row) for row in db.session.execute(query)]
    group_header = _("Parent organisation") if grouping == "parent" else _("District")
    header = [group_header, _("Member ID"), _("Organisation"), _("District code"),
              _("People"), _("E-mail"), _("Phone"), _("Last activity")]  # fmt: skip
    return _csv(f"quiet-members-by-{grouping}.csv", header, (
        [group_label(q, grouping, locale), q.member.id, q.member.display_name(locale),
         q.member.district_code or "", q.people, q.member.contact_email,
         q.member.contact_phone, q.last_at.date().isoformat() if q.last_at else ""]
        for q in found
    ))  # fmt: skip
