"""What the directory tells, and asks, the areas above it.

- ``member_changed``: sender the ``Member`` that was added, edited, (de)activated or
  whose chart changed; feeds and the network picture listen.
- ``member_page``: sender the ``Member`` whose page is being shown. Areas that know
  more about a member (study visits, the network) return a ``PageSection`` to add to its
  page, so the directory never imports them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from blinker import Namespace

_directory = Namespace()

member_changed = _directory.signal("member-changed")
member_page = _directory.signal("member-page")


@dataclass(frozen=True)
class PageSection:
    """A template to include in a member's page, with its own values."""

    template: str
    order: int = 100
    values: dict[str, Any] = field(default_factory=dict)


def member_page_sections(member: Any) -> list[PageSection]:
    """The sections other areas add to ``member``'s page, in their order."""
    found = [result for _receiver, result in member_page.send(member) if result]
    return sorted(found, key=lambda section: section.order)
