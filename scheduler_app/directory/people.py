"""A member's organisation chart: adding, editing and removing people, and their photos."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from scheduler_app.accounts.models import Person
from scheduler_app.accounts.notices import CONTACT_PURPOSES, consents_of
from scheduler_app.directory import photos, services
from scheduler_app.directory.blueprint import bp
from scheduler_app.directory.forms import ConfirmForm, NewPersonForm, PersonForm, PhotoForm
from scheduler_app.directory.models import Member
from scheduler_app.directory.permissions import (
    can_edit_chart_person,
    require_edit_chart_person,
    require_manage_member,
)
from scheduler_app.directory.publication import public_chart
from scheduler_app.extensions import db, utcnow


def _status(*forms: Any) -> int:
    return 400 if any(f.is_submitted() and f.errors for f in forms) else 200


def _render_chart(member: Member, form: NewPersonForm) -> tuple[str, int]:
    people = services.chart_people(member.id)
    page = render_template(
        "directory/people.html",
        member=member,
        people=people,
        public={entry.person.id: entry.show_photo for entry in public_chart(people)},
        form=form,
        confirm_form=ConfirmForm(),
        # only the people this actor may change get Edit / Remove (no buttons to a 403)
        can_edit=lambda person: can_edit_chart_person(current_user, member, person),
    )
    return page, _status(form)


def _chart_person(member_id: int, person_id: int) -> tuple[Member, Person]:
    member = db.get_or_404(Member, member_id)
    person = db.session.get(Person, person_id)
    require_manage_member(member)
    if person is None:
        abort(404)
    require_edit_chart_person(member, person)
    return member, person


@bp.get("/<int:member_id>/people")
def people(member_id: int) -> tuple[str, int]:
    """The chart with its management buttons and a form to add someone."""
    member = db.get_or_404(Member, member_id)
    require_manage_member(member)
    return _render_chart(member, NewPersonForm())


@bp.post("/<int:member_id>/people")
def add_person(member_id: int) -> Response | tuple[str, int]:
    """Add a new person (a new account without a password) to the chart."""
    member = db.get_or_404(Member, member_id)
    require_manage_member(member)
    form = NewPersonForm()
    if form.validate_on_submit():
        try:
            services.add_person_to_chart(
                member,
                form.email.data,
                form.data,
                current_user,
                agreed=form.agreed_purposes(),
                now=utcnow(),
            )
        except services.DuplicateEmail:
            db.session.rollback()
            form.email.errors.append(_("Someone already has an account with this e-mail address."))
            return _render_chart(member, form)
        db.session.commit()
        flash(_("The person was added to the chart."), "success")
        return redirect(url_for(".people", member_id=member.id))
    return _render_chart(member, form)


def _person_form(person: Person, **kwargs: Any) -> PersonForm:
    """The chart form; the consent ticks only for a contact (accounts answer themselves)."""
    form = PersonForm(obj=person, **kwargs)
    if person.is_contact:
        if not form.is_submitted() or kwargs.get("formdata", True) is None:
            agreed = consents_of([person.id], CONTACT_PURPOSES)
            form.shown_publicly.data = agreed.get((person.id, "public_chart"), False)
            form.photo_public.data = agreed.get((person.id, "photos"), False)
    else:
        del form.shown_publicly
        del form.photo_public
    return form


def _render_person(
    member: Member, person: Person, form: PersonForm, photo_form: PhotoForm
) -> tuple[str, int]:
    entries = public_chart([person])
    page = render_template(
        "directory/person_edit.html",
        member=member,
        person=person,
        is_public=bool(entries),
        photo_is_public=bool(entries and entries[0].show_photo),
        form=form,
        photo_form=photo_form,
        confirm_form=ConfirmForm(),
    )
    return page, _status(form, photo_form)


@bp.route("/<int:member_id>/people/<int:person_id>/edit", methods=["GET", "POST"])
def edit_person(member_id: int, person_id: int) -> Response | tuple[str, int]:
    """Change a person's title, names, position and place in the chart."""
    member, person = _chart_person(member_id, person_id)
    form = _person_form(person)
    if form.validate_on_submit():
        services.update_person(person, form.data)
        services.update_contact_consents(person, form.agreed_purposes(), utcnow())
        db.session.commit()
        flash(_("The changes were saved."), "success")
        return redirect(url_for(".people", member_id=member.id))
    return _render_person(member, person, form, PhotoForm(formdata=None))


@bp.post("/<int:member_id>/people/<int:person_id>/photo")
def upload_photo(member_id: int, person_id: int) -> Response | tuple[str, int]:
    """Replace a person's photo with a checked, re-encoded copy of the upload."""
    member, person = _chart_person(member_id, person_id)
    photo_form = PhotoForm()
    if photo_form.validate_on_submit():
        upload = photo_form.photo.data
        max_bytes = current_app.config["PHOTO_MAX_BYTES"]
        data = upload.stream.read(max_bytes + 1) if upload else b""
        try:
            jpeg = photos.process_photo(data, max_bytes)
        except photos.PhotoError as error:
            photo_form.photo.errors.append(error.message)
        else:
            upload_dir = current_app.config["UPLOAD_DIR"]
            old = services.replace_photo(person, jpeg, upload_dir)
            db.session.commit()
            photos.delete_photo(upload_dir, old)
            flash(_("The photo was saved."), "success")
            return redirect(url_for(".edit_person", member_id=member.id, person_id=person.id))
    return _render_person(member, person, _person_form(person, formdata=None), photo_form)


@bp.post("/<int:member_id>/people/<int:person_id>/remove")
def remove_person(member_id: int, person_id: int) -> Response:
    """Take someone off the chart; their account stays."""
    member, person = _chart_person(member_id, person_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.remove_from_chart(person)
    db.session.commit()
    flash(_("%(name)s was removed from the chart.", name=person.display_name), "success")
    return redirect(url_for(".people", member_id=member.id))
