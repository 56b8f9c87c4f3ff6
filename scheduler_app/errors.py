"""Translated error pages: every failure a user can cause answers 4xx with a message."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from scheduler_app.extensions import db


def _messages() -> dict[int, str]:
    return {
        400: _("The request could not be understood. Please check what you entered."),
        403: _("You do not have permission to do this."),
        404: _("We could not find that page."),
        405: _("That action is not allowed here."),
        413: _("The file is too large. Please upload a smaller file."),
        429: _("Too many attempts. Please wait a minute and try again."),
        500: _("Something went wrong on our side. Your data is safe; please try again."),
    }


def _render(code: int, message: str | None = None) -> tuple[str, int]:
    text = message or _messages().get(code) or _messages()[400]
    return render_template("errors/error.html", code=code, message=text), code


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return _render(400, _("Your form expired or was sent from elsewhere. Please try again."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> object:
        code = error.code or 500
        if request.path.endswith(".ics") or request.path in ("/healthz", "/readyz"):
            return error
        return _render(code)

    @app.errorhandler(500)
    def server_error(error: Exception) -> tuple[str, int]:
        db.session.rollback()
        return _render(500)
