"""The rotation blueprint, shared by its view modules (``routes.py`` imports them all)."""

from __future__ import annotations

from flask import Blueprint
from werkzeug.wrappers import Response

bp = Blueprint("rotation", __name__, url_prefix="/rotation")

ViewResult = str | tuple[str, int] | Response
