"""Where map tiles come from, for the CSP (kept free of app imports: security.py uses it)."""

from __future__ import annotations

from urllib.parse import urlsplit


def tile_origin(tile_url: str) -> str | None:
    """The ``scheme://host`` a Leaflet tile URL template loads from (``{s}`` becomes
    ``*``), for the CSP's img-src; None when there are no tiles or the template is
    relative (same site)."""
    if not tile_url:
        return None
    parts = urlsplit(tile_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    host = parts.netloc.replace("{s}", "*")
    return f"{parts.scheme}://{host}"
