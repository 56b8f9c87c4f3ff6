"""Plain values about events and study visits for mail templates (rendered outside
requests too)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from scheduler_app.core import events_time
from scheduler_app.events.models import Event
from scheduler_app.events.study_visits.models import StudyVisitRequest
from scheduler_app.web import site_url


def when_in_both(
    start_at: datetime,
    end_at: datetime,
    is_all_day: bool,
    start_date: date | None,
    end_date: date | None,
    timezone: str,
) -> tuple[str, str]:
    """An event's whole span (every day of it, in its own zone) in Thai and in English."""
    th, en = (
        events_time.describe_when(
            start_at, end_at, is_all_day=is_all_day, start_date=start_date,
            end_date=end_date, zone_name=timezone, locale=locale, style="long",
        )
        for locale in ("th", "en")
    )  # fmt: skip
    return th, en


def event_values(event: Event) -> dict[str, Any]:
    """Titles, times, place and links of ``event`` in both languages."""
    venue = event.venue
    host = event.host_member
    when_th, when_en = when_in_both(
        event.start_at, event.end_at, event.is_all_day, event.start_date, event.end_date,
        event.timezone,
    )  # fmt: skip
    return {
        "event_id": event.id,
        "event_kind": event.kind,
        "event_title_th": event.title_th,
        "event_title_en": event.title_en or event.title_th,
        "event_start_at": event.start_at,
        "event_end_at": event.end_at,
        "event_is_all_day": event.is_all_day,
        "event_timezone": event.timezone,
        "event_when_th": when_th,
        "event_when_en": when_en,
        "event_status": event.status,
        "event_sequence": event.sequence,
        "event_url": site_url(f"/events/{event.id}"),
        "event_ics_url": site_url(f"/events/{event.id}.ics"),
        "venue_name_th": venue.name_th if venue else "",
        "venue_name_en": (venue.name_en or venue.name_th) if venue else "",
        "venue_address": venue.address if venue else "",
        "host_name_th": host.name_th if host else "",
        "host_name_en": (host.name_en or host.name_th) if host else "",
        "cancel_reason": event.cancel_reason,
    }


def study_visit_context(visit: StudyVisitRequest) -> dict[str, Any]:
    """Plain values about a study-visit request for mail templates."""
    visitors, host = visit.visiting_member, visit.host_member
    return {
        "visit_id": visit.id,
        "visit_status": visit.status,
        "visit_url": site_url(f"/events/visits/{visit.id}"),
        "visiting_member_th": visitors.name_th,
        "visiting_member_en": visitors.name_en or visitors.name_th,
        "host_member_th": host.name_th,
        "host_member_en": host.name_en or host.name_th,
        "proposed_start": visit.proposed_start,
        "proposed_end": visit.proposed_end,
        "decline_reason": visit.decline_reason,
        "host_note": visit.host_note,
        "delegation_size": visit.delegation_size,
        "purpose": visit.purpose,
        "event_id": visit.event_id,
        "event_url": site_url(f"/events/{visit.event_id}") if visit.event_id else "",
        "visitor_rules": host.visitor_rules,
        "visitor_risks": host.visitor_risks,
    }
