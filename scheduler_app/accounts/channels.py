"""Channels a message may reach a person by, and the person's choice per topic.

E-mail is built in. Other channels (LINE, in ``scheduler_app/line``) sit in a higher
layer, so they *register* here at app start (``register``) rather than being imported:
``mail_preferences.queue_for_person`` asks every enabled channel whether the person
wants this topic there and lets it queue its own outbox row.

A choice is a ``ChannelChoice`` row (person, topic, channel → wanted, chosen at) and,
because it counts as consent under Thai data-protection law, every change also writes a
``ConsentRecord`` with purpose ``<channel>:<topic>`` under the current notice. No row
means the default: e-mail as the older per-category preferences say, other channels off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

import sqlalchemy as sa
from flask import Flask, current_app
from flask_babel import lazy_gettext as _l

from scheduler_app.accounts.models import ChannelChoice, Person
from scheduler_app.accounts.notices import current_version
from scheduler_app.accounts.privacy_models import ConsentRecord
from scheduler_app.extensions import db

EMAIL = "email"


class Topic(StrEnum):
    INVITATIONS = "invitations"
    REMINDERS = "reminders"
    DIGEST = "digest"
    FOLLOWUPS = "followups"
    INTRODUCTIONS = "introductions"


TOPIC_OF_KIND: dict[str, Topic] = {
    "event_registered": Topic.INVITATIONS,
    "event_promoted": Topic.INVITATIONS,
    "event_waitlisted": Topic.INVITATIONS,
    "event_unregistered": Topic.INVITATIONS,
    "event_changed": Topic.INVITATIONS,
    "event_cancelled": Topic.INVITATIONS,
    "reminder": Topic.REMINDERS,
    "digest": Topic.DIGEST,
    "thank_you_survey": Topic.FOLLOWUPS,
    "we_miss_you": Topic.FOLLOWUPS,
    "introduction": Topic.INTRODUCTIONS,
    "introduction_accepted": Topic.INTRODUCTIONS,
}


def topic_labels() -> dict[str, str]:
    """Topic → its translated name."""
    return {
        Topic.INVITATIONS.value: str(_l("Invitations and changes to my registrations")),
        Topic.REMINDERS.value: str(_l("Reminders before events I registered for")),
        Topic.DIGEST.value: str(_l("Digest of upcoming events")),
        Topic.FOLLOWUPS.value: str(_l("Thank-you notes, surveys and invitations to come back")),
        Topic.INTRODUCTIONS.value: str(_l("Introductions to other organisations")),
    }


def consent_labels() -> dict[str, str]:
    """Consent purposes ``<channel>:<topic>`` → a translated line for the privacy page."""
    labels = {}
    for topic, label in topic_labels().items():
        labels[f"{EMAIL}:{topic}"] = str(_l("E-mail: %(topic)s", topic=label))
        labels[f"line:{topic}"] = str(_l("LINE: %(topic)s", topic=label))
    return labels


# Topics whose e-mail choice is a ``ChannelChoice`` row. Reminders and follow-ups keep it
# in the older per-category switches on ``Person`` (the unsubscribe links turn those off);
# their rows here are the dated record of each choice.
EMAIL_CHOICE_TOPICS = frozenset({Topic.INVITATIONS, Topic.DIGEST, Topic.INTRODUCTIONS})


def email_choice_off(person: Person, topic: Topic | str) -> bool:
    """Whether ``person`` turned e-mail off for ``topic`` where that is a choice row."""
    return topic in EMAIL_CHOICE_TOPICS and choice(person, topic, EMAIL) is False


def topic_of(kind: str) -> Topic | None:
    """The topic a kind of message belongs to (None: account mail, always by e-mail)."""
    return TOPIC_OF_KIND.get(kind)


@dataclass(frozen=True)
class Outgoing:
    """One message for one person, as ``mail_preferences.queue_for_person`` hands it to
    each channel the person chose for its topic."""

    kind: str
    person: Person
    context: dict[str, Any]
    dedupe_key: str
    send_after: datetime | None
    email_wanted: bool  # it goes by e-mail as well


class PersonChannel(Protocol):
    """A channel besides e-mail that registered itself (see ``register``)."""

    name: str

    def enabled(self) -> bool:
        """Whether the channel is configured in this app."""

    def wants(self, person: Person, topic: Topic) -> bool:
        """Whether ``person`` can and chose to get ``topic`` by this channel."""

    def queue(self, message: Outgoing) -> bool:
        """Queue the message; False when it cannot (quota), so e-mail goes instead."""


def register(app: Flask, channel: PersonChannel) -> None:
    """Add ``channel`` to ``app`` (called from the app factory)."""
    app.extensions.setdefault("person_channels", {})[channel.name] = channel


def enabled_channels() -> list[PersonChannel]:
    """The registered channels that are configured."""
    found: dict[str, PersonChannel] = current_app.extensions.get("person_channels", {})
    return [channel for channel in found.values() if channel.enabled()]


def choices_of(person: Person) -> dict[tuple[str, str], bool]:
    """(topic, channel) → wanted, for every choice ``person`` made (loaded once per
    session with the person)."""
    return {(row.topic, row.channel): row.wanted for row in person.channel_choices}


def chose_in_sql(topic: Topic | str, channel: str) -> sa.ColumnElement[bool]:
    """Join condition from ``Person`` to their choice of ``channel`` for ``topic``: only
    people who chose it remain (for counting audiences in one query)."""
    return sa.and_(
        ChannelChoice.person_id == Person.id,
        ChannelChoice.topic == str(topic),
        ChannelChoice.channel == channel,
        ChannelChoice.wanted.is_(True),
    )


def choice(person: Person, topic: Topic | str, channel: str) -> bool | None:
    """The person's choice of ``channel`` for ``topic``; None when never made."""
    for row in person.channel_choices:
        if row.topic == str(topic) and row.channel == channel:
            return row.wanted
    return None


def set_choice(
    person: Person, topic: Topic | str, channel: str, wanted: bool, now: datetime
) -> bool:
    """Record the choice and its consent (no commit); returns whether it changed."""
    row = next(
        (r for r in person.channel_choices if r.topic == str(topic) and r.channel == channel),
        None,
    )
    if row is not None and row.wanted == wanted:
        return False
    if row is None:
        row = ChannelChoice(topic=str(topic), channel=channel)
        person.channel_choices.append(row)
    row.wanted, row.chosen_at = wanted, now
    db.session.add(
        ConsentRecord(
            person_id=person.id,
            purpose=f"{channel}:{topic}",
            is_given=wanted,
            notice_version=current_version(),
            recorded_at=now,
        )
    )
    return True
