"""The directory blueprint (``/members``), shared by its view modules; ``routes.py``
imports them all. People administration has its own blueprint (``people_admin.py``)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("directory", __name__, url_prefix="/members")
