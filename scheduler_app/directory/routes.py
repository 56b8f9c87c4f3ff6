"""Every directory route on one blueprint; the app factory registers ``routes.bp``."""

from __future__ import annotations

from scheduler_app.directory import people, profile_views, views
from scheduler_app.directory.blueprint import bp

MODULES = (views, people, profile_views)

__all__ = ["MODULES", "bp"]
