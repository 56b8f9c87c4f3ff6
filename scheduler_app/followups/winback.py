"""Keeping members: find people with no activity (no registration, no login) for six
months, list them for coordinators and invite them back once per quiet spell."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from scheduler_app.accounts.channels import Topic, chose_in_sql
from scheduler_app.accounts.mail_preferences import Category, allows, queue_for_person
from scheduler_app.accounts.models import ChannelChoice, Person
from scheduler_app.core.followups import last_activity, quiet_cutoff
from scheduler_app.events.models import Event, EventStatus, Registration
from scheduler_app.extensions import db
from scheduler_app.mail.signals import bulk_audiences
from scheduler_app.web import site_url

KIND = "we_miss_you"


def _last_registration() -> sa.Subquery:
    return (
        sa.select(
            Registration.person_id.label("person_id"),
            sa.func.max(Registration.created_at).label("registered_at"),
        )
        .group_by(Registration.person_id)
        .subquery()
    )


def quiet_people_query(now: datetime) -> sa.Select[tuple[Person]]:
    """Active people whose sign-up, last login and last registration are all older than
    six months; quietest first."""
    cutoff = quiet_cutoff(now)
    last_reg = _last_registration()
    return (
        sa.select(Person)
        .outerjoin(last_reg, last_reg.c.person_id == Person.id)
        .where(
            Person.is_active_account.is_(True),
            Person.created_at < cutoff,
            sa.or_(Person.last_login_at.is_(None), Person.last_login_at < cutoff),
            sa.or_(last_reg.c.registered_at.is_(None), last_reg.c.registered_at < cutoff),
        )
        .order_by(Person.last_login_at.asc().nulls_first(), Person.id)
        .options(joinedload(Person.member))
    )


def last_registrations(person_ids: list[int]) -> dict[int, datetime]:
    """When each of these people last registered for anything (one query)."""
    if not person_ids:
        return {}
    rows = db.session.execute(
        sa.select(Registration.person_id, sa.func.max(Registration.created_at))
        .where(Registration.person_id.in_(person_ids))
        .group_by(Registration.person_id)
    ).all()
    # max() keeps the column type, so values come back aware UTC.
    return {person_id: at for person_id, at in rows}


def activity_of(person: Person, registered_at: datetime | None) -> datetime | None:
    return last_activity(person.created_at, person.last_login_at, registered_at)


def queue_winbacks(now: datetime) -> int:
    """Invite every quiet person back (once per quiet spell: the key carries the date of
    their last activity)."""
    upcoming = db.session.execute(
        sa.select(sa.func.count())
        .select_from(Event)
        .where(Event.status == EventStatus.PUBLISHED.value, Event.start_at > now)
    ).scalar_one()
    queued = 0
    people = list(db.session.execute(quiet_people_query(now)).unique().scalars())
    registered = last_registrations([p.id for p in people])
    for person in people:
        registered_at = registered.get(person.id)
        if not allows(person, Category.FOLLOWUPS):
            continue
        since = activity_of(person, registered_at)
        stamp = since.date().isoformat() if since else "never"
        context = {
            "upcoming_count": upcoming,
            "agenda_url": site_url("/events/"),
            "profile_url": site_url("/welcome/hopes"),
        }
        queue_for_person(
            KIND,
            person,
            context,
            f"winback:person:{person.id}:since:{stamp}",
            category=Category.FOLLOWUPS,
            send_after=now,
        )
        queued += 1
    return queued


def line_audience(now: datetime, channel: str) -> int:
    """At most how many quiet people the next round of invitations reaches by ``channel``
    (linked there and chose it for follow-ups): the quota page's plan for this campaign."""
    quiet = quiet_people_query(now).with_only_columns(Person.id).order_by(None).subquery()
    return int(
        db.session.execute(
            sa.select(sa.func.count())
            .select_from(Person)
            .join(quiet, quiet.c.id == Person.id)
            .join(ChannelChoice, chose_in_sql(Topic.FOLLOWUPS, channel))
            .where(Person.line_user_id.is_not(None))
        ).scalar_one()
    )


@bulk_audiences.connect
def _plan_winbacks(_sender: object, *, channel: str, now: datetime) -> tuple[str, int]:
    """The quota page's line for this campaign."""
    return _('"We miss you" invitations'), line_audience(now, channel)
