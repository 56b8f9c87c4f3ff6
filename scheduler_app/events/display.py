"""How events read on pages: times in the event's own zone, Thai BE dates."""

from __future__ import annotations

from datetime import datetime

from flask import Flask

from scheduler_app.core import events_time, thaidate
from scheduler_app.events.labels import all_labels
from scheduler_app.events.models import Event
from scheduler_app.i18n import current_locale


def when(event: Event) -> str:
    """'23 พ.ย. 2569 09:00 น. – 16:00 น.' or an all-day range, in the event's zone."""
    locale = current_locale()
    if event.is_all_day and event.start_date and event.end_date:
        first = thaidate.format_date(event.start_date, locale)
        last_day = events_time.inclusive_last_day(event.end_date)
        if last_day == event.start_date:
            return first
        return f"{first} – {thaidate.format_date(last_day, locale)}"
    zone = events_time.zone(event.timezone)
    start = thaidate.format_datetime(event.start_at, zone, locale)
    if event.start_at.astimezone(zone).date() == event.end_at.astimezone(zone).date():
        return f"{start} – {thaidate.format_time(event.end_at, zone, locale)}"
    return f"{start} – {thaidate.format_datetime(event.end_at, zone, locale)}"


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


def month_name(year: int, month: int) -> str:
    return thaidate.format_month(year, month, current_locale())


def weekday_names() -> tuple[str, ...]:
    if current_locale() == "th":
        return thaidate.THAI_WEEKDAYS
    return thaidate.EN_WEEKDAYS


def init_display(app: Flask) -> None:
    app.jinja_env.filters["event_when"] = when
    app.jinja_env.filters["event_datetime"] = in_event_zone
    app.jinja_env.filters["event_time"] = time_in_event_zone
    app.jinja_env.filters["event_date"] = date_in_event_zone
    app.jinja_env.globals["event_labels"] = all_labels
    app.jinja_env.globals["month_name"] = month_name
    app.jinja_env.globals["weekday_names"] = weekday_names
