"""A small reader for the pages the event tests fetch (the standard library's parser):
links, form controls, forms and the text inside an element with an id."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"input", "br", "img", "meta", "link", "hr", "source", "area", "col", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""


@dataclass
class Page(HTMLParser):
    html: str
    elements: list[Element] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._open: list[Element] = []
        self.feed(self.html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.elements.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i].tag == tag:
                del self._open[i:]
                break

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.text += data

    def all(self, tag: str, **attrs: str) -> list[Element]:
        return [
            e for e in self.elements
            if e.tag == tag and all(e.attrs.get(k.rstrip("_")) == v for k, v in attrs.items())
        ]  # fmt: skip

    def by_id(self, element_id: str) -> Element | None:
        found = [e for e in self.elements if e.attrs.get("id") == element_id]
        return found[0] if found else None

    def links(self) -> dict[str, str]:
        """href → link text (whitespace squeezed)."""
        return {e.attrs.get("href", ""): " ".join(e.text.split()) for e in self.all("a")}

    def form_actions(self) -> list[str]:
        return [e.attrs.get("action", "") for e in self.all("form")]

    def text(self) -> str:
        body = self.all("body")
        return " ".join((body[0].text if body else self.html).split())
