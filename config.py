"""Configuration read from the environment (see README for every variable)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _number(name: str, default: float) -> float:
    value = os.environ.get(name)
    return float(value) if value not in (None, "") else default


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for plain ``postgresql://`` URLs (SQLAlchemy defaults to psycopg2)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Config:
    """Settings for a running site; every secret comes from the environment."""

    ENV_NAME = os.environ.get("RUAMJAI_ENV", "development")
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = normalise_database_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'ruamjai.sqlite3'}")
    )
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, object]] = {"pool_pre_ping": True}
    # Unset: derived from the serving host and port (web.base_url); production must set it.
    BASE_URL = os.environ.get("BASE_URL", "").rstrip("/")

    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = _bool("MAIL_USE_TLS")
    MAIL_USE_SSL = _bool("MAIL_USE_SSL")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Ruamjai <no-reply@localhost>")
    MAIL_MAX_ATTEMPTS = int(_number("MAIL_MAX_ATTEMPTS", 8))
    # A live worker renews its claim every quarter of this; a dead one's rows come back.
    MAIL_CLAIM_TIMEOUT_MINUTES = _number("MAIL_CLAIM_TIMEOUT_MINUTES", 1)
    MAIL_TIMEOUT = _number("MAIL_TIMEOUT", 30)
    # Outcomes written per commit: 1 = after a crash at most the one in-flight message
    # is sent again; N trades up to N-1 more repeats for fewer commits (fsync on SQLite).
    MAIL_COMMIT_EVERY = int(_number("MAIL_COMMIT_EVERY", 1))
    DEV_OUTBOX = _bool("DEV_OUTBOX")
    if "MAIL_SUPPRESS_SEND" in os.environ:  # otherwise Flask-Mail's default: TESTING
        MAIL_SUPPRESS_SEND = _bool("MAIL_SUPPRESS_SEND")

    # LINE Messaging API (the network's Official Account); unset secret/token = LINE off.
    LINE_CHANNEL_SECRET = os.environ.get("LINE_CHANNEL_SECRET", "")
    LINE_CHANNEL_ACCESS_TOKEN = os.environ.get("LINE_CHANNEL_ACCESS_TOKEN", "")
    LINE_MONTHLY_QUOTA = int(_number("LINE_MONTHLY_QUOTA", 500))
    LINE_API_BASE = os.environ.get("LINE_API_BASE", "https://api.line.me").rstrip("/")
    LINE_BASIC_ID = os.environ.get("LINE_BASIC_ID", "")  # e.g. @123abcde, for the QR code
    LINE_TIMEOUT = _number("LINE_TIMEOUT", 10)

    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").lower()  # "json" in production

    CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL")
    # The Redis /readyz pings and worker heartbeats live in; unset: the broker's or the
    # rate-limit store's URL when either is redis:// (see scheduler_app/health.py).
    REDIS_URL = os.environ.get("REDIS_URL")
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")

    BABEL_DEFAULT_LOCALE = "th"
    BABEL_DEFAULT_TIMEZONE = "Asia/Bangkok"
    LANGUAGES = ("th", "en")

    MAX_CONTENT_LENGTH = 6 * 1024 * 1024
    PHOTO_MAX_BYTES = 5 * 1024 * 1024
    UPLOAD_DIR = os.environ.get("UPLOAD_DIR", str(INSTANCE_DIR / "uploads"))
    PASSWORD_RESET_MAX_AGE = 60 * 60
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 (a hashing method name)  # nosec B105
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute")
    DIRECTORY_PAGE_SIZE = 25
    # Map tiles (Leaflet URL template); empty = no tiles, the offline outline only.
    MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors")
    # Above this many places the all-districts map shows one circle per district.
    MAP_AGGREGATE_ABOVE = int(os.environ.get("MAP_AGGREGATE_ABOVE", "3000"))
    # Recompute the network picture on the first page view after a change (a province);
    # off at national scale, where `flask network recompute --if-stale` runs from cron.
    NETWORK_RECOMPUTE_INLINE = _bool("NETWORK_RECOMPUTE_INLINE", default=True)
    # ... and only up to this many active members: a larger network is never recomputed
    # in a request (at national size that took minutes and gigabytes).
    NETWORK_RECOMPUTE_INLINE_MAX_MEMBERS = int(
        os.environ.get("NETWORK_RECOMPUTE_INLINE_MAX_MEMBERS", "5000")
    )
    # Seconds a worker trusts the calendar version it last read (feeds/cache.py): cached
    # feed polls and 304s then read nothing; 0 reads it on every request.
    FEEDS_VERSION_TTL = float(os.environ.get("FEEDS_VERSION_TTL", "1"))

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None

    # Privacy and security: confirmation links, and how long personal data that has no
    # further use is kept before `flask privacy purge` (or Celery beat) removes it.
    SIGNUP_CONFIRM_MAX_AGE = int(os.environ.get("SIGNUP_CONFIRM_MAX_AGE", str(3 * 24 * 3600)))
    RETENTION_CANCELLED_REGISTRATION_DAYS = int(
        os.environ.get("RETENTION_CANCELLED_REGISTRATION_DAYS", "365")
    )
    RETENTION_OUTBOX_BODY_DAYS = int(os.environ.get("RETENTION_OUTBOX_BODY_DAYS", "90"))
    RETENTION_OUTBOX_ROW_DAYS = int(os.environ.get("RETENTION_OUTBOX_ROW_DAYS", "730"))
    RETENTION_UNCONFIRMED_SIGNUP_DAYS = int(
        os.environ.get("RETENTION_UNCONFIRMED_SIGNUP_DAYS", "7")
    )
    RETENTION_AUDIT_LOG_DAYS = int(os.environ.get("RETENTION_AUDIT_LOG_DAYS", str(3 * 365)))
