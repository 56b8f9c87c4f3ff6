"""Link previews: Open Graph and Twitter card tags on event, member and map pages, the
card picture behind og:image, and the plain share links on event pages."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image

from scheduler_app.core import share_card
from scheduler_app.extensions import db
from scheduler_app.main.share import FONTS
from tests.events.conftest import build_event

BASE = "https://ruamjai.example.org"


class MetaReader(HTMLParser):
    """og:*/twitter:* tags, the canonical link and every <a href> on a page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.anchors: list[dict[str, str]] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("property" in a or "name" in a):
            self.meta[a.get("property") or a["name"]] = a.get("content", "")
        elif tag == "link" and "rel" in a:
            self.links[a["rel"]] = a.get("href", "")
        elif tag == "a":
            self.anchors.append(a)
        elif tag == "script":
            self.scripts.append(a.get("src", ""))


def read(response) -> MetaReader:
    assert response.status_code == 200
    reader = MetaReader()
    reader.feed(response.get_data(as_text=True))
    return reader


@pytest.fixture
def app_with_base(app):
    app.config["BASE_URL"] = BASE
    return app


@pytest.fixture
def event(app_with_base, make_member, make_venue):
    host = make_member(name_th="เทศบาลตำบลด่านซ้าย", name_en="Dan Sai")
    venue = make_venue(name_th="ศาลาประชาคมด่านซ้าย", name_en="Dan Sai hall")
    return build_event(
        title_th="แลกเปลี่ยนเรียนรู้ธนาคารขยะ", title_en="Waste bank exchange",
        start_at=datetime(2026, 12, 12, 2, 0, tzinfo=UTC),
        end_at=datetime(2026, 12, 12, 9, 0, tzinfo=UTC),
        host_member_id=host.id, venue_id=venue.id, description="มาเรียนรู้ด้วยกัน",
    )  # fmt: skip


def png_size(data: bytes) -> tuple[int, int]:
    image = Image.open(io.BytesIO(data))
    image.verify()  # raises on a broken file
    assert image.format == "PNG"
    return image.size


def test_event_page_has_thai_open_graph_and_twitter_tags(client, event):
    # An English reader still gets the Thai title and BE date in the preview.
    page = read(client.get(f"/events/{event.id}", headers={"Accept-Language": "en"}))
    m = page.meta
    assert m["og:title"] == "แลกเปลี่ยนเรียนรู้ธนาคารขยะ"
    assert m["og:type"] == "article" and m["og:locale"] == "th_TH"
    assert m["og:url"] == f"{BASE}/events/{event.id}" == page.links["canonical"]
    assert "12 ธ.ค. 2569" in m["og:description"]  # Buddhist Era, Thai month
    assert "09:00" in m["og:description"]  # Bangkok time
    assert "ศาลาประชาคมด่านซ้าย" in m["og:description"]
    assert m["og:image"] == f"{BASE}/share/events/{event.id}.png"
    assert (m["og:image:width"], m["og:image:height"]) == ("1200", "630")
    assert m["twitter:card"] == "summary_large_image"
    assert m["twitter:image"] == m["og:image"] and m["twitter:title"] == m["og:title"]


def test_event_page_has_plain_share_links_without_scripts(client, event):
    page = read(client.get(f"/events/{event.id}"))
    line = next(a for a in page.anchors if "share-line" in a.get("class", ""))
    facebook = next(a for a in page.anchors if "share-facebook" in a.get("class", ""))
    parts = urlsplit(line["href"])
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https", "social-plugins.line.me", "/lineit/share")  # fmt: skip
    assert parse_qs(parts.query)["url"] == [f"{BASE}/events/{event.id}"]
    parts = urlsplit(facebook["href"])
    assert (parts.netloc, parts.path) == ("www.facebook.com", "/sharer/sharer.php")
    assert parse_qs(parts.query)["u"] == [f"{BASE}/events/{event.id}"]
    assert "noopener" in line["rel"] and "noopener" in facebook["rel"]
    assert not [s for s in page.scripts if "facebook" in s or "line.me" in s]


def test_event_card_is_a_cached_png_with_etag(client, event):
    response = client.get(f"/share/events/{event.id}.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert png_size(response.data) == (1200, 630)
    assert "max-age" in response.headers["Cache-Control"]
    etag = response.headers["ETag"]
    again = client.get(f"/share/events/{event.id}.png", headers={"If-None-Match": etag})
    assert again.status_code == 304
    # A new title is a new picture.
    event.title_th = "ชื่อใหม่"
    db.session.commit()
    changed = client.get(f"/share/events/{event.id}.png", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


# Titles a form could store (the column holds 200 characters; PostgreSQL refuses NUL).
HOSTILE = [
    '"><script>alert(1)</script>',
    "\u202eevil\u202c" + "ก" * 190,
    "\x01\x1b[31mred\u200b\u2066",
    "😀" * 50 + " emoji",
    "ที่นี่่่่่่่่่่่่่่่่่่่่่่่่่่่่่่่่่่่่่่",
    "   ",
    "W" * 200,
]


@pytest.mark.parametrize("title", HOSTILE)
def test_hostile_titles_are_escaped_in_tags_and_still_make_a_png(client, event, title):
    event.title_th = title
    event.description = "</title><img src=x onerror=alert(1)>"
    db.session.commit()
    response = client.get(f"/events/{event.id}")
    html = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
    page = read(response)
    assert page.meta["og:title"] == title  # the parser unescapes what was escaped
    assert png_size(client.get(f"/share/events/{event.id}.png").data) == (1200, 630)


def test_draft_event_card_is_hidden_like_its_page(client, event):
    event.status = "draft"
    db.session.commit()
    assert client.get(f"/share/events/{event.id}.png").status_code == 404
    assert client.get("/share/events/999999.png").status_code == 404


def test_member_page_tags_and_card(client, app_with_base, make_member):
    parent = make_member(kind="network", org_type=None, name_th="เครือข่ายเลย")
    member = make_member(name_th="อบต.ปากชม", district_code="4203", parent_id=parent.id)
    page = read(client.get(f"/members/{member.id}", headers={"Accept-Language": "en"}))
    m = page.meta
    assert m["og:title"] == "อบต.ปากชม" and m["og:type"] == "profile"
    assert "เชียงคาน" in m["og:description"]  # the district, in Thai
    assert m["og:url"] == f"{BASE}/members/{member.id}"
    assert m["og:image"] == f"{BASE}/share/members/{member.id}.png"
    assert png_size(client.get(f"/share/members/{member.id}.png").data) == (1200, 630)


def test_map_page_tags_and_card(client, app_with_base):
    page = read(client.get("/map"))
    assert page.meta["og:url"] == f"{BASE}/map"
    assert page.meta["og:title"] == "แผนที่เครือข่าย"
    assert page.meta["og:image"] == f"{BASE}/share/map.png"
    assert png_size(client.get("/share/map.png").data) == (1200, 630)


# ---- the renderer itself (pure) ---------------------------------------------------


def writer() -> share_card.Writer:
    return share_card.Writer(FONTS, 64, bold=True)


def test_thai_wraps_between_clusters_never_before_a_mark_or_after_a_leading_vowel():
    text = "แลกเปลี่ยนเรียนรู้ธนาคารขยะชุมชนเพื่อสิ่งแวดล้อมที่ยั่งยืนของจังหวัดเลย"
    lines = writer().wrap(text, 500, 10)
    assert len(lines) > 1 and "".join(lines) == text
    for line in lines[1:]:
        assert not share_card.unicodedata.combining(line[0])
        assert share_card.unicodedata.category(line[0]) != "Mn"
    for line in lines[:-1]:
        assert line[-1] not in share_card.LEADING_VOWELS
        assert writer().width(line) <= 500


def test_wrap_prefers_spaces_and_ellipsizes_what_does_not_fit():
    lines = writer().wrap("one two three four five six seven eight nine ten", 400, 2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(not line.startswith(" ") for line in lines)


def test_the_renderer_copes_with_text_no_database_would_store():
    card = share_card.Card("\x00" * 10, "ก" * 5000, "\x00\ud7ff" + "W" * 10_000, ("\x00",) * 50)
    png = share_card.render(card, FONTS)
    assert png_size(png) == (1200, 630)


def test_clean_drops_controls_and_bidi_overrides():
    assert share_card.clean("a\x00b\u202ec\u200bd\n\te") == "abcd e"
    assert len(share_card.clean("ก" * 5000)) == share_card.MAX_TEXT


def test_runs_split_thai_and_latin_for_their_fonts():
    assert list(share_card.runs("ครั้งที่ 2/2569 ok")) == [("ครั้งที่ ", True), ("2/2569 ok", False)]


def test_picture_description_names_the_kind_once(client, event):
    from scheduler_app.extensions import db

    kind = read(client.get(f"/events/{event.id}")).meta["og:image:alt"].split(":")[0]
    event.title_th = f"{kind}: ธนาคารขยะ"
    db.session.commit()
    alt = read(client.get(f"/events/{event.id}")).meta["og:image:alt"]
    assert alt.startswith(f"{kind}: ธนาคารขยะ — ") and alt.count(kind) == 1
