"""The Official Account's monthly message quota (``LINE_MONTHLY_QUOTA``).

A LINE message counts against the month (Bangkok time) it is sent in, or is due to be
sent in while it waits; a multicast counts once per recipient, as LINE counts it.
Withdrawn and failed rows do not count. When a message would go over the quota it is not
queued for LINE and goes by e-mail instead (``channel.LineChannel.queue``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from scheduler_app.accounts.channels import Topic, chose_in_sql
from scheduler_app.accounts.models import ChannelChoice, Person
from scheduler_app.extensions import db
from scheduler_app.line.settings import CHANNEL
from scheduler_app.mail.models import OutboxMessage, OutboxStatus
from scheduler_app.mail.services import BANGKOK_OFFSET, month_of

COUNTED = (OutboxStatus.PENDING.value, OutboxStatus.SENDING.value, OutboxStatus.SENT.value)


def month_bounds(moment: datetime) -> tuple[datetime, datetime]:
    """The UTC start and end of the Bangkok calendar month holding ``moment``."""
    local = moment + BANGKOK_OFFSET
    start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = (start + timedelta(days=32)).replace(day=1)
    return start - BANGKOK_OFFSET, end - BANGKOK_OFFSET


def monthly_quota() -> int:
    return max(0, int(current_app.config.get("LINE_MONTHLY_QUOTA") or 0))


def used_in_month(moment: datetime) -> int:
    """LINE messages sent or waiting in the month of ``moment``."""
    start, end = month_bounds(moment)
    when = sa.func.coalesce(OutboxMessage.sent_at, OutboxMessage.send_after)
    return int(
        db.session.execute(
            sa.select(sa.func.count())
            .select_from(OutboxMessage)
            .where(
                OutboxMessage.channel == CHANNEL,
                OutboxMessage.status.in_(COUNTED),
                when >= start,
                when < end,
            )
        ).scalar_one()
    )


def left_in_month(moment: datetime) -> int:
    return max(0, monthly_quota() - used_in_month(moment))


@dataclass(frozen=True)
class Plan:
    """What a digest would use: LINE messages against what is left, the rest by e-mail."""

    month: str
    quota: int
    used: int
    wanted: int

    @property
    def left(self) -> int:
        return max(0, self.quota - self.used)

    @property
    def by_line(self) -> int:
        return min(self.wanted, self.left)

    @property
    def by_email_instead(self) -> int:
        return self.wanted - self.by_line


def digest_audience() -> int:
    """Active, linked people who chose LINE for the digest and still want one."""
    return int(
        db.session.execute(
            sa.select(sa.func.count())
            .select_from(Person)
            .join(ChannelChoice, chose_in_sql(Topic.DIGEST, CHANNEL))
            .where(
                Person.is_active_account.is_(True),
                Person.line_user_id.is_not(None),
                Person.digest_frequency != "never",
            )
        ).scalar_one()
    )


def plan(now: datetime, wanted: int) -> Plan:
    """How ``wanted`` LINE messages sent now would fit this month's quota."""
    return Plan(month=month_of(now), quota=monthly_quota(), used=used_in_month(now), wanted=wanted)
