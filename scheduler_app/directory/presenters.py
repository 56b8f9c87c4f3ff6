"""Display helpers for directory pages: the locator map, initials, map links, the tree of
sub-members."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from markupsafe import Markup, escape

from scheduler_app.core.geography import Gazetteer
from scheduler_app.core.hierarchy import TreeNode
from scheduler_app.core.mapping import Bounds, fit_frame, project

MAP_WIDTH = 320.0
MAP_PADDING = 12.0
# Thai vowels written before the consonant they follow in speech (เ แ โ ใ ไ).
LEADING_VOWELS = frozenset("เแโใไ")


@dataclass(frozen=True)
class LocatorMap:
    """What the template needs to draw an inline SVG of the province with one pin."""

    width: float
    height: float
    dots: tuple[tuple[float, float], ...]
    pin: tuple[float, float]
    is_inside: bool


def locator_map(gaz: Gazetteer, lat: float | None, lon: float | None) -> LocatorMap | None:
    """Every sub-district of the province as a dot and (lat, lon) as the pin."""
    if lat is None or lon is None:
        return None
    bounds = Bounds(*gaz.bounds())
    frame = fit_frame(bounds, MAP_WIDTH, MAP_PADDING)
    dots = tuple(project(frame, s.lat, s.lon) for s in gaz.all_subdistricts())
    return LocatorMap(
        width=frame.width,
        height=round(frame.height, 2),
        dots=dots,
        pin=project(frame, lat, lon),
        is_inside=frame.bounds.contains(lat, lon),
    )


def osm_url(lat: float, lon: float, zoom: int = 15) -> str:
    """A link to OpenStreetMap with a marker at (lat, lon)."""
    return (
        f"https://www.openstreetmap.org/?mlat={lat:.5f}&mlon={lon:.5f}"
        f"#map={zoom}/{lat:.5f}/{lon:.5f}"
    )


def _first_letter(name: str) -> str:
    for char in name.strip():
        if char not in LEADING_VOWELS:
            return char.upper()
    return ""


def initials(given_name: str, family_name: str) -> str:
    """Up to two letters for a photo placeholder, skipping Thai leading vowels."""
    return _first_letter(given_name) + _first_letter(family_name)


class TreeEntry(Protocol):
    id: int
    kind: str
    is_active: bool

    def display_name(self, locale: str) -> str: ...


def tree_html(
    tree: TreeNode,
    lookup: Mapping[int, TreeEntry],
    locale: str,
    *,
    member_url: Callable[[int], str],
    kind_labels: Mapping[str, str],
    inactive: str,
) -> Markup:
    """The nested ``<ul>`` of a member's sub-members, each a link with its kind and an
    "inactive" badge. Built here rather than by a recursive Jinja macro: a province
    network has a thousand members below it, and the macro took ~150 µs a member."""
    badge = f' <span class="badge badge-warn">{escape(inactive)}</span>'
    labels = {kind: str(escape(label)) for kind, label in kind_labels.items()}
    out: list[str] = []

    def add(node: TreeNode) -> None:
        if not node.children:
            return
        out.append("<ul>\n")
        for child in node.children:
            entry = lookup[child.id]
            out.append(
                f'  <li><a href="{escape(member_url(entry.id))}">'
                f"{escape(entry.display_name(locale))}</a>\n"
                f'    <span class="muted">({labels.get(entry.kind, "")})</span>'
                f"{'' if entry.is_active else badge}\n"
            )
            add(child)
            out.append("  </li>\n")
        out.append("</ul>\n")

    add(tree)
    # Every value above is escaped.
    return Markup("".join(out))  # noqa: S704  # nosec B704
