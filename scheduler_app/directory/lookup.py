"""Member lookup for the search-as-you-type pickers: ``GET /members/lookup?q=…`` and the
``MemberSource`` every member picker uses (``scheduler_app.pickers``).

``lookup_members`` is the one query: active members (what the public directory lists),
exact name or official code first, then names starting with the text, then names
containing it, on Thai and English names, at most ``MAX_LIMIT`` rows. The prefix query
runs first and the substring one only when it did not fill the answer, so the common
case reads few rows (and a ``pg_trgm`` or prefix index, when there is one, serves both).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import jsonify, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from scheduler_app.core.text import LIKE_ESCAPE, has_thai, like_escape, normalise_query
from scheduler_app.directory.blueprint import bp
from scheduler_app.directory.forms import KIND_LABELS
from scheduler_app.directory.models import Member, MemberKind
from scheduler_app.extensions import db
from scheduler_app.i18n import current_locale, gazetteer
from scheduler_app.pickers import Pick, PickerField

MAX_LIMIT = 20
MAX_QUERY = 100
MAX_EXCLUDE = 500
CODE_LENGTH = 16  # Member.official_code
#: Rows one lookup query reads at most (then ranks in Python).
SCAN_CAP = 200
#: ``kind=`` values the endpoint takes: one member kind, or ``parent`` (networks and
#: coordinating organisations, what a member can belong to).
KIND_GROUPS: dict[str, tuple[str, ...]] = {
    **{k.value: (k.value,) for k in MemberKind},
    "parent": (MemberKind.NETWORK.value, MemberKind.NODE.value),
}

Row = sa.Row[tuple[int, str, str, str, str | None, str | None]]
_COLUMNS = (
    Member.id,
    Member.kind,
    Member.name_th,
    Member.name_en,
    Member.district_code,
    Member.official_code,
)


def lookup_members(
    text: str,
    kinds: Collection[str] = (),
    limit: int = MAX_LIMIT,
    exclude: Collection[int] = (),
) -> list[Row]:
    """Active members matching ``text``, best first: exact (Thai or English name, or the
    official code), then prefix, then substring; by Thai name within each. Rows, not
    objects.

    No query sorts every match (a common word matches tens of thousands): each reads at
    most ``SCAN_CAP`` rows and stops there, and the few rows read are ranked here.
    """
    term = normalise_query(text, MAX_QUERY)
    limit = max(1, min(limit, MAX_LIMIT + 1))
    if not term:
        return []
    base = sa.select(*_COLUMNS).where(Member.is_active)
    if kinds:
        base = base.where(Member.kind.in_(tuple(kinds)))
    if exclude:
        base = base.where(Member.id.not_in(tuple(exclude)))
    escaped = like_escape(term)
    lowered = term.lower()
    # Thai text is looked for in Thai names only (no English name holds Thai): one column
    # lets PostgreSQL use its trigram index instead of costing an OR over both as a scan
    # (the same reason as ``services.name_match``).
    thai = has_thai(term)
    exact = sa.or_(Member.name_th == term, sa.func.lower(Member.name_en) == lowered)
    prefix = sa.or_(
        Member.name_th.like(escaped + "%", escape=LIKE_ESCAPE),
        *(() if thai else (Member.name_en.ilike(escaped + "%", escape=LIKE_ESCAPE),)),
    )
    found = {row.id: row for row in db.session.execute(base.where(prefix).limit(SCAN_CAP))}
    if len(found) >= SCAN_CAP:  # an exact name also starts so, but may not be among those read
        found |= {row.id: row for row in db.session.execute(base.where(exact).limit(limit))}
    if len(term) <= CODE_LENGTH and term.isalnum():  # the official code's unique index
        code = base.where(Member.official_code == term)
        found |= {row.id: row for row in db.session.execute(code)}

    def is_exact(row: Row) -> bool:
        return (
            row.name_th == term
            or (row.name_en or "").lower() == lowered
            or (row.official_code == term)
        )

    ranked = sorted(found.values(), key=lambda r: (not is_exact(r), r.name_th, r.id))[:limit]
    if len(ranked) >= limit:
        return ranked
    contains = sa.or_(
        Member.name_th.like("%" + escaped + "%", escape=LIKE_ESCAPE),
        *(() if thai else (Member.name_en.ilike("%" + escaped + "%", escape=LIKE_ESCAPE),)),
    )
    rest_stmt = base.where(contains)
    if found:
        rest_stmt = rest_stmt.where(Member.id.not_in(list(found)))
    rest = db.session.execute(rest_stmt.limit(SCAN_CAP)).all()
    return ranked + sorted(rest, key=lambda r: (r.name_th, r.id))[: limit - len(ranked)]


def _label(row: Row, locale: str) -> str:
    if locale == "en" and row.name_en:
        return str(row.name_en)
    return str(row.name_th)


def _hint(row: Row, locale: str) -> str:
    gaz = gazetteer()
    district = gaz.district(row.district_code)
    kind = str(KIND_LABELS.get(row.kind, ""))
    if district is None:
        return kind
    place = _("%(district)s district", district=district.display_name(locale))
    return f"{kind} · {place}" if kind else place


def as_pick(row: Row, locale: str) -> Pick:
    return Pick(int(row.id), _label(row, locale), _hint(row, locale))


@dataclass
class MemberSource:
    """The picker source for members: active members of ``kinds`` (any when empty).

    ``blocked`` ids are offered by no search (the form refuses them with its reason);
    ``keep`` ids stay nameable even if inactive (a saved choice that should not be
    dropped silently); ``only`` limits the choice to those ids."""

    kinds: tuple[str, ...] = ()
    blocked: Collection[int] = ()
    keep: Collection[int] = ()
    only: Collection[int] | None = None
    kind_arg: str = ""
    locale: str = field(default_factory=current_locale)

    @property
    def url(self) -> str:
        args = {"kind": self.kind_arg} if self.kind_arg else {}
        return url_for("directory.lookup", **args)

    def search(self, text: str, limit: int) -> Sequence[Pick]:
        # A few blocked ids go into the query; a whole national subtree is dropped after.
        few = len(self.blocked) <= MAX_EXCLUDE
        rows = lookup_members(text, self.kinds, limit, exclude=tuple(self.blocked) if few else ())
        return [
            as_pick(r, self.locale)
            for r in rows
            if self._allowed_row(r.id) and (few or r.id not in self.blocked)
        ]

    def _allowed_row(self, member_id: int) -> bool:
        return self.only is None or member_id in self.only

    def named(self, ids: Collection[int]) -> dict[int, Pick]:
        wanted = [i for i in ids if self._allowed_row(i)]
        if not wanted:
            return {}
        stmt = sa.select(*_COLUMNS, Member.is_active).where(Member.id.in_(wanted))
        out: dict[int, Pick] = {}
        for row in db.session.execute(stmt):
            if self.kinds and row.kind not in self.kinds:
                continue
            if not row.is_active and row.id not in self.keep:
                continue
            out[int(row.id)] = as_pick(row, self.locale)  # type: ignore[arg-type]
        return out


def member_source(kind: str = "", **kwargs: object) -> MemberSource:
    """A ``MemberSource`` for ``kind`` (a ``KIND_GROUPS`` key, or any member)."""
    kinds = KIND_GROUPS.get(kind, ())
    return MemberSource(kinds=kinds, kind_arg=kind if kinds else "", **kwargs)  # type: ignore[arg-type]


def fixed_picker(field: PickerField, member_id: int | None) -> None:
    """A picker whose member is set, not chosen (a host's own organisation): shown
    read-only, its text box not read, any other id refused."""
    field.source = member_source(only={member_id} if member_id else set(), keep=[member_id or 0])
    field.data = member_id
    field.typed = None
    field.radio_id = None
    field.render_kw = {**(field.render_kw or {}), "readonly": True}


@bp.get("/lookup")
def lookup() -> Response:
    """Up to 20 active members matching ``q`` as JSON ``{"results": [{id, label, hint}]}``
    for the pickers; the same members the public directory lists."""
    raw = request.args.get("q", "")
    if len(raw) > 4 * MAX_QUERY:
        return _refused("q", _("The search text is too long."))
    kind = request.args.get("kind", "")
    if kind and kind not in KIND_GROUPS:
        return _refused("kind", _("Unknown kind of member."))
    raw_limit = request.args.get("limit", "")
    if raw_limit and not (raw_limit.isdigit() and len(raw_limit) <= 3):
        return _refused("limit", _("The number of results must be a whole number."))
    limit = min(max(int(raw_limit or 10), 1), MAX_LIMIT)
    locale = current_locale()
    rows = lookup_members(raw, KIND_GROUPS.get(kind, ()), limit)
    response = jsonify(results=[as_pick(r, locale).as_json() for r in rows])
    response.headers["Cache-Control"] = "private, max-age=60"
    return response


def _refused(name: str, message: str) -> Response:
    """A 400 the picker's script can read: which parameter, and why (translated)."""
    response = jsonify(error={"field": name, "message": message})
    response.status_code = 400
    return response
