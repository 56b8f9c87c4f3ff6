"""Language choice (user, then session, then Accept-Language; Thai by default) and
the date filters templates use."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Flask, current_app, request, session
from flask_babel import get_locale
from flask_login import current_user

from scheduler_app.core import text, thaidate
from scheduler_app.core.geography import Gazetteer, load_gazetteer
from scheduler_app.extensions import babel

DEFAULT_ZONE = ZoneInfo("Asia/Bangkok")
GAZETTEER_PATH = Path(__file__).resolve().parent / "data" / "loei_geography.json"


def select_locale() -> str:
    """The language of this request."""
    languages = current_app.config["LANGUAGES"]
    if (
        current_user
        and current_user.is_authenticated
        and current_user.preferred_language in languages
    ):
        return str(current_user.preferred_language)
    chosen = session.get("lang")
    if chosen in languages:
        return str(chosen)
    if request.accept_languages:
        best = request.accept_languages.best_match(languages)
        if best:
            return best
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def current_locale() -> str:
    locale = get_locale()
    return locale.language if locale else "th"


def gazetteer() -> Gazetteer:
    return load_gazetteer(str(GAZETTEER_PATH))


def _fmt_date(value: date | datetime | None, style: thaidate.Style = "medium") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(DEFAULT_ZONE).date()
    return thaidate.format_date(value, current_locale(), style)


def _fmt_datetime(value: datetime | None, style: thaidate.Style = "medium") -> str:
    if value is None:
        return ""
    return thaidate.format_datetime(value, DEFAULT_ZONE, current_locale(), style)


def _fmt_time(value: datetime | None) -> str:
    if value is None:
        return ""
    return thaidate.format_time(value, DEFAULT_ZONE, current_locale())


def _fmt_month(value: str) -> str:
    """``YYYY-MM`` as a month name and year (Buddhist Era in Thai)."""
    try:
        year, month = (int(part) for part in value.split("-", 1))
        return thaidate.format_month(year, month, current_locale())
    except (ValueError, TypeError, IndexError):
        return value


def init_app(app: Flask) -> None:
    """Bind Babel and register the template helpers."""
    translations = str(Path(__file__).resolve().parent / "translations")
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=translations,
    )
    app.jinja_env.filters["date"] = _fmt_date
    app.jinja_env.filters["datetime"] = _fmt_datetime
    app.jinja_env.filters["time"] = _fmt_time
    app.jinja_env.filters["paragraphs"] = text.paragraphs
    app.jinja_env.filters["month_name"] = _fmt_month
    app.jinja_env.globals["current_locale"] = current_locale
    app.jinja_env.globals["gazetteer"] = gazetteer
    app.jinja_env.globals["format_year"] = lambda y: thaidate.format_year(y, current_locale())
