"""What a link shows when pasted into Facebook or a LINE chat: Open Graph and Twitter
card tags for event, member and map pages (Thai title, a description with the Buddhist
Era date and the place, absolute URLs from ``BASE_URL``), the card picture behind
``og:image`` rendered with Pillow and kept per worker, and plain share links (no
scripts, no tracking)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from flask import Response, abort, current_app, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from scheduler_app.core import share_card
from scheduler_app.core.render_cache import RenderCache
from scheduler_app.directory.forms import KIND_LABELS, ORG_TYPE_LABELS
from scheduler_app.directory.models import Member
from scheduler_app.events.display import when
from scheduler_app.events.labels import all_labels
from scheduler_app.events.models import Event
from scheduler_app.events.permissions import can_view_event
from scheduler_app.extensions import db, utcnow
from scheduler_app.i18n import gazetteer
from scheduler_app.main.views import bp
from scheduler_app.web import site_url

FONT_DIR = Path(__file__).resolve().parents[2] / "static" / "fonts"
FONTS = share_card.Fonts(
    thai=FONT_DIR / "sarabun-thai-400-normal.woff2",
    thai_bold=FONT_DIR / "sarabun-thai-700-normal.woff2",
    latin=FONT_DIR / "sarabun-latin-400-normal.woff2",
    latin_bold=FONT_DIR / "sarabun-latin-700-normal.woff2",
)
CACHE_ENTRIES = 256
MAX_AGE = 3600  # seconds browsers and link previews may keep a card
DESCRIPTION_LIMIT = 300
LINE_SHARE = "https://social-plugins.line.me/lineit/share?url="
FACEBOOK_SHARE = "https://www.facebook.com/sharer/sharer.php?u="


@dataclass(frozen=True)
class Share:
    """The tags of one page; every URL absolute."""

    title: str
    description: str
    url: str
    image: str
    image_alt: str
    kind: str = "website"  # og:type

    @property
    def line_url(self) -> str:
        return LINE_SHARE + quote(self.url, safe="")

    @property
    def facebook_url(self) -> str:
        return FACEBOOK_SHARE + quote(self.url, safe="")


@dataclass(frozen=True)
class CardRendering:
    version: object
    expires_at: datetime
    png: bytes
    etag: str


def _brand() -> str:
    return "ร่วมใจ · Ruamjai"


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= DESCRIPTION_LIMIT else text[: DESCRIPTION_LIMIT - 1] + "…"


def _event_facts(event: Event) -> tuple[str, str, str]:
    """(kind label, BE date and time, place), in Thai whatever the reader's language."""
    with force_locale("th"):
        kind = str(all_labels()["kind"].get(event.kind, ""))
        date_text = when(event)
    place = event.venue.display_name("th") if event.venue else ""
    host = event.host_member.display_name("th") if event.host_member else ""
    return kind, date_text, place or host


def event_card(event: Event) -> share_card.Card:
    kind, date_text, place = _event_facts(event)
    host = event.host_member.display_name("th") if event.host_member else ""
    with force_locale("th"):
        host_line = _("Host: %(name)s", name=host) if host and host != place else ""
        cancelled = _("Cancelled") if event.is_cancelled else ""
    label = f"{kind} · {cancelled}" if cancelled else kind
    return share_card.Card(_brand(), label, event.title_th, (date_text, place, host_line))


def _with_kind(kind: str, title: str) -> str:
    """``"ศึกษาดูงาน: title"``, without saying the kind twice when the title starts with it."""
    return title if title.startswith(kind) else f"{kind}: {title}"


def event_share(event: Event) -> Share:
    kind, date_text, place = _event_facts(event)
    description = " · ".join(p for p in (date_text, place, event.description or "") if p)
    return Share(
        title=event.title_th,
        description=_shorten(description),
        url=site_url(url_for("events.show", event_id=event.id)),
        image=site_url(url_for("main.event_card_png", event_id=event.id)),
        image_alt=f"{_with_kind(kind, event.title_th)} — {date_text}",
        kind="article",
    )


def _member_place(member: Member) -> str:
    district = gazetteer().district(member.district_code)
    return district.name_th if district else ""


def member_card(member: Member) -> share_card.Card:
    with force_locale("th"):
        label = ORG_TYPE_LABELS.get(member.org_type or "") or KIND_LABELS.get(member.kind, "")
        kind = str(label)
        district = _member_place(member)
        place = _("District %(name)s", name=district) if district else ""
    parent = member.parent.display_name("th") if member.parent else ""
    return share_card.Card(_brand(), kind, member.name_th, (place, parent))


def member_share(member: Member) -> Share:
    card = member_card(member)
    description = " · ".join(p for p in (*card.lines, member.description or "") if p)
    return Share(
        title=member.name_th,
        description=_shorten(description or card.label),
        url=site_url(url_for("directory.show", member_id=member.id)),
        image=site_url(url_for("main.member_card_png", member_id=member.id)),
        image_alt=f"{card.label}: {member.name_th}",
        kind="profile",
    )


def map_card() -> share_card.Card:
    with force_locale("th"):
        return share_card.Card(
            _brand(),
            _("Map"),
            _("Network map"),
            (_("Members, venues, knowledge-exchange centres and upcoming activities"),),
        )


def map_share() -> Share:
    card = map_card()
    return Share(
        title=card.title,
        description=card.lines[0],
        url=site_url(url_for("maps.index")),
        image=site_url(url_for("main.map_card_png")),
        image_alt=card.title,
    )


def _png(key: tuple[str, str], card: share_card.Card) -> Response:
    """The card as PNG: rendered once per worker per content, then served from memory;
    304 when the browser or the link previewer already has it."""
    cache: RenderCache[CardRendering] = RenderCache.shared(
        current_app.extensions, "share_cards", CACHE_ENTRIES
    )
    now = utcnow()
    found = cache.get(key, card, now)
    if found is None:
        png = share_card.render(card, FONTS)
        etag = hashlib.sha256(png).hexdigest()[:32]
        found = CardRendering(card, now + timedelta(days=1), png, etag)
        cache.put(key, found)
    response = Response(found.png, mimetype="image/png")
    response.set_etag(found.etag)
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response.make_conditional(request)  # type: ignore[no-any-return]


@bp.get("/share/events/<int:event_id>.png")
def event_card_png(event_id: int) -> Response:
    """The picture a shared event link shows (drafts: 404 to those who may not see them)."""
    event = db.get_or_404(Event, event_id)
    if not can_view_event(current_user, event):
        abort(404)
    return _png(("event", str(event.id)), event_card(event))


@bp.get("/share/members/<int:member_id>.png")
def member_card_png(member_id: int) -> Response:
    member = db.get_or_404(Member, member_id)
    return _png(("member", str(member.id)), member_card(member))


@bp.get("/share/map.png")
def map_card_png() -> Response:
    return _png(("map", ""), map_card())


@bp.app_context_processor
def inject_share() -> dict[str, Any]:
    return {"event_share": event_share, "member_share": member_share, "map_share": map_share}
