"""The engine's factors in plain words (Thai with Buddhist-Era years, or English)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from scheduler_app.core import rotation as engine
from scheduler_app.core.thaidate import format_year
from scheduler_app.i18n import current_locale, gazetteer

REASON_OVERRIDE = "override"
REASON_SWAPPED = "swapped"


def term_label(year: int, term: int, locale: str | None = None) -> str:
    """'term 1 of 2569' (th: 'รอบที่ 1 ปี 2569')."""
    locale = locale or current_locale()
    return _("term %(term)d of %(year)s", term=term, year=format_year(year, locale))


def short_term(year: int, term: int, locale: str) -> str:
    """'2/2566' in Thai (BE), '2/2023' in English."""
    return f"{term}/{format_year(year, locale)}"


def district_name(code: Any, locale: str) -> str:
    district = gazetteer().district(str(code))
    return district.display_name(locale) if district else str(code)


# Factors said in words alone (the others name their parameters).
_PLAIN_FACTORS = {
    engine.LONGEST_WAIT: _l("the longest wait in the pool"),
    engine.FIRST_TURN: _l("has not hosted in this series yet"),
    engine.OTHER_DISTRICT: _l("a different district from the term before"),
    engine.ROOM_WAIVED: _l("venue size waived by the coordinator"),
    engine.EXTRA_TURN: _l("extra turn: nobody else due this round could take the term"),
    engine.ONLY_MEMBER: _l("the only member able to host"),
    engine.CONFIRMED_HOST: _l("confirmed"),
    engine.NO_HOST: _l("no member is able to host"),
}


def _factor(code: str, p: Mapping[str, Any], locale: str) -> str:
    if code in _PLAIN_FACTORS:
        return str(_PLAIN_FACTORS[code])
    if code == engine.LEAST_RECENT:
        return _("hosted last in %(when)s", when=short_term(p["last_year"], p["last_term"], locale))
    if code == engine.JOINED:
        when = short_term(p["joined_year"], p["joined_term"], locale)
        return _("joined in %(when)s and queued behind those already waiting", when=when)
    if code == engine.KEPT_PRIORITY:
        when = short_term(p["declined_year"], p["declined_term"], locale)
        return _("keeps its place after not hosting %(when)s", when=when)
    if code == engine.WEIGHTED_TURN:
        return _("turn %(turn)d of %(weight)d in this round", turn=p["turn"], weight=p["weight"])
    if code == engine.DISTRICT_WAIT:
        name = district_name(p["district"], locale)
        if int(p["terms"]) < 0:
            return _("%(district)s district has not hosted yet", district=name)
        return _(
            "%(district)s district has not hosted for %(n)d terms", district=name, n=p["terms"]
        )
    if code == engine.FEWEST_TIMES:
        return _("fewest turns among those who waited as long (%(n)d)", n=p["times"])
    if code == engine.LOTTERY:
        return _(
            "tie settled by the published lottery (seed %(seed)s, ticket %(ticket)s)",
            seed=p["seed"],
            ticket=p["ticket"],
        )
    if code == engine.VENUE_ROOM:
        return _("venue holds %(n)d", n=p["capacity"])
    if code == REASON_OVERRIDE:
        return _("set by a coordinator: %(reason)s", reason=p.get("reason", ""))
    if code == REASON_SWAPPED:
        name = p.get("name_en") if locale == "en" and p.get("name_en") else p.get("name", "")
        return _("swapped terms with %(name)s", name=name)
    return code


def describe_factors(factors: Sequence[engine.Factor], locale: str | None = None) -> str:
    """Every factor of a pick, joined: 'hosted last in 2/2566; ...; venue holds 120'."""
    locale = locale or current_locale()
    return "; ".join(_factor(f.code, f.params, locale) for f in factors)


def stored_factors(code: str, params: Mapping[str, Any] | None) -> list[engine.Factor]:
    """The factors an assignment row stored (older rows: one code with its parameters)."""
    p = dict(params or {})
    if "factors" in p:
        return [engine.Factor(c, dict(fp)) for c, fp in p["factors"]]
    return [engine.Factor(code, p)] if code else []


def describe(code: str, params: Mapping[str, Any] | None, locale: str | None = None) -> str:
    """The reason stored on an assignment, in the current (or given) language."""
    return describe_factors(stored_factors(code, params), locale)


def describe_in(code: str, params: Mapping[str, Any] | None, locale: str) -> str:
    """``describe`` in a language other than the request's (e-mail, CLI)."""
    with force_locale(locale):
        return describe(code, params, locale)


def describe_factors_in(factors: Sequence[engine.Factor], locale: str) -> str:
    with force_locale(locale):
        return describe_factors(factors, locale)


def term_label_in(year: int, term: int, locale: str) -> str:
    with force_locale(locale):
        return term_label(year, term, locale)
