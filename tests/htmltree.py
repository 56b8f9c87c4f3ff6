"""A small HTML reader for tests: the page as an ElementTree, built by ``html.parser``."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # nosec B405 - builds a tree, parses no XML
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.builder = ET.TreeBuilder()
        self.open: list[str] = []
        self.builder.start("document", {})

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.builder.start(tag, {k: v or "" for k, v in attrs})
        if tag in VOID:
            self.builder.end(tag)
        else:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.builder.start(tag, {k: v or "" for k, v in attrs})
        self.builder.end(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.open:
            return
        while self.open:
            top = self.open.pop()
            self.builder.end(top)
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        self.builder.data(data)


def parse(html: str | bytes) -> ET.Element:
    """The document's root element (``<document>``) holding the page."""
    reader = _Reader()
    reader.feed(html.decode() if isinstance(html, bytes) else html)
    reader.close()
    while reader.open:
        reader.builder.end(reader.open.pop())
    reader.builder.end("document")
    return reader.builder.close()


def text(element: ET.Element) -> str:
    """All text inside ``element``, whitespace collapsed."""
    return " ".join("".join(element.itertext()).split())


def by_id(root: ET.Element, ident: str) -> ET.Element:
    for element in root.iter():
        if element.get("id") == ident:
            return element
    raise AssertionError(f"no element with id {ident!r}")


def with_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in (e.get("class") or "").split()]
