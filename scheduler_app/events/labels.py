"""Translated names for the events area's codes (kinds, statuses, levels, link kinds)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "study_visit": _l("Study visit"),
    "exchange": _l("Exchange event"),
    "rally": _l("Cycling rally"),
    "training": _l("Training class"),
}
STATUS_LABELS = {
    "draft": _l("Draft"),
    "published": _l("Published"),
    "cancelled": _l("Cancelled"),
}
REGISTRATION_LABELS = {
    "confirmed": _l("Confirmed"),
    "waitlisted": _l("Waitlisted"),
    "cancelled": _l("Cancelled"),
}
LEVEL_LABELS = {
    "inform": _l("Inform"),
    "consult": _l("Consult"),
    "involve": _l("Involve"),
    "collaborate": _l("Collaborate"),
    "empower": _l("Empower"),
}
LINK_LABELS = {
    "knowledge": _l("Knowledge"),
    "culture": _l("Culture"),
    "livelihood": _l("Livelihood and jobs"),
    "management": _l("Organisational management"),
    "way_of_life": _l("Community way of life"),
    "model_project": _l("Model project (e.g. homestay)"),
}
VISIT_STATUS_LABELS = {
    "requested": _l("Requested"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
    "counter_proposed": _l("Another date proposed"),
    "scheduled": _l("Scheduled"),
    "completed": _l("Completed"),
}
TIMEZONES = ("Asia/Bangkok", "Asia/Vientiane", "Asia/Phnom_Penh", "Asia/Yangon", "UTC")


def all_labels() -> dict[str, dict[str, object]]:
    return {
        "kind": dict(KIND_LABELS),
        "status": dict(STATUS_LABELS),
        "registration": dict(REGISTRATION_LABELS),
        "level": dict(LEVEL_LABELS),
        "link": dict(LINK_LABELS),
        "visit": dict(VISIT_STATUS_LABELS),
    }
