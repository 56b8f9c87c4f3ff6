"""Every directory route on one blueprint; the app factory registers ``routes.bp``."""

from __future__ import annotations

from scheduler_app.directory import lookup, people, profile_views, views
from scheduler_app.directory.blueprint import bp

MODULES = (views, people, profile_views, lookup)

__all__ = ["MODULES", "bp"]
