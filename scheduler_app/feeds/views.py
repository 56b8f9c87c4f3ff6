"""Calendar feeds and ``.ics`` downloads; public except the token feed, read-only."""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from flask import Blueprint, Response, abort, current_app, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.http import http_date

from scheduler_app.accounts.models import Person
from scheduler_app.core import ical
from scheduler_app.directory.models import Member
from scheduler_app.events.labels import KIND_LABELS
from scheduler_app.events.models import EventKind
from scheduler_app.extensions import db, utcnow
from scheduler_app.feeds import cache, content, services, shared_vevents
from scheduler_app.feeds.rows import FeedData
from scheduler_app.feeds.services import Condition
from scheduler_app.web import base_url, site_url

bp = Blueprint("feeds", __name__)
log = logging.getLogger(__name__)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
Title = Callable[[FeedData], str]
Where = Callable[[], Condition]  # built only on a cache miss


def _setup(state: Any) -> None:
    cache.install()


bp.record_once(_setup)


@bp.get("/events/<int:event_id>.ics")
def event_ics(event_id: int) -> Response:
    """One event (with its stops or sessions) as a download."""
    return _serve(
        f"event:{event_id}",
        lambda: services.single_event(event_id),
        lambda data: content.title_of(data.events[0], _lang()),
        download=f"ruamjai-event-{event_id}.ics",
        missing_is_404=True,
    )


@bp.get("/feeds/all.ics")
def all_events() -> Response:
    """Every published event."""
    return _serve("all", lambda: services.all_events(utcnow()), lambda _d: _("Ruamjai: all events"))


@bp.get("/feeds/kind/<kind>.ics")
def kind_events(kind: str) -> Response:
    """Published events of one kind."""
    if kind not in {k.value for k in EventKind}:
        abort(404)
    return _serve(
        f"kind:{kind}",
        lambda: services.kind_events(kind, utcnow()),
        lambda _d: _("Ruamjai: %(kind)s", kind=str(KIND_LABELS[kind])),
    )


@bp.get("/feeds/member/<int:member_id>.ics")
def member_events(member_id: int) -> Response:
    """Events a member and its sub-networks host or take part in."""
    member = db.get_or_404(Member, member_id)
    names = (member.name_th, member.name_en)
    return _serve(
        f"member:{member_id}",
        lambda: services.member_events(member_id, utcnow()),
        lambda _d: _("Ruamjai: %(member)s", member=_pick(names)),
    )


@bp.get("/feeds/u/<token>.ics")
def person_events(token: str) -> Response:
    """A person's own events, at a secret address; an unknown or replaced token is a 404."""
    if len(token) > 64:
        abort(404)
    found = cache.feed_person(token, cache.current_version(), lambda: _feed_person(token))
    if found is None:
        abort(404)
    person_id, member_id = found
    response = _serve(
        f"person:{person_id}",
        lambda: services.person_events(person_id, member_id, utcnow()),
        lambda _d: _("Ruamjai: my events"),
        person_id=person_id,
        private=True,
    )
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _feed_person(token: str) -> tuple[int, int | None] | None:
    found = db.session.execute(
        sa.select(Person.id, Person.member_id).where(
            Person.feed_token == token, Person.is_active_account
        )
    ).first()
    return None if found is None else (found.id, found.member_id)


@bp.app_template_global()
def feed_links(endpoint: str, **values: Any) -> dict[str, str]:
    """The https, webcal and Google Calendar "add by URL" links of a feed."""
    https = site_url(url_for(endpoint, **values))
    webcal = "webcal://" + https.split("://", 1)[1]
    google = "https://calendar.google.com/calendar/r?cid=" + quote(webcal, safe="")
    return {"https": https, "webcal": webcal, "google": google}


# --- serving ------------------------------------------------------------------------


def _lang() -> str:
    lang = request.args.get("lang", "th")
    return lang if lang in content.LANGUAGES else "th"


def _pick(names: tuple[str, str]) -> str:
    return names[1] if _lang() == "en" and names[1] else names[0]


def _serve(
    key: str,
    condition: Where,
    title: Title,
    *,
    person_id: int | None = None,
    private: bool = False,
    download: str | None = None,
    missing_is_404: bool = False,
) -> Response:
    lang = _lang()
    now = utcnow()
    version = cache.current_version()  # before the data: see feeds/cache.py
    store = cache.cache_for()
    # Links in a feed carry the site's address, which is per host while BASE_URL is unset.
    slot = (f"{key}@{base_url()}", lang)
    rendered = store.get(slot, version, now)
    max_age = current_app.config.get("FEEDS_MAX_AGE", 900)
    if rendered is not None and _client_has(rendered):
        return _not_modified(rendered, max_age, private, download)
    if rendered is None:
        started = time.perf_counter()
        vevents = shared_vevents.DatabaseVevents(db.session)
        with _gc_paused():
            rendered = _render(
                condition, title, lang, version, now, person_id, missing_is_404, vevents
            )
        _keep_vevents(vevents)
        store.put(slot, rendered)
        _log_render(key, lang, len(rendered.body), time.perf_counter() - started)
    response = Response(
        rendered.body,
        content_type="text/calendar; charset=utf-8",
        headers=_caching(max_age, private, download),
    )
    response.set_etag(rendered.etag)
    response.last_modified = rendered.last_modified
    response.make_conditional(request)  # in place: may turn it into a 304
    return response


def _caching(max_age: int, private: bool, download: str | None) -> dict[str, str]:
    """What a feed answer (200 or 304) says about caching it, and its file name."""
    headers = {"Cache-Control": f"{'private' if private else 'public'}, max-age={max_age}"}
    if download:
        headers["Content-Disposition"] = f'attachment; filename="{download}"'
    return headers


def _client_has(rendered: cache.Rendered) -> bool:
    """The poll names this rendering's ETag in ``If-None-Match`` (weak comparison, as
    ``make_conditional``): the common calendar-app poll, answered without the body."""
    return (
        request.method in ("GET", "HEAD")
        and "If-None-Match" in request.headers
        and request.if_none_match.contains_weak(rendered.etag)
    )


def _not_modified(
    rendered: cache.Rendered, max_age: int, private: bool, download: str | None
) -> Response:
    """The 304 ``make_conditional`` would make from the full response, built directly:
    the validators and caching headers, no body, no entity headers (issue 16: a 304 poll
    as cheap as a hello-world page)."""
    headers = {
        "Date": http_date(),  # as make_conditional adds
        "ETag": f'"{rendered.etag}"',
        **_caching(max_age, private, download),
    }
    return Response(status=304, headers=headers)


def _log_render(key: str, lang: str, size: int, seconds: float) -> None:
    log.info(
        "feed %s (%s) rendered: %d bytes in %.1fms",
        key, lang, size, seconds * 1000,
        extra={"feed": key, "lang": lang, "bytes": size, "ms": round(seconds * 1000, 2)},
    )  # fmt: skip


def _keep_vevents(vevents: shared_vevents.DatabaseVevents) -> None:
    """Store newly serialised VEVENTs for every worker. Only a cache: when the write fails
    (a locked SQLite file, a lost connection) the feed is served all the same."""
    if not vevents.pending:
        return
    try:
        shared_vevents.save(vevents)
        db.session.commit()
    except sa.exc.DBAPIError:
        db.session.rollback()
        log.warning("feed VEVENTs not stored", exc_info=True)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection during a render: it allocates many short-lived objects
    per VEVENT (row values, and on a memo miss icalendar's components and content lines),
    all freed by reference counting, so the collector's passes over them are wasted."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _render(
    condition: Where,
    title: Title,
    lang: str,
    version: cache.Version,
    now: datetime,
    person_id: int | None,
    missing_is_404: bool,
    vevents: shared_vevents.DatabaseVevents,
) -> cache.Rendered:
    data = services.load_feed(condition(), person_id=person_id)
    if missing_is_404 and not data.events:
        abort(404)
    site = content.Site.from_base_url(base_url())
    with force_locale(lang):
        spec = ical.CalendarSpec(name=title(data), language=lang)
    labels = content.labels_for(lang)
    events = content.calendar_events(data, labels, site)
    body = ical.build_calendar(spec, events, now, vevents)
    stamps = [version.changed_at or EPOCH, *(e.last_modified for e in events)]
    # Time alone drops old cancellations at UTC midnight: never claim an older date.
    expires_at = cache.next_utc_midnight(now)
    last_modified = max(*stamps, expires_at - timedelta(days=1))
    return cache.Rendered(
        body=body,
        etag=cache.etag_of(body),
        last_modified=last_modified.replace(microsecond=0),
        version=version,
        expires_at=expires_at,
    )
