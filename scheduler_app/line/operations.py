"""Reading and changing a person's e-mail/LINE choice per topic (no commit).

E-mail for reminders and follow-ups lives in the older switches on ``Person`` (which the
unsubscribe links turn off), the digest's in its frequency plus a choice row; every
change is also written as a dated ``ChannelChoice`` and consent record
(``accounts.channels.set_choice``).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from scheduler_app.accounts import channels
from scheduler_app.accounts.mail_preferences import DigestFrequency, withdraw_unwanted
from scheduler_app.accounts.models import Person
from scheduler_app.extensions import db
from scheduler_app.line.forms import BOTH, EMAIL_ONLY, LINE_ONLY
from scheduler_app.line.settings import CHANNEL
from scheduler_app.mail.models import OutboxMessage, OutboxStatus

Topic = channels.Topic


def email_on(person: Person, topic: Topic) -> bool:
    if channels.email_choice_off(person, topic):
        return False
    if topic is Topic.REMINDERS:
        return person.wants_reminders
    if topic is Topic.FOLLOWUPS:
        return person.wants_followups
    if topic is Topic.DIGEST:
        return person.digest_frequency != DigestFrequency.NEVER
    return True


def line_on(person: Person, topic: Topic) -> bool:
    return bool(channels.choice(person, topic, CHANNEL))


def current(person: Person) -> dict[str, tuple[bool, bool]]:
    """Topic → (by e-mail, by LINE)."""
    return {t.value: (email_on(person, t), line_on(person, t)) for t in Topic}


def apply_choices(person: Person, chosen: dict[str, str], now: datetime) -> int:
    """Set every topic to e-mail, LINE, both or neither; returns how many changed."""
    changed = 0
    for topic in Topic:
        way = chosen[topic.value]
        email, line = way in (EMAIL_ONLY, BOTH), way in (LINE_ONLY, BOTH)
        if email != email_on(person, topic):
            changed += 1
            channels.set_choice(person, topic, channels.EMAIL, email, now)
            if topic is Topic.REMINDERS:
                person.wants_reminders = email
            elif topic is Topic.FOLLOWUPS:
                person.wants_followups = email
        if line != line_on(person, topic):
            changed += 1
            channels.set_choice(person, topic, CHANNEL, line, now)
        if topic is Topic.DIGEST:
            if not (email or line):
                person.digest_frequency = DigestFrequency.NEVER.value
            elif person.digest_frequency == DigestFrequency.NEVER:
                person.digest_frequency = DigestFrequency.MONTHLY.value
    withdraw_unwanted(person)
    _withdraw_unwanted_line(person)
    return changed


def _withdraw_unwanted_line(person: Person) -> None:
    unwanted = [
        kind for kind, topic in channels.TOPIC_OF_KIND.items() if not line_on(person, topic)
    ]
    if unwanted:
        db.session.execute(
            sa.update(OutboxMessage)
            .where(
                OutboxMessage.person_id == person.id,
                OutboxMessage.channel == CHANNEL,
                OutboxMessage.status == OutboxStatus.PENDING.value,
                OutboxMessage.kind.in_(unwanted),
            )
            .values(status=OutboxStatus.WITHDRAWN.value)
            .execution_options(synchronize_session=False)
        )
