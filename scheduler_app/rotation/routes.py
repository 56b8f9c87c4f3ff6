"""Every rotation route on one blueprint; the app factory registers ``routes.bp``."""

from __future__ import annotations

from scheduler_app.rotation import answer_views, holiday_views, views, what_if_views
from scheduler_app.rotation.blueprint import bp

MODULES = (views, answer_views, holiday_views, what_if_views)

__all__ = ["MODULES", "bp"]
