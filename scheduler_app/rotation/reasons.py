"""The engine's reason codes in words (Thai with Buddhist-Era years, or English)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _

from scheduler_app.core import rotation as engine
from scheduler_app.core.thaidate import format_year
from scheduler_app.i18n import current_locale

REASON_OVERRIDE = "override"
REASON_SWAPPED = "swapped"


def term_label(year: int, term: int, locale: str | None = None) -> str:
    """'term 1 of 2569' (th: 'รอบที่ 1 ปี 2569')."""
    locale = locale or current_locale()
    return _("term %(term)d of %(year)s", term=term, year=format_year(year, locale))


def describe(code: str, params: Mapping[str, Any] | None, locale: str | None = None) -> str:
    """The reason an assignment was made, in the current (or given) language."""
    locale = locale or current_locale()
    p = dict(params or {})
    if code == engine.REASON_LEAST_RECENT:
        return _(
            "hosted least recently: last hosted %(when)s",
            when=term_label(p["last_year"], p["last_term"], locale),
        )
    if code == engine.REASON_FIRST_TURN:
        return _("has not hosted yet")
    if code == engine.REASON_JOINED:
        return _(
            "joined the pool in %(when)s and queued behind those already waiting",
            when=term_label(p["joined_year"], p["joined_term"], locale),
        )
    if code == engine.REASON_KEPT_PRIORITY:
        return _(
            "keeps its place after declining %(when)s",
            when=term_label(p["declined_year"], p["declined_term"], locale),
        )
    if code == engine.REASON_WEIGHTED_TURN:
        return _(
            "turn %(turn)d of %(weight)d in this round (weighted host)",
            turn=p["turn"],
            weight=p["weight"],
        )
    if code == engine.REASON_EXTRA_TURN:
        return _("extra turn: everyone else due this round declined or hosted the term before")
    if code == engine.REASON_ONLY_MEMBER:
        return _("the only member able to host")
    if code == engine.REASON_CONFIRMED:
        return _("confirmed")
    if code == engine.REASON_NO_HOST:
        return _("no member is able to host")
    if code == REASON_OVERRIDE:
        return _("set by a coordinator: %(reason)s", reason=p.get("reason", ""))
    if code == REASON_SWAPPED:
        return _("swapped terms with %(name)s", name=p.get("name", ""))
    return code


def describe_in(code: str, params: Mapping[str, Any] | None, locale: str) -> str:
    """``describe`` in a language other than the request's (e-mail, CLI)."""
    with force_locale(locale):
        return describe(code, params, locale)


def term_label_in(year: int, term: int, locale: str) -> str:
    with force_locale(locale):
        return term_label(year, term, locale)
