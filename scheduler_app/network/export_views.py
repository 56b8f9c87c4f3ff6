"""Exports for coordinators: a CSV (UTF-8 with BOM, headers in the reader's language)
beside every table, and the graph as GraphML."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

# escape() writes GraphML text; nothing is parsed here.
from xml.sax.saxutils import escape  # nosec B406

from flask import Response, request
from flask_babel import gettext as _
from flask_login import current_user

from scheduler_app.core import thaidate
from scheduler_app.extensions import db, utcnow
from scheduler_app.i18n import DEFAULT_ZONE, current_locale
from scheduler_app.network import page_cache, queries, sentences
from scheduler_app.network.permissions import can_see_health, require
from scheduler_app.network.views import bp, ensure_fresh

EXPORT_LIMIT = 200_000


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV Excel opens as UTF-8 (byte-order mark first)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue()


def download(name: str, mimetype: str, choice: str, build: Callable[[], str]) -> Response:
    """An export, made once per network version, language and ``choice`` (and hour) in
    each worker (``page_cache``), with an ETag: a repeat download with ``If-None-Match``
    is a 304 without a body."""
    found = page_cache.cached(name, choice, utcnow(), build, download=True)
    response = Response(found.html, mimetype=mimetype)
    if mimetype == "text/csv":
        response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-cache"
    response.set_etag(found.etag)
    return response.make_conditional(request)


def csv_response(
    name: str, header: Sequence[str], rows: Callable[[], Iterable[Sequence[Any]]], choice: str = ""
) -> Response:
    """A CSV download of ``rows()`` (see ``download``)."""
    return download(name, "text/csv", choice, lambda: csv_text(header, rows()))


def sheet_day(value: datetime | None, locale: str) -> str:
    """The local (Bangkok) day of a stored moment, BE in Thai, CE in English."""
    if value is None:
        return ""
    return thaidate.format_sheet_date(value.astimezone(DEFAULT_ZONE).date(), locale)


def _coordinators_only() -> None:
    require(can_see_health(current_user))
    ensure_fresh()


def _coordinators_csv(
    name: str, header: Sequence[str], rows: Callable[[str], Iterable[Sequence[Any]]]
) -> Response:
    """A coordinators' CSV; ``rows(locale)`` writes names and days for the reader."""
    _coordinators_only()
    locale = current_locale()
    return csv_response(name, header, lambda: rows(locale))


@bp.get("/measures.csv")
def measures_csv() -> Response:
    """Every member's measures and role."""
    header = [_("Member ID"), _("Member"), _("Role"), _("Ties"), _("Tie strength"),
              _("Betweenness"), _("Core number"), _("Cluster"), _("Visits made"),
              _("Visits received"), _("Visits returned")]  # fmt: skip
    return _coordinators_csv("measures.csv", header, lambda locale: (
        [m.member_id, m.member.display_name(locale), str(sentences.ROLE_LABELS[m.role]),
         m.degree, m.strength, m.betweenness, m.core, m.community + 1 if m.community >= 0 else "",
         m.visits_made, m.visits_received, m.reciprocal_partners]
        for m in db.session.execute(queries.measures_query().limit(EXPORT_LIMIT)).scalars()
    ))  # fmt: skip


@bp.get("/ties.csv")
def ties_csv() -> Response:
    """Every living tie with its weight and where it comes from."""
    header = [_("First member ID"), _("Second member ID"), _("Weight"), _("Activities"),
              _("Kinds of tie"), _("Kinds of event"), _("Last met"), _("Confirmed")]  # fmt: skip
    query = queries.ties_query(queries.TieFilter()).limit(EXPORT_LIMIT)
    return _coordinators_csv("ties.csv", header, lambda locale: (
        [t.a_member_id, t.b_member_id, t.weight, t.count, t.evidence, t.event_kinds,
         sheet_day(t.last_at, locale), _("yes") if t.is_confirmed else _("no")]
        for t in db.session.execute(query).scalars()
    ))  # fmt: skip


@bp.get("/introductions.csv")
def introductions_csv() -> Response:
    """Introductions sent, both answers and whether a visit was requested."""
    header = [_("Sent"), _("First member"), _("Answer"), _("Second member"), _("Answer"),
              _("Sent by"), _("Study visit requested")]  # fmt: skip
    query = queries.introductions_query().limit(EXPORT_LIMIT)
    return _coordinators_csv("introductions.csv", header, lambda locale: (
        [sheet_day(i.created_at, locale), i.a_member.display_name(locale), i.a_answer,
         i.b_member.display_name(locale), i.b_answer,
         i.sent_by.display_name if i.sent_by else "", _("yes") if i.visit_request_id else _("no")]
        for i in db.session.execute(query).scalars()
    ))  # fmt: skip


@bp.get("/snapshots.csv")
def snapshots_csv() -> Response:
    """The network's numbers at each snapshot."""
    header = [_("Taken"), _("Label"), _("Members"), _("Ties"), _("Isolated members"),
              _("Members at the edge"), _("Core"), _("Clusters"), _("Visits returned")]  # fmt: skip
    return _coordinators_csv("snapshots.csv", header, lambda locale: (
        [sheet_day(s.taken_at, locale), s.label, d["members"], d["ties"], d["isolated"],
         d["periphery"], d["core_size"], d["communities"], d["reciprocity"]]
        for s, d in ((s, json.loads(s.summary)) for s in queries.snapshots(limit=1000))
    ))  # fmt: skip


@bp.get("/graph.graphml")
def graphml() -> Response:
    """The whole graph as GraphML (Gephi, Cytoscape, yEd, networkx read it)."""
    _coordinators_only()
    locale = current_locale()
    return download(
        "ruamjai-network.graphml", "application/graphml+xml", "", lambda: _graphml(locale)
    )


def _graphml(locale: str) -> str:
    measures = db.session.execute(queries.measures_query().limit(EXPORT_LIMIT)).scalars()
    ties = db.session.execute(queries.ties_query(queries.TieFilter()).limit(EXPORT_LIMIT))
    keys = (("name", "node", "string"), ("role", "node", "string"),
            ("community", "node", "int"), ("degree", "node", "int"),
            ("betweenness", "node", "double"), ("weight", "edge", "double"),
            ("confirmed", "edge", "boolean"), ("kinds", "edge", "string"))  # fmt: skip
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">']  # fmt: skip
    out += [f'<key id="{k}" for="{f}" attr.name="{k}" attr.type="{t}"/>' for k, f, t in keys]
    out.append('<graph id="ruamjai" edgedefault="undirected">')
    for m in measures:
        out.append(
            f'<node id="m{m.member_id}"><data key="name">{escape(m.member.display_name(locale))}'
            f'</data><data key="role">{m.role}</data><data key="community">{m.community}</data>'
            f'<data key="degree">{m.degree}</data><data key="betweenness">{m.betweenness}</data>'
            "</node>"
        )
    for t in ties.scalars():
        out.append(
            f'<edge source="m{t.a_member_id}" target="m{t.b_member_id}">'
            f'<data key="weight">{t.weight}</data>'
            f'<data key="confirmed">{"true" if t.is_confirmed else "false"}</data>'
            f'<data key="kinds">{escape(t.evidence)}</data></edge>'
        )
    out.append("</graph></graphml>")
    return "\n".join(out)
