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
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import joinedload

from scheduler_app.accounts.models import Person, Role
from scheduler_app.accounts.notices import record_contact_consents
from scheduler_app.core.geography import Gazetteer
from scheduler_app.core.hierarchy import TreeNode, build_tree, would_create_cycle
from scheduler_app.core.text import LIKE_ESCAPE, like_pattern
from scheduler_app.directory import photos
from scheduler_app.directory.models import Member, MemberKind
from scheduler_app.directory.profile_models import MemberNeed, MemberOffer, MemberTopic
from scheduler_app.extensions import db, utcnow

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


def search_members(filters: MemberFilters) -> sa.Select[tuple[Member]]:
    """Active members matching ``filters``, by Thai name, with parents loaded in the same query."""
    stmt = sa.select(Member).where(Member.is_active).options(joinedload(Member.parent))
    if filters.q:
        pattern = like_pattern(filters.q)
        stmt = stmt.where(
            sa.or_(
                Member.name_th.ilike(pattern, escape=LIKE_ESCAPE),
                Member.name_en.ilike(pattern, escape=LIKE_ESCAPE),
            )
        )
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
    return stmt.order_by(Member.name_th, Member.id)


def member_page(filters: MemberFilters, page: int, per_page: int) -> Pagination:
    """One page of the directory (two queries: the count and the rows)."""
    return db.paginate(
        search_members(filters),
        page=page,
        per_page=per_page,
        max_per_page=per_page,
        error_out=False,
    )


def subtree_members(member_id: int) -> list[Member]:
    """Every member below ``member_id``, at any depth, in one recursive query.

    ``UNION`` (not ``UNION ALL``) stops the recursion even if the data holds a loop.
    """
    tree = sa.select(Member.id).where(Member.parent_id == member_id).cte("subtree", recursive=True)
    tree = tree.union(sa.select(Member.id).join(tree, Member.parent_id == tree.c.id))
    stmt = sa.select(Member).join(tree, Member.id == tree.c.id).order_by(Member.name_th)
    return list(db.session.execute(stmt).scalars())


def subtree_ids(member_id: int) -> set[int]:
    """The ids of every member below ``member_id`` (ids only: a national network has
    tens of thousands below it)."""
    tree = sa.select(Member.id).where(Member.parent_id == member_id).cte("subtree", recursive=True)
    tree = tree.union(sa.select(Member.id).join(tree, Member.parent_id == tree.c.id))
    return set(db.session.execute(sa.select(tree.c.id)).scalars())


def member_tree(member: Member) -> tuple[TreeNode, dict[int, Member]]:
    """The tree of ``member``'s sub-members and a lookup of the members in it."""
    below = subtree_members(member.id)
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
