"""People: accounts, roles and their place in an organisation chart."""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from scheduler_app.extensions import UTCDateTime, db, utcnow

if TYPE_CHECKING:
    from scheduler_app.directory.models import Member


class Role(StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    HOST = "host"
    MEMBER = "member"


def new_feed_token() -> str:
    """An unguessable token (256 bits) for private feed and unsubscribe URLs."""
    return secrets.token_urlsafe(32)


class Person(UserMixin, db.Model):
    """An account; with ``member`` set, also a place in that member's organisation chart."""

    __tablename__ = "person"
    # Addresses are compared case-insensitively (the published-contact rule, contact
    # lookups): without this, lower(email) read all of a million people (340 ms a page).
    # PostgreSQL only, where national data lives (SQLite's reflection cannot read an
    # expression index back, so autogenerate would see it as missing).
    __table_args__ = (
        sa.Index(
            "ix_person_email_lower",
            sa.func.lower(sa.column("email")),
            info={"only_dialect": "postgresql"},
        ).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # None for a chart contact without an address (village staff often have none): such a
    # person has no login and receives no mail. Unique among the addresses that exist.
    email: Mapped[str | None] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    honorific: Mapped[str] = mapped_column(sa.String(40), default="")
    given_name: Mapped[str] = mapped_column(sa.String(100))
    family_name: Mapped[str] = mapped_column(sa.String(100), default="")
    position: Mapped[str] = mapped_column(sa.String(200), default="")
    phone: Mapped[str] = mapped_column(sa.String(32), default="")
    photo_filename: Mapped[str | None] = mapped_column(sa.String(80))
    member_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("member.id", ondelete="SET NULL"), index=True
    )
    chart_order: Mapped[int] = mapped_column(default=0)
    role: Mapped[str] = mapped_column(sa.String(16), default=Role.MEMBER.value)
    preferred_language: Mapped[str | None] = mapped_column(sa.String(2))
    feed_token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_feed_token)
    is_active_account: Mapped[bool] = mapped_column(default=True)
    # Part of the login id (see ``get_id``): bumping it ends every session of the person.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # Sign-ups prove their address by a mailed link before they can log in.
    is_email_confirmed: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    # Who put this person in an organisation chart (a contact without a login), if anyone.
    added_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id", ondelete="SET NULL"))
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_sample: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Mail preferences (transactional mail ignores them); see accounts/mail_preferences.py.
    wants_reminders: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    wants_followups: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    wants_network_news: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    digest_frequency: Mapped[str] = mapped_column(
        sa.String(8), default="monthly", server_default="monthly"
    )

    # The LINE user id the person linked through the Official Account (line/ package).
    line_user_id: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    line_linked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    member: Mapped[Member | None] = relationship(back_populates="people")
    channel_choices: Mapped[list[ChannelChoice]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
    added_by: Mapped[Person | None] = relationship(remote_side=[id])

    @property
    def is_active(self) -> bool:  # Flask-Login: deactivated people cannot sign in
        return self.is_active_account

    def get_id(self) -> str:
        """Flask-Login's id in the session and remember cookie: ``"<id>:<version>"``.

        A cookie naming an older version is refused on its next request, so log-out,
        a new password, a reset or deactivation ends every copy of every session.
        (A bare ``"<id>"`` means version 0, the state before the first bump.)
        """
        if not self.session_version:
            return str(self.id)
        return f"{self.id}:{self.session_version}"

    @property
    def display_name(self) -> str:
        """Honorific and names as Thai custom writes them (no space after a Thai title)."""
        if self.erased_at is not None:
            return "—"
        honorific = self.honorific.strip()
        sep = " " if honorific and honorific[-1].isascii() else ""
        name = f"{self.given_name} {self.family_name}".strip()
        return f"{honorific}{sep}{name}" if honorific else name

    def set_password(self, password: str) -> None:
        method = "scrypt"
        if has_app_context():
            method = current_app.config.get("PASSWORD_HASH_METHOD", method)
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        if not self.password_hash:
            return False
        return check_password_hash(self.password_hash, password)

    def has_role(self, *roles: Role | str) -> bool:
        return self.role in {str(r) for r in roles}

    @property
    def is_contact(self) -> bool:
        """A chart entry without a login (never signed up, no password)."""
        return self.password_hash is None and self.last_login_at is None

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_coordinator(self) -> bool:
        """Coordinators keep the directory; admins can do everything coordinators can."""
        return self.role in (Role.ADMIN, Role.COORDINATOR)

    def __repr__(self) -> str:
        return f"<Person {self.id} {self.email}>"


class ChannelChoice(db.Model):
    """A person's choice of one channel (``email``, ``line``) for one topic of messages
    (``accounts/channels.py``); the time it was made is kept, and every change is also a
    consent record (purpose ``<channel>:<topic>``)."""

    __tablename__ = "channel_choice"
    __table_args__ = (sa.UniqueConstraint("person_id", "topic", "channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"))
    topic: Mapped[str] = mapped_column(sa.String(24))
    channel: Mapped[str] = mapped_column(sa.String(16))
    wanted: Mapped[bool] = mapped_column()
    chosen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
