"""The participation period a page was asked for (``?period=``) and its labels."""

from __future__ import annotations

from collections.abc import Sequence

from flask import request
from flask_babel import gettext as _

from scheduler_app.core import periods
from scheduler_app.core.events_time import zone
from scheduler_app.core.thaidate import BE_OFFSET
from scheduler_app.extensions import utcnow
from scheduler_app.i18n import current_locale
from scheduler_app.network.participation import Participation, participation

DEFAULT_PERIOD = periods.LAST_12_MONTHS


def period_label(code: str) -> str:
    if code == periods.THIS_YEAR:
        return _("This year")
    if code == periods.LAST_12_MONTHS:
        return _("The last 12 months")
    if code == periods.ALL_TIME:
        return _("All time")
    if current_locale() == "th":
        return _("Year %(year)s", year=code)
    return _("Year %(year)s", year=int(code) - BE_OFFSET)


def chosen_period(arg: str = "period") -> periods.Period:
    """The ``?period=`` asked for, or the last 12 months for a missing or unknown one."""
    now = utcnow()
    found = periods.resolve(request.args.get(arg), now, zone(None))
    return found or periods.resolve(DEFAULT_PERIOD, now, zone(None))  # type: ignore[return-value]


def period_choices() -> list[tuple[str, str]]:
    return [(code, period_label(code)) for code in periods.choices(utcnow(), zone(None))]


def participation_of(
    period: periods.Period, member_ids: Sequence[int] | None
) -> dict[int, Participation]:
    return participation(period.end, period.start, member_ids)
