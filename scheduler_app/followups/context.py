"""Plain values about events for mail templates (rendered outside requests too)."""

from __future__ import annotations

from typing import Any

from scheduler_app.events.models import Event
from scheduler_app.followups.preferences import site_url


def event_values(event: Event) -> dict[str, Any]:
    """Titles, times, place and links of ``event`` in both languages."""
    venue = event.venue
    host = event.host_member
    return {
        "event_id": event.id,
        "event_kind": event.kind,
        "event_title_th": event.title_th,
        "event_title_en": event.title_en or event.title_th,
        "event_start_at": event.start_at,
        "event_end_at": event.end_at,
        "event_is_all_day": event.is_all_day,
        "event_timezone": event.timezone,
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
