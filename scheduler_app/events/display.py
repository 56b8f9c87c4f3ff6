"""How events read on pages: times in the event's own zone, Thai BE dates."""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from flask_babel import gettext as _

from scheduler_app.core import events_time, text, thaidate
from scheduler_app.core.sessions import session_heading
from scheduler_app.events.labels import all_labels
from scheduler_app.events.models import Event
from scheduler_app.i18n import current_locale


def when(event: Event) -> str:
    """'23 พ.ย. 2569 09:00 น. – 16:00 น.' or an all-day range, in the event's zone."""
    return events_time.describe_when(
        event.start_at,
        event.end_at,
        is_all_day=event.is_all_day,
        start_date=event.start_date,
        end_date=event.end_date,
        zone_name=event.timezone,
        locale=current_locale(),
    )


def in_event_zone(value: datetime | None, event: Event) -> str:
    """A datetime shown in the event's zone."""
    if value is None:
        return ""
    zone = events_time.zone(event.timezone)
    return thaidate.format_datetime(value, zone, current_locale())


def date_in_event_zone(value: datetime | None, event: Event) -> str:
    """The day of ``value`` in the event's zone (BE in Thai)."""
    if value is None:
        return ""
    local = events_time.utc_to_local(value, event.timezone).date()
    return thaidate.format_date(local, current_locale())


def time_in_event_zone(value: datetime | None, event: Event) -> str:
    if value is None:
        return ""
    return thaidate.format_time(value, events_time.zone(event.timezone), current_locale())


def numbered_session(position: int, title: str) -> str:
    """'ครั้งที่ 2: ทำปุ๋ยหมัก', without saying the number twice."""
    return session_heading(_("Session %(n)d", n=position), title)


def month_name(year: int, month: int) -> str:
    return thaidate.format_month(year, month, current_locale())


def weekday_names() -> tuple[str, ...]:
    if current_locale() == "th":
        return thaidate.THAI_WEEKDAYS
    return thaidate.EN_WEEKDAYS


def weekday_short_names() -> tuple[str, ...]:
    """อา จ อ … in Thai, Mon Tue … in English: the weekday row of a month grid on a phone."""
    if current_locale() == "th":
        return thaidate.THAI_WEEKDAYS_SHORT
    return thaidate.EN_WEEKDAYS_SHORT


def init_display(app: Flask) -> None:
    app.jinja_env.filters["event_when"] = when
    app.jinja_env.filters["event_datetime"] = in_event_zone
    app.jinja_env.filters["event_time"] = time_in_event_zone
    app.jinja_env.filters["event_date"] = date_in_event_zone
    app.jinja_env.globals["event_labels"] = all_labels
    app.jinja_env.globals["numbered_session"] = numbered_session
    app.jinja_env.globals["month_name"] = month_name
    app.jinja_env.globals["weekday_names"] = weekday_names
    app.jinja_env.globals["weekday_short_names"] = weekday_short_names
    app.jinja_env.globals["search_key"] = text.search_key
