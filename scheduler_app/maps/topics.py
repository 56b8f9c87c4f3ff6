"""The topic filter's plug: the map filters members by topic once a topic model exists.

The map does not own topics. The package that does registers a :class:`TopicSource` at
start-up (``register_topic_source(app, source)``); until then the topic filter is hidden
and a ``topic`` argument is ignored. Topic assignments must move the data version
(``feeds.cache``) when they change, as every model the map shows does, or the cached
layers keep the old answer until the next change elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from flask import Flask, current_app

EXTENSION_KEY = "maps.topic_source"


@dataclass(frozen=True)
class TopicSource:
    """``choices(locale)`` → ``[(code, label), ...]``; ``member_ids(code)`` → a SELECT of
    the ids of members that have the topic (used as ``Member.id IN (...)``)."""

    choices: Callable[[str], Sequence[tuple[str, str]]]
    member_ids: Callable[[str], sa.Select[tuple[int]]]


def register_topic_source(app: Flask, source: TopicSource) -> None:
    app.extensions[EXTENSION_KEY] = source


def topic_source() -> TopicSource | None:
    source = current_app.extensions.get(EXTENSION_KEY)
    return source if isinstance(source, TopicSource) else None
