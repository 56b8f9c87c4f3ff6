"""The per-worker LRU of renderings behind the map layers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from scheduler_app.core.render_cache import RenderCache

NOW = datetime(2026, 1, 1, 9, tzinfo=UTC)


@dataclass(frozen=True)
class _Made:
    version: int
    expires_at: datetime


def test_a_rendering_is_served_while_its_version_matches_and_until_it_expires() -> None:
    cache: RenderCache[_Made] = RenderCache(4)
    made = _Made(1, NOW + timedelta(hours=1))
    cache.put(("th", "all"), made)
    assert cache.get(("th", "all"), 1, NOW) is made
    assert cache.get(("th", "all"), 2, NOW) is None
    assert cache.get(("th", "all"), 1, NOW + timedelta(hours=1)) is None
    assert cache.get(("en", "all"), 1, NOW) is None


def test_the_least_recently_used_rendering_goes_first() -> None:
    cache: RenderCache[_Made] = RenderCache(2)
    later = NOW + timedelta(hours=1)
    cache.put(("th", "a"), _Made(1, later))
    cache.put(("th", "b"), _Made(1, later))
    assert cache.get(("th", "a"), 1, NOW) is not None  # "a" is now the most recent
    cache.put(("th", "c"), _Made(1, later))
    assert cache.get(("th", "b"), 1, NOW) is None
    assert cache.get(("th", "a"), 1, NOW) is not None
    cache.clear()
    assert cache.get(("th", "a"), 1, NOW) is None


def test_one_shared_cache_per_registry() -> None:
    registry: dict[str, object] = {}
    first = RenderCache[_Made].shared(registry, "maps_cache", 8)
    assert RenderCache[_Made].shared(registry, "maps_cache", 99) is first
    assert first.max_entries == 8
    assert RenderCache[_Made].shared({}, "maps_cache", 8) is not first
