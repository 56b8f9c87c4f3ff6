"""The topic filter's plug: the map filters members by topic.

The map does not own topics; the directory does (``directory/profile_models.py``: the
shared list and each member's topics of interest and expertise). ``directory_topics()``
is the source the map registers at start-up; a test or another deployment may register
another :class:`TopicSource`. With no topics in the list the filter is hidden and a
``topic`` argument is ignored. Topic assignments must move the data version
(``feeds.cache``) when they change, as every model the map shows does, or the cached
layers keep the old answer until the next change elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from flask import Flask, current_app

from scheduler_app.directory.profile_models import MemberTopic, Topic
from scheduler_app.extensions import db

EXTENSION_KEY = "maps.topic_source"


@dataclass(frozen=True)
class TopicSource:
    """``choices(locale)`` → ``[(code, label), ...]``; ``member_ids(code)`` → a SELECT of
    the ids of members that have the topic (used as ``Member.id IN (...)``)."""

    choices: Callable[[str], Sequence[tuple[str, str]]]
    member_ids: Callable[[str], sa.Select[tuple[int]]]


def directory_topics() -> TopicSource:
    """Topics from the directory's shared list; a member has a topic of interest or of
    expertise (either counts on the map)."""

    def choices(locale: str) -> list[tuple[str, str]]:
        topics = db.session.execute(
            sa.select(Topic).where(Topic.is_active).order_by(Topic.name_th)
        ).scalars()
        return [(t.code, t.name_en if locale == "en" and t.name_en else t.name_th) for t in topics]

    def member_ids(code: str) -> sa.Select[tuple[int]]:
        return (
            sa.select(MemberTopic.member_id)
            .join(Topic, Topic.id == MemberTopic.topic_id)
            .where(Topic.code == code)
        )

    return TopicSource(choices=choices, member_ids=member_ids)


def register_topic_source(app: Flask, source: TopicSource) -> None:
    app.extensions[EXTENSION_KEY] = source


def topic_source() -> TopicSource | None:
    source = current_app.extensions.get(EXTENSION_KEY)
    return source if isinstance(source, TopicSource) else None
