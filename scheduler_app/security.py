"""Secrets, cookies and response headers: secure by default."""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask, Response, current_app, request
from flask.sessions import SecureCookieSessionInterface, SessionMixin

from scheduler_app import request_input

CSP_DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)
CONTENT_SECURITY_POLICY = "; ".join(CSP_DIRECTIVES)


def content_security_policy(tile_origin: str | None) -> str:
    """The CSP; map tiles' origin joins img-src only when tiles are configured."""
    if not tile_origin:
        return CONTENT_SECURITY_POLICY
    return "; ".join(
        f"{d} {tile_origin}" if d.startswith("img-src ") else d for d in CSP_DIRECTIVES
    )


# Blueprints read by calendar apps and shared caches: their responses carry no cookie.
COOKIELESS_BLUEPRINTS = frozenset({"feeds"})


class CookielessSessionInterface(SecureCookieSessionInterface):
    """The cookie session, except on cookieless blueprints' responses.

    Flask-Login's ``after_request`` reads the session on every response, which makes
    Flask add ``Vary: Cookie`` and refresh a permanent session's cookie. A response of a
    cookieless blueprint that did not change the session skips saving it: no
    ``Set-Cookie``, no ``Vary: Cookie``, so shared caches may keep public feeds.
    """

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        if request.blueprint in COOKIELESS_BLUEPRINTS and not session.modified:
            return
        super().save_session(app, session, response)


HSTS = "max-age=31536000; includeSubDomains"


def configure(app: Flask) -> None:
    """Resolve the secret key, harden cookies and add security headers to responses."""
    _resolve_secret_key(app)
    _require_https_in_production(app)
    request_input.init_app(app)
    app.session_interface = CookielessSessionInterface()
    if app.config["BASE_URL"].startswith("https://"):
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
        app.config.setdefault("PREFERRED_URL_SCHEME", "https")
    from scheduler_app.core.tiles import tile_origin

    app.extensions["csp"] = content_security_policy(tile_origin(app.config.get("MAP_TILE_URL", "")))
    app.after_request(_add_security_headers)


def _require_https_in_production(app: Flask) -> None:
    if app.config.get("ENV_NAME") != "production":
        return
    if not str(app.config.get("BASE_URL", "")).startswith("https://"):
        raise RuntimeError("BASE_URL must be an https:// URL in production")


def _resolve_secret_key(app: Flask) -> None:
    if app.config.get("SECRET_KEY"):
        return
    if app.config.get("ENV_NAME") == "production":
        raise RuntimeError("SECRET_KEY must be set in the environment in production")
    # Development: a random key kept in instance/ so sessions survive restarts.
    key_file = Path(app.instance_path) / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        key_file.chmod(0o600)
    app.config["SECRET_KEY"] = key_file.read_text(encoding="utf-8").strip()


def _add_security_headers(response: Response) -> Response:
    policy = current_app.extensions.get("csp", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("Content-Security-Policy", policy)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        # Served over https (BASE_URL): browsers must never fall back to http.
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response
