"""Verbs for a scheduled visit's programme and the visitors' learning report. Never commit.

Moving a programme line swaps wording with its neighbour; the times stay in order.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from flask_babel import lazy_gettext as _l

from scheduler_app.core import events_time
from scheduler_app.events.models import Event
from scheduler_app.events.operations import EventError
from scheduler_app.events.parts import (
    LAST,
    check_day,
    copy_parts,
    ensure_editable,
    mark_changed,
    neighbour,
)
from scheduler_app.events.study_visits.models import LearningReport, ProgrammeItem
from scheduler_app.events.study_visits.operations import complete_visit
from scheduler_app.extensions import db


def add_programme_item(event: Event, day: date, clock: time, title: str, now: datetime) -> None:
    """Add a line to the programme (the feeds show it in the event's DESCRIPTION)."""
    ensure_editable(event)
    check_day(event, day)
    starts_at = events_time.local_to_utc(day, clock, event.timezone)
    event.programme.append(ProgrammeItem(starts_at=starts_at, title=title.strip()))
    renumber_programme(event)
    mark_changed(event, now)


def restore_programme_item(event: Event, starts_at: datetime, title: str, now: datetime) -> None:
    """Put a removed line back (undo); the event's dates and state rules still hold."""
    ensure_editable(event)
    check_day(event, events_time.utc_to_local(starts_at, event.timezone).date())
    event.programme.append(ProgrammeItem(starts_at=starts_at, title=title))
    renumber_programme(event)
    mark_changed(event, now)


def renumber_programme(event: Event) -> None:
    """Programme lines follow their times (ties keep their order)."""
    ordered = sorted(event.programme, key=lambda item: (item.starts_at, item.position or LAST))
    for position, item in enumerate(ordered, 1):
        item.position = position


def file_report(event: Event, author: Any, text: str, now: datetime) -> LearningReport:
    """A learning report after the visit; completes the study-visit request."""
    if now < event.start_at:
        raise EventError(_l("A learning report can be filed once the visit has begun."))
    report = LearningReport(
        author_id=author.id, member_id=author.member_id, text=text.strip(), created_at=now
    )
    event.reports.append(report)
    complete_visit(event, now)
    db.session.flush()
    return report


def edit_programme_item(
    event: Event, item: ProgrammeItem, day: date, clock: time, title: str, now: datetime
) -> None:
    """Change a programme line's time or wording."""
    ensure_editable(event)
    check_day(event, day)
    item.starts_at = events_time.local_to_utc(day, clock, event.timezone)
    item.title = title.strip()
    renumber_programme(event)
    mark_changed(event, now)


def move_programme_item(event: Event, item: ProgrammeItem, direction: str, now: datetime) -> None:
    """Swap wording with the line before or after; the times stay in order."""
    ensure_editable(event)
    other = neighbour(list(event.programme), item, direction)
    item.title, other.title = other.title, item.title
    mark_changed(event, now)


def remove_programme_item(event: Event, item: ProgrammeItem, now: datetime) -> None:
    """Take a line off the programme."""
    ensure_editable(event)
    event.programme.remove(item)
    renumber_programme(event)
    mark_changed(event, now)


def copy_programme(source: Event, copy: Event) -> None:
    """The programme of ``source`` onto its draft copy (no reports)."""
    copy_parts(source.programme, copy.programme, ("position", "starts_at", "title"))
