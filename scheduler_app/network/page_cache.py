"""The network pages' bodies, rendered once per network version, language and choice.

The pages only show the stored computation, introductions, members' names and, on the
participation page, events and registrations: all of them move ``NetworkState.version``
in the same transaction as the change (``versioning``), and a recompute moves
``computed_version`` and ``computed_at``. A request reads that one row first (the pages
read it anyway), then, on a miss, the data; so, as with the feeds' and map's caches
(``feeds/cache.py``), a worker never serves a body older than the version it compared
against. Each worker keeps a small LRU (``core.render_cache``); a repeat view costs the
version read and a string copy instead of ordering 82,850 members and rendering 50 rows.

Bodies that depend on the time (ties "active in the last 12 months", a participation
period) expire at the next UTC hour, like the map's layers. A cached body holds no
per-person data: the CSRF token is a mark replaced on the way out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask, current_app
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from scheduler_app.core.render_cache import RenderCache
from scheduler_app.extensions import db
from scheduler_app.i18n import current_locale
from scheduler_app.network.models import NetworkState

# Put where a form's CSRF token goes in a cached body; no page text contains it.
CSRF_MARK = "\x00csrf-token\x00"
Version = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class Body:
    html: str
    version: Version
    expires_at: datetime
    etag: str = ""


class BodyCache(RenderCache[Body]):
    """This app's rendered network page bodies (see ``core.render_cache``)."""


def cache_for(app: Flask | None = None, downloads: bool = False) -> BodyCache:
    """This app's cache of page bodies, or of downloads (a few, each up to megabytes at
    national size); one per app, so test apps never share them."""
    app = app or current_app
    if downloads:
        size = app.config.get("NETWORK_DOWNLOAD_CACHE_SIZE", 8)
        return BodyCache.shared(app.extensions, "network_downloads", size)
    size = app.config.get("NETWORK_PAGE_CACHE_SIZE", 256)
    return BodyCache.shared(app.extensions, "network_pages", size)


def current_version() -> Version:
    """The activities' version and the stored computation's (one primary-key read, shared
    with the page through the session's identity map)."""
    row = db.session.get(NetworkState, 1)
    if row is None:
        return (0, 0, "")
    at = row.computed_at.isoformat() if row.computed_at else ""
    return (row.version, row.computed_version, at)


def next_hour(now: datetime) -> datetime:
    return now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)


def cached(
    page: str, choice: str, now: datetime, render: Callable[[], str], download: bool = False
) -> Body:
    """What ``render()`` made for ``page`` and ``choice`` (the page's normalised
    arguments) in the reader's language: from the cache while the network's version is
    unchanged and the hour has not turned, else rendered now."""
    cache = cache_for(downloads=download)
    version = current_version()
    key = (f"{page}?{choice}", current_locale())
    found = cache.get(key, version, now)
    if found is None:
        text = render()
        etag = hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]
        found = Body(html=text, version=version, expires_at=next_hour(now), etag=etag)
        cache.put(key, found)
    return found


def body(page: str, choice: str, now: datetime, render: Callable[[], str]) -> Markup:
    """A page's body (see ``cached``); ``render()`` must put ``CSRF_MARK`` for tokens."""
    html = cached(page, choice, now, render).html
    if CSRF_MARK in html:
        html = html.replace(CSRF_MARK, generate_csrf())
    # The body was rendered by Jinja with autoescaping; only the mark was replaced.
    return Markup(html)  # noqa: S704  # nosec B704
