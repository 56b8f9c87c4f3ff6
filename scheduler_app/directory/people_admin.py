"""People administration: admins and coordinators list people, set their roles and the
organisation they work for (it lives here, above accounts, because it needs both)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from scheduler_app.accounts import forms, services
from scheduler_app.accounts.models import Person, Role
from scheduler_app.accounts.permissions import (
    assignable_roles,
    can_edit_person,
    role_required,
)
from scheduler_app.accounts.views import ViewResult
from scheduler_app.directory.lookup import member_source
from scheduler_app.extensions import db, utcnow
from scheduler_app.web import page_arg, submit

bp = Blueprint("people", __name__)

STAFF = (Role.ADMIN, Role.COORDINATOR)


@bp.get("/admin/people")
@role_required(*STAFF)
def people_admin() -> ViewResult:
    """List people, searchable by name or e-mail, with their role and organisation."""
    search = forms.PeopleSearchForm(request.args)
    query = search.q.data if search.validate() else ""
    page = services.search_people(
        query or "",
        page=page_arg(),
        per_page=int(current_app.config.get("DIRECTORY_PAGE_SIZE", 25)),
    )
    return render_template(
        "directory/people_admin.html",
        search=search,
        page=page,
        query=query or "",
        role_labels=forms.role_labels(),
        can_edit=lambda person: can_edit_person(current_user, person),
    )


@bp.route("/admin/people/<int:person_id>", methods=["GET", "POST"])
@role_required(*STAFF)
def person_admin(person_id: int) -> ViewResult:
    """Change one person's role, organisation and whether they may log in."""
    person = db.get_or_404(Person, person_id)
    if not can_edit_person(current_user, person):
        abort(403)
    form = forms.PersonAdminForm(obj=person)
    _fill_choices(form, person)
    if request.method == "GET":
        form.member_id.data = person.member_id

    def render() -> str:
        return render_template("directory/person_admin.html", form=form, person=person)

    def apply() -> None:
        services.update_person_admin(
            person,
            role=form.role.data,
            member_id=form.member_id.data,
            is_active_account=bool(form.is_active_account.data),
            actor=current_user,
            now=utcnow(),
        )

    return submit(
        form, render, apply, then=url_for("people.people_admin"),
        saved=_("Saved the changes to %(name)s.", name=person.display_name),
    )  # fmt: skip


def _fill_choices(form: forms.PersonAdminForm, person: Person) -> None:
    labels = forms.role_labels()
    form.role.choices = [SelectChoice(r, labels[r]) for r in assignable_roles(current_user)]
    # An inactive organisation stays selectable, so saving does not drop it silently.
    form.member_id.source = member_source(keep=[person.member_id] if person.member_id else [])
