"""A thread-safe LRU of renderings, each valid while its data version matches and until it
expires: the per-worker cache behind the calendar feeds and the map layers."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import MutableMapping
from datetime import datetime
from typing import Any, Generic, Protocol, Self, TypeVar


class Rendering(Protocol):
    """What a cached rendering carries: the data version it was made from, and when it
    stops being served."""

    @property
    def version(self) -> object: ...

    @property
    def expires_at(self) -> datetime: ...


R = TypeVar("R", bound=Rendering)


class RenderCache(Generic[R]):
    """Renderings by key, the least recently used dropped beyond ``max_entries``."""

    def __init__(self, max_entries: int) -> None:
        self._entries: OrderedDict[tuple[str, str], R] = OrderedDict()
        self._lock = threading.Lock()
        self.max_entries = max_entries

    @classmethod
    def shared(cls, registry: MutableMapping[str, Any], name: str, max_entries: int) -> Self:
        """The one cache kept under ``name`` in ``registry`` (an app's ``extensions``, so
        test apps never share renderings), made on first use."""
        cache = registry.get(name)
        if cache is None:
            cache = registry[name] = cls(max_entries)
        assert isinstance(cache, cls)
        return cache

    def get(self, key: tuple[str, str], version: object, now: datetime) -> R | None:
        """The rendering under ``key`` if made from ``version`` and not expired at ``now``."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry.version != version or now >= entry.expires_at:
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, key: tuple[str, str], entry: R) -> None:
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
