"""Venue pages: the list, one venue, and create/edit/delete for the people allowed."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from scheduler_app.accounts.models import Role
from scheduler_app.accounts.permissions import role_required
from scheduler_app.directory.lookup import member_source
from scheduler_app.extensions import db
from scheduler_app.i18n import current_locale, gazetteer
from scheduler_app.venues import services
from scheduler_app.venues.forms import VenueForm
from scheduler_app.venues.models import Venue
from scheduler_app.venues.permissions import (
    can_choose_owner,
    can_create_venue,
    can_delete_venue,
    can_edit_venue,
)
from scheduler_app.web import ViewResult, done, form_page, page_arg, require

bp = Blueprint("venues", __name__, url_prefix="/venues")

EDITOR_ROLES = (Role.ADMIN, Role.COORDINATOR, Role.HOST)


def _filters() -> services.VenueFilters:
    district = request.args.get("district", "")
    return services.VenueFilters(
        exchange_only=request.args.get("exchange") == "1",
        district_code=district if gazetteer().district(district) else None,
        search=request.args.get("q", "")[:200],
    )


def _link_args(filters: services.VenueFilters) -> dict[str, str]:
    args = {"q": filters.search, "district": filters.district_code or ""}
    if filters.exchange_only:
        args["exchange"] = "1"
    return {key: value for key, value in args.items() if value}


@bp.get("/")
def index() -> str:
    """All venues, knowledge-exchange centres first, with filters and search."""
    filters = _filters()
    page = db.paginate(
        services.venue_list_query(filters),
        page=page_arg(),
        per_page=current_app.config.get("VENUES_PAGE_SIZE", 25),
        error_out=False,
        count=True,
    )
    return render_template(
        "venues/index.html",
        page=page,
        filters=filters,
        link_args=_link_args(filters),
        can_create=can_create_venue(current_user),
    )


@bp.get("/<int:venue_id>")
def show(venue_id: int) -> str:
    """One venue: names, owner, where it is, what it offers."""
    venue = db.get_or_404(Venue, venue_id)
    return render_template(
        "venues/show.html",
        venue=venue,
        can_edit=can_edit_venue(current_user, venue),
        can_delete=can_delete_venue(current_user, venue),
    )


def _form(venue: Venue | None = None) -> VenueForm:
    form = VenueForm(obj=venue)
    owners = None
    if can_choose_owner(current_user):
        saved = venue.owner_member_id if venue is not None else None
        owners = member_source("parent", keep=[saved] if saved else [])
    form.set_choices(gazetteer(), current_locale(), owners)
    return form


def _input(form: VenueForm) -> services.VenueInput:
    return services.VenueInput(
        name_th=form.name_th.data or "",
        name_en=form.name_en.data or "",
        address=form.address.data or "",
        district_code=form.district_code.data or None,
        subdistrict_code=form.subdistrict_code.data or None,
        latitude=form.latitude.data,
        longitude=form.longitude.data,
        capacity=form.capacity.data,
        facilities=form.facilities.data or "",
        is_exchange_centre=bool(form.is_exchange_centre.data),
    )


def _chosen_owner(form: VenueForm) -> int | None:
    return form.owner_member_id.data or None


def _venue_page(venue: Venue) -> str:
    return url_for("venues.show", venue_id=venue.id)


@bp.route("/new", methods=["GET", "POST"])
@role_required(*EDITOR_ROLES)
def create() -> ViewResult:
    """Add a venue; a host's venue belongs to the host's organisation."""
    require(can_create_venue(current_user))
    form = _form()

    def save() -> Venue:
        owner = _chosen_owner(form) if can_choose_owner(current_user) else current_user.member_id
        return services.create_venue(_input(form), owner, gazetteer())

    saved = _("The venue was saved.")
    return form_page(form, "venues/form.html", save, then=_venue_page, saved=saved, venue=None)


@bp.route("/<int:venue_id>/edit", methods=["GET", "POST"])
@role_required(*EDITOR_ROLES)
def edit(venue_id: int) -> ViewResult:
    """Change a venue; only coordinators and admins may move it to another owner."""
    venue = db.get_or_404(Venue, venue_id)
    require(can_edit_venue(current_user, venue))
    form = _form(venue)

    def save() -> Venue:
        choose = can_choose_owner(current_user)
        owner = _chosen_owner(form) if choose else None
        services.update_venue(venue, _input(form), gazetteer(), owner, change_owner=choose)
        return venue

    saved = _("The venue was saved.")
    return form_page(form, "venues/form.html", save, then=_venue_page, saved=saved, venue=venue)


@bp.post("/<int:venue_id>/delete")
@role_required(Role.ADMIN, Role.COORDINATOR)
def delete(venue_id: int) -> WerkzeugResponse:
    """Delete a venue that nothing refers to yet."""
    venue = db.get_or_404(Venue, venue_id)
    require(can_delete_venue(current_user, venue))
    try:
        services.delete_venue(venue)
    except services.VenueInUseError:
        db.session.rollback()
        flash(_("This venue is used by events, so it cannot be deleted."), "error")
        return redirect(url_for("venues.show", venue_id=venue_id))
    return done(url_for("venues.index"), _("The venue was deleted."))
