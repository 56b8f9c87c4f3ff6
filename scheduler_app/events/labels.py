"""Translated names for the events area's codes (kinds, statuses, levels, link kinds)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from scheduler_app.core.reminders import offset_parts

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
# What each level of the IAP2 spectrum means for the people taking part, in plain words.
LEVEL_MEANINGS = {
    "inform": _l("participants are told what is planned or decided"),
    "consult": _l("participants are asked for their views before the host decides"),
    "involve": _l("participants work with the host throughout and their concerns shape the plan"),
    "collaborate": _l("participants and the host decide together"),
    "empower": _l("participants make the final decision themselves"),
}
LEVEL_HELP = _l(
    "How much say the participants have, from being told (inform) to deciding themselves "
    "(empower). The five steps come from the public participation spectrum of IAP2, the "
    "International Association for Public Participation."
)
# Headings of the "old → new" lines of the change mail.
CHANGE_HEADINGS = {
    "time": _l("Date and time"),
    "place": _l("Venue"),
    "title": _l("Name of the activity"),
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
TIMEZONE_LABELS = {
    "Asia/Bangkok": _l("Thailand (Bangkok time, UTC+7)"),
    "Asia/Vientiane": _l("Laos (Vientiane time, UTC+7)"),
    "Asia/Phnom_Penh": _l("Cambodia (Phnom Penh time, UTC+7)"),
    "Asia/Yangon": _l("Myanmar (Yangon time, UTC+6:30)"),
    "UTC": _l("Coordinated Universal Time (UTC)"),
}
TIMEZONES = tuple(TIMEZONE_LABELS)
TIMEZONE_HELP = _l(
    "The clock the times above follow. Keep Thailand unless the event takes place in a "
    "neighbouring country and its times are written by that country's clock."
)


def level_choice(level: str) -> str:
    """A participation level with what it means: 'Consult: participants are asked ...'."""
    return f"{LEVEL_LABELS[level]}: {LEVEL_MEANINGS[level]}"


def all_labels() -> dict[str, dict[str, object]]:
    return {
        "kind": dict(KIND_LABELS),
        "status": dict(STATUS_LABELS),
        "registration": dict(REGISTRATION_LABELS),
        "level": dict(LEVEL_LABELS),
        "level_meaning": dict(LEVEL_MEANINGS),
        "timezone": dict(TIMEZONE_LABELS),
        "link": dict(LINK_LABELS),
        "visit": dict(VISIT_STATUS_LABELS),
    }


# The reminder moments offered as check boxes on the event form, longest first.
REMINDER_CHOICES = ("14d", "7d", "3d", "2d", "1d", "3h", "2h", "1h")


def offset_label(offset: str) -> str:
    """'7d' → '7 days before' / '7 วันก่อน' (raises ``OffsetError`` on an unreadable one)."""
    n, unit = offset_parts(offset)
    if unit == "d":
        return str(_l("1 day before") if n == 1 else _l("%(n)d days before", n=n))
    if unit == "h":
        return str(_l("1 hour before") if n == 1 else _l("%(n)d hours before", n=n))
    return str(_l("%(n)d minutes before", n=n))
