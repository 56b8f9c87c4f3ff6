"""Members of the network: individuals, nodes (organisations) and networks."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler_app.extensions import UTCDateTime, db, utcnow

if TYPE_CHECKING:
    from scheduler_app.accounts.models import Person
    from scheduler_app.directory.profile_models import MemberNeed, MemberOffer, MemberTopic


class MemberKind(StrEnum):
    INDIVIDUAL = "individual"
    NODE = "node"
    NETWORK = "network"


class OrgType(StrEnum):
    MUNICIPALITY = "municipality"  # เทศบาล
    SAO = "sao"  # องค์การบริหารส่วนตำบล (อบต.)
    PAO = "pao"  # องค์การบริหารส่วนจังหวัด (อบจ.)
    SCHOOL = "school"
    COMMUNITY_GROUP = "community_group"
    NGO = "ngo"
    UNIVERSITY = "university"
    PRIVATE = "private"
    AGENCY = "agency"


class Member(db.Model):
    """One member of the network; ``parent`` builds sub-networks and nodes under networks."""

    __tablename__ = "member"
    __table_args__ = (
        # The directory's order (Thai name, then id): a page is read from the index.
        sa.Index("ix_member_name_th_id", "name_th", "id"),
        # The home page's member counts are cached until a member changes (see main.views).
        sa.Index("ix_member_updated_at", "updated_at"),
        # ``ILIKE '%term%'`` on either name from trigrams (PostgreSQL; SQLite scans).
        *(
            sa.Index(
                f"ix_member_{column}_trgm",
                column,
                postgresql_using="gin",
                postgresql_ops={column: "gin_trgm_ops"},
                info={"only_dialect": "postgresql"},
            ).ddl_if(dialect="postgresql")
            for column in ("name_th", "name_en")
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(16), index=True)
    org_type: Mapped[str | None] = mapped_column(sa.String(32), index=True)
    name_th: Mapped[str] = mapped_column(sa.String(200))
    name_en: Mapped[str] = mapped_column(sa.String(200), default="")
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("member.id", ondelete="SET NULL"), index=True
    )
    district_code: Mapped[str | None] = mapped_column(sa.String(4), index=True)
    subdistrict_code: Mapped[str | None] = mapped_column(sa.String(6))
    address: Mapped[str] = mapped_column(sa.Text, default="")
    latitude: Mapped[float | None] = mapped_column(sa.Float)
    longitude: Mapped[float | None] = mapped_column(sa.Float)
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="")
    contact_phone: Mapped[str] = mapped_column(sa.String(32), default="")
    line_id: Mapped[str] = mapped_column(sa.String(64), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    visitor_rules: Mapped[str] = mapped_column(sa.Text, default="")
    visitor_risks: Mapped[str] = mapped_column(sa.Text, default="")
    # Stable key for records loaded by tools (e.g. "demo:district:4201"), so reloads
    # find them instead of duplicating them.
    external_ref: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    # Profile (issue 14): official DOPA/LAO code where one exists, so data joins with
    # government lists; size; the sub-districts it serves (comma-separated codes).
    official_code: Mapped[str | None] = mapped_column(sa.String(16), unique=True)
    population: Mapped[int | None] = mapped_column()
    households: Mapped[int | None] = mapped_column()
    service_area: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    accepts_introductions: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    is_sample: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    parent: Mapped[Member | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Member]] = relationship(
        back_populates="parent", order_by="Member.name_th"
    )
    people: Mapped[list[Person]] = relationship(
        back_populates="member", order_by="(Person.chart_order, Person.given_name)"
    )

    topics: Mapped[list[MemberTopic]] = relationship(cascade="all, delete-orphan")
    offers: Mapped[list[MemberOffer]] = relationship(
        cascade="all, delete-orphan", order_by="MemberOffer.id"
    )
    needs: Mapped[list[MemberNeed]] = relationship(
        cascade="all, delete-orphan", order_by="MemberNeed.id"
    )

    @property
    def service_area_codes(self) -> list[str]:
        """The sub-district codes (DOPA, 6 digits) this member serves."""
        return [code for code in self.service_area.split(",") if code]

    def topic_ids(self, role: str) -> list[int]:
        return [t.topic_id for t in self.topics if t.role == role]

    def display_name(self, locale: str) -> str:
        """The name in the reader's language, falling back to Thai."""
        if locale == "en" and self.name_en:
            return self.name_en
        return self.name_th

    def __repr__(self) -> str:
        return f"<Member {self.id} {self.name_th}>"


# The trigram indexes need the extension (created by the migration on real databases).
sa.event.listen(
    Member.__table__,
    "before_create",
    sa.DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm").execute_if(dialect="postgresql"),
)
