"""Directory operations: searching members, their trees and charts, and changing them.

Services change state through ``db.session`` and never commit; the caller owns the
transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased, joinedload

from scheduler_app.accounts.models import Person, Role
from scheduler_app.accounts.notices import record_contact_consents
from scheduler_app.core.geography import Gazetteer
from scheduler_app.core.hierarchy import TreeNode, build_tree, would_create_cycle
from scheduler_app.core.text import LIKE_ESCAPE, has_thai, like_pattern
from scheduler_app.directory import photos
from scheduler_app.directory.models import Member, MemberKind
from scheduler_app.directory.profile_models import MemberNeed, MemberOffer, MemberTopic
from scheduler_app.extensions import db, utcnow
from scheduler_app.web import CappedPage, capped_page

MEMBER_FIELDS = (
    "kind",
    "org_type",
    "name_th",
    "name_en",
    "parent_id",
    "district_code",
    "subdistrict_code",
    "address",
    "latitude",
    "longitude",
    "contact_email",
    "contact_phone",
    "line_id",
    "description",
    "visitor_rules",
    "visitor_risks",
    "is_active",
)
PERSON_FIELDS = ("honorific", "given_name", "family_name", "position", "chart_order")
PARENT_KINDS = (MemberKind.NETWORK.value, MemberKind.NODE.value)


class DirectoryError(ValueError):
    """A change the directory refuses; the view shows it next to the field."""


class DuplicateEmail(DirectoryError):
    pass


class ParentCycle(DirectoryError):
    pass


@dataclass(frozen=True)
class MemberFilters:
    """What the directory list is narrowed by; empty strings mean 'any'."""

    q: str = ""
    kind: str = ""
    org_type: str = ""
    district: str = ""
    topic: str = ""  # topic id: interest or expertise
    offer: str = ""  # topic id of something it offers
    need: str = ""  # topic id of something it wants to learn

    def as_args(self) -> dict[str, str]:
        """The non-empty filters, for links that keep them (pagination)."""
        return {k: v for k, v in vars(self).items() if v}


def name_match(q: str) -> tuple[sa.ColumnElement[bool], sa.ColumnElement[int]]:
    """The condition "a name contains ``q``" and its rank: 0 for a name equal to ``q``,
    1 for a name starting with it, 2 for one containing it (case-insensitive).

    The condition is ``ILIKE '%q%'`` on the names, which PostgreSQL answers from the
    trigram indexes (``ix_member_name_th_trgm``, ``ix_member_name_en_trgm``) instead of
    reading every member; SQLite scans, which is fine at its sizes. A term with Thai in it
    is looked for in the Thai name only: no English name holds Thai, and one column lets
    the planner see that the index is cheaper than a scan (for ``OR`` over both it costed
    them alike and scanned 80,000 rows, ten times slower). Reused by every member search
    (the directory list, pickers).
    """
    contains = like_pattern(q)
    starts = contains[1:]  # the same escaped term, without the leading "%"
    exact = contains[1:-1]
    names = (Member.name_th,) if has_thai(q) else (Member.name_th, Member.name_en)
    rank = sa.case(
        (sa.or_(*(name.ilike(exact, escape=LIKE_ESCAPE) for name in names)), 0),
        (sa.or_(*(name.ilike(starts, escape=LIKE_ESCAPE) for name in names)), 1),
        else_=2,
    )
    return sa.or_(*(name.ilike(contains, escape=LIKE_ESCAPE) for name in names)), rank


def search_members(filters: MemberFilters) -> sa.Select[tuple[Member]]:
    """Active members matching ``filters``: with a search term, exact name matches first,
    then names starting with it, then the rest; each group by Thai name.

    Only ``member`` is read (no join): the caller loads what it shows of the page's rows.
    """
    stmt, order = _filtered(filters)
    return stmt.order_by(*order)


def _filtered(
    filters: MemberFilters,
) -> tuple[sa.Select[tuple[Member]], list[sa.ColumnElement[Any]]]:
    """The unordered search and the columns that order it."""
    stmt = sa.select(Member).where(Member.is_active)
    order: list[sa.ColumnElement[Any]] = []
    if filters.q:
        condition, rank = name_match(filters.q)
        stmt = stmt.where(condition)
        order.append(rank)
    if filters.kind:
        stmt = stmt.where(Member.kind == filters.kind)
    if filters.org_type:
        stmt = stmt.where(Member.org_type == filters.org_type)
    if filters.district:
        stmt = stmt.where(Member.district_code == filters.district)
    for value, model in ((filters.topic, MemberTopic), (filters.offer, MemberOffer),
                         (filters.need, MemberNeed)):  # fmt: skip
        if value:
            # EXISTS on the (topic_id, member_id) indexes: cheap at national scale.
            stmt = stmt.where(
                sa.exists().where(model.member_id == Member.id, model.topic_id == int(value))
            )
    return stmt, [*order, Member.name_th, Member.id]


def member_page(filters: MemberFilters, page: int, per_page: int) -> CappedPage:
    """One page of the directory in two queries whatever the network's size: the page's
    members (sorted and cut on ``member`` alone, then joined to their parents) and a
    count capped at ``web.COUNT_CAP`` ("more than 1,000 members found")."""
    stmt, order = _filtered(filters)
    # Sort and cut on ``member`` alone, then join the parents of just these rows.
    keys = [column.label(f"sort_{n}") for n, column in enumerate(order)]
    cut = (
        stmt.add_columns(*keys)
        .order_by(*order)
        .limit(per_page + 1)
        .offset((page - 1) * per_page)
        .subquery()
    )
    row = aliased(Member, cut)
    rows = list(
        db.session.execute(
            sa.select(row)
            .options(joinedload(row.parent))
            .order_by(*(cut.c[key.name] for key in keys))
        ).scalars()
    )
    return capped_page(stmt, rows, page, per_page)


# Deeper than any real network (province, district, sub-district, village, person); a
# loop in the data, which the forms refuse, would stop here too.
MAX_TREE_DEPTH = 32


def _subtree(member_id: int, columns: Sequence[sa.Column[Any]]) -> sa.CTE:
    """The recursive query of every member below ``member_id``, at any depth, carrying
    ``columns`` (which must include ``id``) down the tree.

    Carrying the columns means no join with the whole table follows the recursion. On
    PostgreSQL each step reads the children of the rows found so far through
    ``ix_member_parent_id`` (a ``LATERAL`` subquery, which the planner cannot turn into a
    hash join over every member, as it did when planning the recursion for thousands of
    rows where a member has a dozen).
    """
    member = Member.__table__
    cols = [member.c[c.name] for c in columns]
    found = (
        sa.select(*cols, sa.literal(1).label("depth"))
        .where(member.c.parent_id == member_id)
        .cte("subtree", recursive=True)
    )
    children = sa.select(*cols).where(member.c.parent_id == found.c.id)
    if db.engine.dialect.name == "postgresql":
        # LIMIT keeps the subquery a per-row index lookup (it is never flattened).
        child = children.limit(2**31 - 1).lateral("child")
        step = sa.select(*child.c, found.c.depth + 1).select_from(found.join(child, sa.true()))
    else:
        step = sa.select(*cols, found.c.depth + 1).join_from(
            member, found, member.c.parent_id == found.c.id
        )
    return found.union_all(step.where(found.c.depth < MAX_TREE_DEPTH))


def subtree_members(member_id: int) -> list[Member]:
    """Every member below ``member_id``, at any depth, in one recursive query."""
    found = _subtree(member_id, list(Member.__table__.c))
    row = aliased(Member, found)
    stmt = sa.select(row).order_by(found.c.name_th, found.c.id)
    seen: dict[int, Member] = {}
    for below in db.session.execute(stmt).scalars():
        seen.setdefault(below.id, below)
    return list(seen.values())


@dataclass(frozen=True, slots=True)
class TreeMember:
    """What the tree on a member's page shows of each sub-member (a province network
    has a thousand below it: plain rows, not ORM objects)."""

    id: int
    parent_id: int | None
    name_th: str
    name_en: str | None
    kind: str
    is_active: bool

    def display_name(self, locale: str) -> str:
        return self.name_en if locale == "en" and self.name_en else self.name_th


_TREE_COLUMNS = ("id", "parent_id", "name_th", "name_en", "kind", "is_active")


def subtree_rows(member_id: int) -> list[TreeMember]:
    """Every member below ``member_id`` as :class:`TreeMember` rows, in name order."""
    table = Member.__table__
    found = _subtree(member_id, [table.c[name] for name in _TREE_COLUMNS])
    stmt = sa.select(*(found.c[name] for name in _TREE_COLUMNS)).order_by(
        found.c.name_th, found.c.id
    )
    seen: dict[int, TreeMember] = {}
    for row in db.session.execute(stmt):
        seen.setdefault(row.id, TreeMember(*row))
    return list(seen.values())


def subtree_ids(member_id: int) -> set[int]:
    """The ids of every member below ``member_id`` (ids only: a national network has
    tens of thousands below it)."""
    tree = sa.select(Member.id).where(Member.parent_id == member_id).cte("subtree", recursive=True)
    tree = tree.union(sa.select(Member.id).join(tree, Member.parent_id == tree.c.id))
    return set(db.session.execute(sa.select(tree.c.id)).scalars())


def member_tree(member: Member) -> tuple[TreeNode, dict[int, TreeMember]]:
    """The tree of ``member``'s sub-members and a lookup of the members in it."""
    below = subtree_rows(member.id)
    tree = build_tree(((m.id, m.parent_id) for m in below), member.id)
    return tree, {m.id: m for m in below}


def chart_people(member_id: int) -> Sequence[Person]:
    """The organisation chart of a member, in chart order."""
    stmt = (
        sa.select(Person)
        .where(Person.member_id == member_id)
        .order_by(Person.chart_order, Person.given_name, Person.id)
    )
    return db.session.execute(stmt).scalars().all()


def _apply_member_values(member: Member, values: Mapping[str, Any], gaz: Gazetteer) -> None:
    for name in MEMBER_FIELDS:
        if name in values:
            value = values[name]
            setattr(member, name, "" if value is None and name not in _NULLABLE else value)
    member.org_type = member.org_type or None
    member.district_code = member.district_code or None
    member.subdistrict_code = member.subdistrict_code or None
    sub = gaz.subdistrict(member.subdistrict_code)
    if sub:
        member.district_code = sub.district_code
        if member.latitude is None and member.longitude is None:
            member.latitude, member.longitude = sub.lat, sub.lon


_NULLABLE = frozenset(
    {"org_type", "parent_id", "district_code", "subdistrict_code", "latitude", "longitude"}
)


def create_member(values: Mapping[str, Any], gaz: Gazetteer) -> Member:
    """Add a member from form values (see ``MEMBER_FIELDS``)."""
    member = Member(is_active=True)
    _apply_member_values(member, values, gaz)
    db.session.add(member)
    db.session.flush()
    return member


def update_member(member: Member, values: Mapping[str, Any], gaz: Gazetteer) -> None:
    """Change a member; refuses a parent that would put the member under itself."""
    new_parent = values.get("parent_id", member.parent_id)
    rows = [(m.id, m.parent_id) for m in subtree_members(member.id)]
    if would_create_cycle(rows, member.id, new_parent):
        raise ParentCycle("a member cannot belong to its own sub-member")
    _apply_member_values(member, values, gaz)


def deactivate_member(member: Member) -> None:
    """Hide a member from the directory without deleting its history."""
    member.is_active = False


def email_taken(email: str) -> bool:
    stmt = sa.select(Person.id).where(sa.func.lower(Person.email) == email.lower())
    return db.session.execute(stmt.limit(1)).first() is not None


def add_person_to_chart(
    member: Member,
    email: str | None,
    values: Mapping[str, Any],
    added_by: Person | None = None,
    *,
    agreed: Iterable[str] = (),
    now: datetime | None = None,
) -> Person:
    """Create a contact (no password, so no login; role member) in ``member``'s chart,
    recording who added it (the entry's ``created_at`` says when) and what the adder
    confirmed the person agreed to (``agreed``: ``public_chart``, ``photos``).

    ``email`` may be empty: village staff often have no address; such a contact gets no
    mail. Raises ``DuplicateEmail`` if an account already uses ``email``; existing
    accounts are never pulled into a chart this way.
    """
    address = (email or "").strip().lower() or None
    if address is not None and email_taken(address):
        raise DuplicateEmail(address)
    now = now or utcnow()
    person = Person(email=address, role=Role.MEMBER.value, member_id=member.id, password_hash=None)
    person.added_by_id = added_by.id if added_by is not None else None
    person.created_at = now
    update_person(person, values)
    db.session.add(person)
    db.session.flush()
    record_contact_consents(person, agreed, now)
    return person


def update_contact_consents(person: Person, agreed: Iterable[str], now: datetime) -> None:
    """What a contact without a login agreed to, as the staff member editing it says;
    accounts answer for themselves, so nothing changes for them here."""
    if person.is_contact:
        record_contact_consents(person, agreed, now)


def update_person(person: Person, values: Mapping[str, Any]) -> None:
    """Change a person's chart details (title, names, position, order)."""
    for name in PERSON_FIELDS:
        if name in values:
            value = values[name]
            if name == "chart_order":
                value = value or 0
            setattr(person, name, value if value is not None else "")


def remove_from_chart(person: Person) -> None:
    """Take a person off the chart; the account stays."""
    person.member_id = None


def replace_photo(person: Person, jpeg: bytes, upload_dir: str) -> str | None:
    """Store ``jpeg`` as the person's photo; return the old filename for deletion after commit."""
    old = person.photo_filename
    person.photo_filename = photos.store_photo(upload_dir, jpeg)
    return old
