"""Event pages: agenda, month grid, my activities, one event; create, edit, publish,
cancel, duplicate; register and un-register."""

from __future__ import annotations

from datetime import date, datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from scheduler_app.core import calendar_grid, events_time
from scheduler_app.directory.lookup import fixed_picker, member_source
from scheduler_app.events import kinds, operations, parts, queries
from scheduler_app.events.blueprint import bp
from scheduler_app.events.forms import (
    ActionForm,
    CancelForm,
    DuplicateForm,
    EventForm,
    MemberFilterForm,
    select_choices,
)
from scheduler_app.events.labels import KIND_LABELS
from scheduler_app.events.models import Event
from scheduler_app.events.page import event_page_context
from scheduler_app.events.permissions import (
    can_create_event,
    can_manage_event,
    creatable_kinds,
    require_manage,
    require_view,
    why_cannot_create,
    why_not_kind,
)
from scheduler_app.extensions import db, utcnow
from scheduler_app.i18n import current_locale
from scheduler_app.web import form_status, page_arg, require_login, submit


def _filter_form() -> MemberFilterForm:
    """The member filter, typed or picked; a name that matches several shows them."""
    request.args.get("member", type=int)  # a number too large to be any id is a 400
    form = MemberFilterForm(formdata=request.args)
    picked = form.member.data
    form.member.source = member_source(keep=[picked] if picked else [])
    form.validate()
    return form


def _filters(form: MemberFilterForm) -> queries.EventFilters:
    member = form.member.data if not form.member.errors else None
    return queries.EventFilters(
        kind=request.args.get("kind") or None,
        member_id=member,
        mine=request.args.get("mine") == "1",
    )


def _filter_context(filters: queries.EventFilters, form: MemberFilterForm) -> dict[str, object]:
    return {"filters": filters, "filter_form": form}


@bp.get("/")
def agenda() -> str:
    """Upcoming (or past) events as a list, with filters."""
    form = _filter_form()
    filters = _filters(form)
    past = request.args.get("past") == "1"
    # A count of every upcoming event would read them all: the count stops at COUNT_CAP.
    page = queries.agenda_page(current_user, filters, utcnow(), past, page_arg(), per_page=25)
    return render_template(
        "events/agenda.html", page=page, past=past, **_filter_context(filters, form)
    )


@bp.get("/calendar")
def calendar() -> str:
    """A month grid in Bangkok time."""
    form = _filter_form()
    filters = _filters(form)
    today = events_time.utc_to_local(utcnow(), events_time.DEFAULT_ZONE_NAME).date()
    year, month = calendar_grid.clamp_month(
        request.args.get("year", type=int), request.args.get("month", type=int), today
    )
    start, end = events_time.month_range_utc(year, month, events_time.DEFAULT_ZONE_NAME)
    weeks = calendar_grid.month_weeks(year, month)
    events = queries.calendar_events(current_user, filters, start, end, current_locale())
    by_day = calendar_grid.day_entries(
        events, queries.session_starts(events), weeks[0][0], weeks[-1][-1]
    )
    prev, nxt = calendar_grid.neighbours(year, month)
    return render_template(
        "events/calendar.html",
        weeks=weeks,
        by_day=by_day,
        open_day=_open_day(year, month),
        grid_cap=CALENDAR_DAY_CHIPS,
        list_cap=CALENDAR_DAY_LIST,
        month_days=[day for week in weeks for day in week if day.month == month],
        year=year,
        month=month,
        prev=prev,
        nxt=nxt,
        today=today,
        **_filter_context(filters, form),
    )


# A busy day of a national network holds a hundred activities: the grid shows the first
# few of each day and "+N more", which opens that day's full list (``?day=``); the lists
# below the grid show the first CALENDAR_DAY_LIST of each other day.
CALENDAR_DAY_CHIPS = 3
CALENDAR_DAY_LIST = 20


def _open_day(year: int, month: int) -> date | None:
    """The ``?day=`` whose list is shown in full, if it is a day of the month shown."""
    try:
        day = date.fromisoformat(request.args.get("day", "")[:10])
    except ValueError:
        return None
    return day if (day.year, day.month) == (year, month) else None


@bp.get("/mine")
def mine() -> str:
    """Everything the signed-in person takes part in, organises or hosts."""
    require_login()
    now = utcnow()
    filters = queries.EventFilters(mine=True)
    upcoming = db.session.execute(queries.agenda(current_user, filters, now)).scalars().all()
    past = (
        db.session.execute(queries.agenda(current_user, filters, now, past=True).limit(50))
        .scalars()
        .all()
    )
    return render_template(
        "events/mine.html",
        upcoming=upcoming,
        past=past,
        registrations=queries.my_registrations(current_user),
        links=kinds.person_links(current_user, now),
    )


@bp.get("/<int:event_id>")
def show(event_id: int) -> str:
    """One event, with everything its kind has."""
    event = db.get_or_404(Event, event_id)
    require_view(event)
    return render_template("events/show.html", **event_page_context(event, current_user))


def _prepare_form(form: EventForm, host_member_id: int | None) -> None:
    locale = current_locale()
    form.venue_id.choices = select_choices([(0, "—"), *queries.venue_choices(locale)])
    if current_user.is_coordinator:
        form.host_member_id.source = member_source(keep=[host_member_id] if host_member_id else [])
    else:
        fixed_picker(form.host_member_id, host_member_id or current_user.member_id)


def _render_form(form: EventForm, event: Event | None) -> str:
    return render_template("events/form.html", form=form, event=event)


@bp.route("/new", methods=["GET", "POST"])
def create() -> Response | tuple[str, int]:
    """A new draft event, of a kind the person may create (the first one by default)."""
    require_login()
    allowed = creatable_kinds(current_user)
    if not allowed:
        message = why_cannot_create(current_user)
        return render_template("errors/error.html", code=403, message=message), 403
    form = EventForm()
    form.kind.choices = select_choices((kind, KIND_LABELS[kind]) for kind in allowed)
    if request.method == "GET":
        asked = request.args.get("kind")
        form.kind.data = asked if asked in allowed else allowed[0]
    _prepare_form(form, None)

    def apply() -> Event:
        values = form.values()
        if values["kind"] not in allowed:
            raise operations.EventError(why_not_kind(values["kind"]), field="kind")
        if not current_user.is_coordinator:
            values["host_member_id"] = current_user.member_id
        if values["host_member_id"] is None:
            raise operations.EventError(
                _("Please choose the host organisation."), field="host_member_id"
            )
        return operations.create_event(values, current_user, utcnow())

    return submit(
        form, lambda: _render_form(form, None), apply,
        then=lambda event: url_for("events.show", event_id=event.id),
        saved=_("Draft saved. Publish it when it is ready."),
    )  # fmt: skip


def _form_for(event: Event) -> EventForm:
    form = EventForm(obj=event)
    if request.method == "GET":
        start = events_time.utc_to_local(event.start_at, event.timezone)
        end = events_time.utc_to_local(event.end_at, event.timezone)
        form.start_date.data = event.start_date or start.date()
        form.start_time.data = None if event.is_all_day else start.time()
        form.end_date.data = (
            events_time.inclusive_last_day(event.end_date)
            if event.is_all_day and event.end_date
            else end.date()
        )
        form.end_time.data = None if event.is_all_day else end.time()
        for name in ("registration_opens_at", "registration_closes_at"):
            value: datetime | None = getattr(event, name)
            local = events_time.utc_to_local(value, event.timezone) if value else None
            getattr(form, name).data = local.replace(tzinfo=None) if local else None
    return form


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
def edit(event_id: int) -> Response | tuple[str, int]:
    """Change an event (not once it is cancelled)."""
    event = db.get_or_404(Event, event_id)
    require_manage(event)
    if event.is_cancelled:
        message = _("A cancelled event cannot be edited.")
        return render_template("errors/error.html", code=409, message=message), 409
    form = _form_for(event)
    _prepare_form(form, event.host_member_id)

    def apply() -> bool:
        values = form.values()
        values["kind"] = event.kind
        if not current_user.is_coordinator:
            values["host_member_id"] = event.host_member_id
        return parts.update_with_parts(event, values, utcnow(), request.form.get("parts"))

    try:
        return submit(
            form, lambda: _render_form(form, event), apply,
            then=url_for("events.show", event_id=event.id), saved=_("Changes saved."),
        )  # fmt: skip
    except parts.PartsQuestion as question:
        db.session.rollback()
        ask = {
            "parts": kinds.spec_of(event).count_parts(question.count),
            "days": question.days,
        }
        return render_template("events/form.html", form=form, event=event, ask=ask), 200


def _managed_for_action(event_id: int) -> Event:
    """The event behind a manager's one-button form (400 when the form does not validate)."""
    event = db.get_or_404(Event, event_id)
    require_manage(event)
    if not ActionForm().validate_on_submit():
        abort(400)
    return event


@bp.post("/<int:event_id>/publish")
def publish(event_id: int) -> Response:
    """Make a draft public."""
    event = _managed_for_action(event_id)
    try:
        operations.publish_event(event, utcnow())
    except operations.EventError as exc:
        flash(str(exc), "error")
        return redirect(url_for("events.show", event_id=event.id))
    db.session.commit()
    flash(_("The event is published."), "success")
    return redirect(url_for("events.show", event_id=event.id))


@bp.route("/<int:event_id>/cancel", methods=["GET", "POST"])
def cancel(event_id: int) -> Response | tuple[str, int]:
    """Call an event off, with a reason people will read."""
    event = db.get_or_404(Event, event_id)
    require_manage(event)
    form = CancelForm()
    if event.is_cancelled:
        flash(_("This event has already been cancelled."), "error")
        return redirect(url_for("events.show", event_id=event.id))
    if not form.validate_on_submit():
        return render_template("events/cancel.html", form=form, event=event), form_status()
    operations.cancel_event(event, form.reason.data, utcnow())
    db.session.commit()
    flash(_("The event is cancelled and registered people will be told."), "success")
    return redirect(url_for("events.show", event_id=event.id))


@bp.route("/<int:event_id>/duplicate", methods=["GET", "POST"])
def duplicate(event_id: int) -> Response | tuple[str, int]:
    """Copy an event as a new draft, on the day chosen; its sessions, stops or programme
    move with it (left empty: the same dates)."""
    event = db.get_or_404(Event, event_id)
    require_manage(event)
    first = parts.event_days(event)[0]
    form = DuplicateForm(data={"start_date": first} if request.method == "GET" else None)
    spec = kinds.spec_of(event)

    def render() -> str:
        count = len(spec.timed_parts(event))
        return render_template(
            "events/duplicate.html", form=form, event=event,
            parts=spec.count_parts(count) if count else None,
        )  # fmt: skip

    def apply() -> Event:
        days = (form.start_date.data - first).days if form.start_date.data else 0
        return operations.duplicate_event(event, current_user, utcnow(), days)

    return submit(
        form, render, apply, then=lambda copy: url_for("events.edit", event_id=copy.id),
        saved=_("A copy was saved as a draft. Check it before publishing."),
    )  # fmt: skip


@bp.app_context_processor
def inject_event_helpers() -> dict[str, object]:
    return {
        "can_manage_event": lambda e: can_manage_event(current_user, e),
        "can_create_event": lambda: can_create_event(current_user),
        "why_cannot_create_event": lambda: why_cannot_create(current_user),
    }
