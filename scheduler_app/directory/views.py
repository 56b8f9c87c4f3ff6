"""The member directory: list, member pages, adding and editing members, photos."""

from __future__ import annotations

from typing import Any

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
)
from flask import url_for as flask_url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from scheduler_app.accounts.models import Person, Role
from scheduler_app.accounts.permissions import can_manage_member, is_staff, role_required
from scheduler_app.core.text import normalise_query
from scheduler_app.directory import photos, presenters, services
from scheduler_app.directory.blueprint import bp
from scheduler_app.directory.forms import (
    KIND_LABELS,
    ORG_TYPE_LABELS,
    ConfirmForm,
    MemberForm,
    district_choices,
)
from scheduler_app.directory.lookup import member_source
from scheduler_app.directory.models import Member
from scheduler_app.directory.permissions import (
    can_create_member,
    can_deactivate_member,
    require,
    require_create_member,
    require_manage_member,
)
from scheduler_app.directory.profile_services import active_topics
from scheduler_app.directory.publication import (
    photo_is_public,
    public_chart,
    published_contact_email,
)
from scheduler_app.directory.signals import member_page_sections
from scheduler_app.extensions import db
from scheduler_app.i18n import current_locale, gazetteer

MAX_PAGE = 100_000


@bp.context_processor
def directory_helpers() -> dict[str, Any]:
    return {
        "kind_labels": KIND_LABELS,
        "org_type_labels": ORG_TYPE_LABELS,
        "can_create": can_create_member(current_user),
        "kind_label": lambda kind: KIND_LABELS.get(kind or "", ""),
        "org_type_label": lambda org_type: ORG_TYPE_LABELS.get(org_type or "", ""),
        "initials": presenters.initials,
        "can_manage_member": lambda member: can_manage_member(current_user, member),
    }


def _filters_from_args() -> services.MemberFilters:
    """Read the list's filters; values that are not known choices are ignored."""
    args = request.args
    kind = args.get("kind", "")
    org_type = args.get("org_type", "")
    district = args.get("district", "")
    return services.MemberFilters(
        q=normalise_query(args.get("q", "").replace("\x00", "")),
        kind=kind if kind in KIND_LABELS else "",
        org_type=org_type if org_type in ORG_TYPE_LABELS else "",
        district=district if gazetteer().district(district) else "",
        **{key: _topic_arg(key) for key in ("topic", "offer", "need")},
    )


def _topic_arg(key: str) -> str:
    raw = request.args.get(key, "")
    return raw if raw.isdigit() and len(raw) < 10 else ""


def _page_arg() -> int:
    raw = request.args.get("page", "1")
    return min(max(int(raw), 1), MAX_PAGE) if raw.isdigit() and len(raw) < 8 else 1


@bp.get("/")
def index() -> str:
    """Search and browse the members of the network."""
    filters = _filters_from_args()
    page = services.member_page(filters, _page_arg(), current_app.config["DIRECTORY_PAGE_SIZE"])
    locale = current_locale()
    return render_template(
        "directory/index.html",
        page=page,
        filters=filters,
        districts=district_choices(gazetteer(), locale),
        gaz=gazetteer(),
        topics=active_topics(),
    )


@bp.get("/<int:member_id>")
def show(member_id: int) -> str:
    """A member's page: where it is, who belongs to it, who works there, visitor briefing."""
    member = db.get_or_404(Member, member_id)
    tree, lookup = services.member_tree(member)
    # The show URL ends in the id: built once, not once per member of a large tree.
    show_prefix = flask_url_for("directory.show", member_id=0).removesuffix("0")
    tree_markup = presenters.tree_html(
        tree,
        lookup,
        current_locale(),
        member_url=lambda member_id: f"{show_prefix}{member_id}",
        kind_labels={kind: str(label) for kind, label in KIND_LABELS.items()},
        inactive=_("Inactive"),
    )
    gaz = gazetteer()
    has_point = member.latitude is not None and member.longitude is not None
    return render_template(
        "directory/show.html",
        member=member,
        tree=tree,
        tree_markup=tree_markup,
        people=public_chart(services.chart_people(member.id)),
        gaz=gaz,
        locator=presenters.locator_map(gaz, member.latitude, member.longitude),
        osm_url=presenters.osm_url(member.latitude, member.longitude) if has_point else None,
        can_deactivate=can_deactivate_member(current_user) and member.is_active,
        confirm_form=ConfirmForm(),
        sections=member_page_sections(member),
        contact_email=published_contact_email(member),
    )


def _member_form(member: Member | None) -> MemberForm:
    blocked: set[int] = set()
    if member is not None:
        blocked = {member.id} | services.subtree_ids(member.id)
    form = MemberForm(
        obj=member,
        gazetteer=gazetteer(),
        locale=current_locale(),
        blocked_parent_ids=blocked,
    )
    form.parent_id.source = member_source("parent", blocked=blocked)
    if not is_staff(current_user):
        del form.is_active
    return form


def _form_values(form: MemberForm) -> dict[str, Any]:
    return {name: form[name].data for name in services.MEMBER_FIELDS if name in form}


def _render_form(form: MemberForm, member: Member | None) -> tuple[str, int]:
    status = 400 if form.is_submitted() and form.errors else 200
    return render_template("directory/form.html", form=form, member=member), status


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.ADMIN, Role.COORDINATOR)
def new() -> Response | tuple[str, int]:
    """Add a member (coordinators and admins)."""
    require_create_member()
    form = _member_form(None)
    if form.validate_on_submit():
        member = services.create_member(_form_values(form), gazetteer())
        db.session.commit()
        flash(_("The member was added."), "success")
        return redirect(flask_url_for(".show", member_id=member.id))
    return _render_form(form, None)


@bp.route("/<int:member_id>/edit", methods=["GET", "POST"])
def edit(member_id: int) -> Response | tuple[str, int]:
    """Change a member's details (coordinators, admins and the member's own hosts)."""
    member = db.get_or_404(Member, member_id)
    require_manage_member(member)
    form = _member_form(member)
    if form.validate_on_submit():
        try:
            services.update_member(member, _form_values(form), gazetteer())
        except services.ParentCycle:
            db.session.rollback()
            form.parent_id.errors.append(
                _("A member cannot belong to itself or to one of its own sub-members.")
            )
            return _render_form(form, member)
        db.session.commit()
        flash(_("The changes were saved."), "success")
        return redirect(flask_url_for(".show", member_id=member.id))
    return _render_form(form, member)


@bp.post("/<int:member_id>/deactivate")
@role_required(Role.ADMIN, Role.COORDINATOR)
def deactivate(member_id: int) -> Response:
    """Take a member out of the directory; its history stays."""
    member = db.get_or_404(Member, member_id)
    require(can_deactivate_member(current_user))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.deactivate_member(member)
    db.session.commit()
    flash(_("The member was deactivated. You can reactivate it from the edit page."), "success")
    return redirect(flask_url_for(".show", member_id=member.id))


@bp.get("/photos/<filename>")
def photo(filename: str) -> Response:
    """A chart photo, for anyone only while its person agrees to it being public (so a
    withdrawal hides it at once: caches must ask again every time, answered by ETag);
    otherwise only for the person and those who manage their chart."""
    if not photos.is_photo_filename(filename):
        abort(404)
    person = db.session.execute(
        db.select(Person).where(Person.photo_filename == filename)
    ).scalar_one_or_none()
    if person is None:
        abort(404)
    public = photo_is_public(person)
    if not public and not _may_see_private_photo(person):
        abort(404)
    folder = photos.photo_dir(current_app.config["UPLOAD_DIR"])
    response = send_from_directory(folder, filename, max_age=0)
    response.headers["Cache-Control"] = "public, no-cache" if public else "private, no-store"
    response.headers["Vary"] = "Cookie"
    return response


def _may_see_private_photo(person: Person) -> bool:
    if not current_user.is_authenticated:
        return False
    if current_user.id == person.id:
        return True
    return person.member is not None and can_manage_member(current_user, person.member)


# Registers the chart, profile and topics routes on this blueprint.
