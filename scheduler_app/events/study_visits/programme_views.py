"""A scheduled visit's programme (hosts) and the visitors' learning report."""

from __future__ import annotations

from datetime import datetime

from flask import flash, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from scheduler_app.events import part_views, undo
from scheduler_app.events.blueprint import bp
from scheduler_app.events.display import in_event_zone as event_datetime
from scheduler_app.events.models import Event, EventKind
from scheduler_app.events.operations import EventError
from scheduler_app.events.permissions import can_file_report, require_view
from scheduler_app.events.study_visits import programme as operations
from scheduler_app.events.study_visits.forms import ProgrammeItemForm, ReportForm
from scheduler_app.events.study_visits.models import ProgrammeItem
from scheduler_app.extensions import db, utcnow
from scheduler_app.web import require, require_login, submit


def _programme_page(event: Event, form: ProgrammeItemForm | None = None) -> str:
    return part_views.parts_page(
        "events/study_visits/programme.html", event, form=form or ProgrammeItemForm(),
        undo=undo.pending("programme", event.id, utcnow()),
    )  # fmt: skip


@bp.route("/<int:event_id>/programme", methods=["GET", "POST"])
def programme(event_id: int) -> Response | tuple[str, int]:
    """The visit's programme: ordered items with times."""
    event = part_views.managed_event(event_id, EventKind.STUDY_VISIT)
    form = ProgrammeItemForm()
    return submit(
        form, lambda: _programme_page(event, form),
        lambda: operations.add_programme_item(
            event, form.day.data, form.time.data, form.title.data, utcnow()
        ),
        then=url_for("events.programme", event_id=event.id),
    )  # fmt: skip


@bp.route("/<int:event_id>/report", methods=["GET", "POST"])
def report(event_id: int) -> Response | tuple[str, int]:
    """The visitors' learning report."""
    event = part_views.event_of_kind(event_id, EventKind.STUDY_VISIT)
    require_login()
    require_view(event)
    require(can_file_report(current_user, event))
    form = ReportForm()
    return submit(
        form, lambda: render_template("events/study_visits/report.html", form=form, event=event),
        lambda: operations.file_report(event, current_user, form.text.data, utcnow()),
        then=url_for("events.show", event_id=event.id),
        saved=_("Thank you. Your learning report is saved."),
    )  # fmt: skip


@bp.route("/<int:event_id>/programme/<int:item_id>/edit", methods=["GET", "POST"])
def edit_programme_item(event_id: int, item_id: int) -> Response | tuple[str, int]:
    """Change a programme line's time or wording."""
    item = part_views.managed_part(event_id, EventKind.STUDY_VISIT, ProgrammeItem, item_id)
    event = item.event
    day, time = part_views.local_day_time(item.starts_at, event)
    form = ProgrammeItemForm(
        data=part_views.on_get({"day": day, "time": time, "title": item.title})
    )
    return part_views.save_part(
        form, event, _("Edit programme item"), _("Programme saved."),
        lambda: operations.edit_programme_item(
            event, item, form.day.data, form.time.data, form.title.data, utcnow()
        ),
    )  # fmt: skip


@bp.post("/<int:event_id>/programme/<int:item_id>" + part_views.MOVE)
def move_programme_item(event_id: int, item_id: int, direction: str) -> Response | tuple[str, int]:
    """Swap a programme line's wording with the line before or after it."""
    item = part_views.managed_part(event_id, EventKind.STUDY_VISIT, ProgrammeItem, item_id)
    return part_views.move_part(
        item.event, operations.move_programme_item, _programme_page, item, direction
    )


@bp.route("/<int:event_id>/programme/<int:item_id>/delete", methods=["GET", "POST"])
def delete_programme_item(event_id: int, item_id: int) -> Response | tuple[str, int]:
    """Take a line off the programme, after asking; an undo is offered for a while."""
    item = part_views.managed_part(event_id, EventKind.STUDY_VISIT, ProgrammeItem, item_id)
    event = item.event

    def remove(event: Event, item: ProgrammeItem, now: datetime) -> None:
        operations.remove_programme_item(event, item, now)
        undo.remember(
            "programme", event.id, now, starts_at=item.starts_at.isoformat(), title=item.title
        )

    return part_views.remove_part(
        event, remove, _programme_page, item,
        what=event_datetime(item.starts_at, event) + " · " + item.title, losses=[],
        saved=_("The programme item is removed."),
        undo=_("You can undo this for %(n)d minutes.", n=undo.UNDO_MINUTES),
    )  # fmt: skip


@bp.post("/<int:event_id>/programme/restore")
def restore_programme_item(event_id: int) -> Response | tuple[str, int]:
    """Undo the removal of a programme line (by the person who removed it, for a while)."""
    event = part_views.managed_event(event_id, EventKind.STUDY_VISIT)
    back = url_for("events.programme", event_id=event.id)
    now = utcnow()
    kept = undo.take_posted("programme", event.id, now, back)
    try:
        operations.restore_programme_item(
            event, datetime.fromisoformat(kept["starts_at"]), str(kept["title"]), now
        )
    except EventError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _programme_page(event), 409
    return part_views.saved_and_back(event, _("The programme item is back."))
