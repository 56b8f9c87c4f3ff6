"""The LINE message for each kind of outbox message: a short Flex card in the person's
language (Thai: Buddhist Era dates) built from the same values the e-mail is rendered
from. The card's title is the e-mail's own subject line, so both channels say the same.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from scheduler_app.core import thaidate
from scheduler_app.core.line_flex import Card, flex_message, payload
from scheduler_app.i18n import DEFAULT_ZONE
from scheduler_app.mail.message import one_line

EVENT_KINDS = {
    "event_registered",
    "event_promoted",
    "event_waitlisted",
    "event_unregistered",
    "event_changed",
    "event_cancelled",
    "reminder",
    "thank_you_survey",
}
KINDS = EVENT_KINDS | {"digest", "we_miss_you", "introduction", "introduction_accepted"}
TIME_CHANGES = "time"


def when_text(context: dict[str, Any], language: str) -> str:
    """When the event happens, as the e-mail says it (Buddhist Era in Thai)."""
    start: datetime | None = context.get("event_start_at")
    end: datetime | None = context.get("event_end_at")
    if start is None:
        return ""
    if context.get("event_is_all_day"):
        return thaidate.format_date(start.astimezone(DEFAULT_ZONE).date(), language, "long")
    text = thaidate.format_datetime(start, DEFAULT_ZONE, language, "long")
    if end is not None and end > start:
        same_day = start.astimezone(DEFAULT_ZONE).date() == end.astimezone(DEFAULT_ZONE).date()
        text += "–" + (
            thaidate.format_time(end, DEFAULT_ZONE, language)
            if same_day
            else " " + thaidate.format_datetime(end, DEFAULT_ZONE, language, "long")
        )
    return text


def _pick(language: str, th: str, en: str | None) -> str:
    return th if language == "th" or not en else en


def _subject(kind: str, context: dict[str, Any]) -> str:
    return one_line(render_template(f"mail/{kind}.subject.txt", **context))


def _event_card(
    kind: str, context: dict[str, Any], language: str, subject: str, moved: bool
) -> Card:
    headings = {
        "reminder": _("Reminder"),
        "event_changed": _("Changed"),
        "event_cancelled": _("Cancelled"),
        "event_unregistered": _("Registration cancelled"),
        "event_waitlisted": _("Waiting list"),
        "thank_you_survey": _("Thank you"),
    }
    when = when_text(context, language)
    lines = [(_("When"), when)] if when else []
    venue = _pick(language, context.get("venue_name_th", ""), context.get("venue_name_en"))
    if venue:
        lines.append((_("Where"), venue))
    host = _pick(language, context.get("host_name_th", ""), context.get("host_name_en"))
    if host:
        lines.append((_("Host"), host))
    note = ""
    if kind == "event_changed" and TIME_CHANGES in context.get("changes", []):
        note = _("New time: %(when)s", when=when)
    elif kind == "reminder" and moved:
        note = _("The time has changed. New time: %(when)s", when=when)
    elif kind == "event_cancelled" and context.get("cancel_reason"):
        note = one_line(str(context["cancel_reason"]))
    buttons = []
    if kind == "thank_you_survey" and context.get("survey_url"):
        buttons.append((_("Answer"), str(context["survey_url"])))
    if context.get("event_url"):
        buttons.append((_("Event page"), str(context["event_url"])))
    live = kind not in {"event_cancelled", "event_unregistered", "thank_you_survey"}
    if live and context.get("event_ics_url"):
        buttons.append((_("Add to calendar"), str(context["event_ics_url"])))
    return Card(
        alt_text=subject + (f" · {when}" if when else ""),
        heading=headings.get(kind, _("Your registration")),
        title=subject,
        lines=lines,
        note=note,
        buttons=buttons,
    )


def _digest_card(context: dict[str, Any], language: str, subject: str) -> Card:
    lines = []
    for event in context.get("events", [])[:10]:
        start = event["start_at"]
        when = (
            thaidate.format_date(start.astimezone(DEFAULT_ZONE).date(), language, "medium")
            if event.get("is_all_day")
            else thaidate.format_datetime(start, DEFAULT_ZONE, language, "medium")
        )
        lines.append((when, _pick(language, event["title_th"], event.get("title_en"))))
    return Card(
        alt_text=subject,
        heading=_("Upcoming events"),
        title=subject,
        lines=lines,
        buttons=[(_("All events"), str(context.get("agenda_url", "")))],
    )


def card_for(kind: str, context: dict[str, Any], language: str, moved: bool = False) -> Card:
    """The card for ``kind`` (one of ``KINDS``), rendered in ``language``."""
    with force_locale(language):
        subject = _subject(kind, context)
        if kind in EVENT_KINDS:
            return _event_card(kind, context, language, subject, moved)
        if kind == "digest":
            return _digest_card(context, language, subject)
        if kind == "we_miss_you":
            count = int(context.get("upcoming_count") or 0)
            return Card(
                alt_text=subject,
                heading=_("Ruamjai"),
                title=subject,
                note=_("%(n)s upcoming events are waiting for you.", n=count) if count else "",
                buttons=[(_("All events"), str(context.get("agenda_url", "")))],
            )
        if kind == "introduction":
            other = context.get("other", {})
            return Card(
                alt_text=subject,
                heading=_("Introduction"),
                title=subject,
                note=one_line(str(context.get("note") or "")),
                buttons=[
                    (_("I'd like to meet"), str(context.get("yes_url", ""))),
                    (_("Not now"), str(context.get("no_url", ""))),
                    (_("Their profile"), str(other.get("url", ""))),
                ],
            )
        if kind == "introduction_accepted":
            return Card(
                alt_text=subject,
                heading=_("Introduction"),
                title=subject,
                buttons=[(_("Request a study visit"), str(context.get("visit_url", "")))],
            )
    raise ValueError(f"no LINE message for {kind}")


def render(
    kind: str, context: dict[str, Any], language: str, moved: bool = False
) -> tuple[str, str]:
    """(alt text, stored payload) of the message for ``kind``."""
    message = flex_message(card_for(kind, context, language, moved))
    return message["altText"], payload([message])
