"""The events blueprint object, shared by the view modules of events and its features.

``events/routes.py`` imports every view module so their routes land on it; the app
factory registers ``routes.bp``.
"""

from __future__ import annotations

from typing import cast

from flask import Blueprint, Flask

from scheduler_app.events.display import init_display

bp = Blueprint("events", __name__, url_prefix="/events")
bp.record_once(lambda state: init_display(cast(Flask, state.app)))
