"""A member's profile (topics, size, official code, service area, offers and needs)
and the shared topics list."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from scheduler_app.directory import profile_services as services
from scheduler_app.directory.blueprint import bp
from scheduler_app.directory.forms import ConfirmForm
from scheduler_app.directory.models import Member
from scheduler_app.directory.permissions import (
    can_create_member,
    require,
    require_manage_member,
)
from scheduler_app.directory.profile_forms import (
    OFFER_KIND_LABELS,
    NeedForm,
    OfferForm,
    ProfileForm,
    TopicForm,
)
from scheduler_app.directory.profile_models import MemberNeed, MemberOffer, Topic, TopicRole
from scheduler_app.extensions import db
from scheduler_app.i18n import current_locale, gazetteer

ViewResult = Response | tuple[str, int]


def _forms(member: Member, profile: ProfileForm | None = None, **kw: Any) -> dict[str, Any]:
    topics, locale = services.active_topics(), current_locale()
    if profile is None:
        profile = ProfileForm(obj=member, topics=topics, gazetteer=gazetteer(), locale=locale)
        profile.interests.data = member.topic_ids(TopicRole.INTEREST)
        profile.expertise.data = member.topic_ids(TopicRole.EXPERTISE)
        profile.service_area.data = member.service_area_codes
    return {
        "member": member,
        "form": profile,
        "offer_form": kw.get("offer_form")
        or OfferForm(formdata=None, topics=topics, locale=locale),
        "need_form": kw.get("need_form") or NeedForm(formdata=None, topics=topics, locale=locale),
        "confirm_form": ConfirmForm(),
        "offer_kinds": OFFER_KIND_LABELS,
    }


def _render(member: Member, status: int = 200, **kw: Any) -> tuple[str, int]:
    return render_template("directory/profile.html", **_forms(member, **kw)), status


def _managed(member_id: int) -> Member:
    member = db.get_or_404(Member, member_id)
    require_manage_member(member)
    return member


@bp.route("/<int:member_id>/profile", methods=["GET", "POST"])
def profile(member_id: int) -> ViewResult:
    """What the member is about, its size and service area (its hosts and coordinators)."""
    member = _managed(member_id)
    form = ProfileForm(
        topics=services.active_topics(), gazetteer=gazetteer(), locale=current_locale()
    )
    if not form.is_submitted():
        return _render(member)
    if not form.validate():
        return _render(member, 400, profile=form)
    try:
        services.update_profile(member, form.data)
        db.session.flush()
    except (services.OfficialCodeTaken, IntegrityError):
        db.session.rollback()
        member = db.get_or_404(Member, member_id)
        form.official_code.errors = [_("Another member already has this official code.")]
        return _render(member, 400, profile=form)
    db.session.commit()
    flash(_("The changes were saved."), "success")
    return redirect(url_for(".show", member_id=member.id))


def _add_item(
    member_id: int,
    form_class: type[OfferForm | NeedForm],
    form_name: str,
    add: Callable[[Member, Mapping[str, Any]], object],
    message: str,
) -> ViewResult:
    """Add an offer or a need from its form; the profile again with the errors if invalid."""
    member = _managed(member_id)
    form = form_class(topics=services.active_topics(), locale=current_locale())
    if not form.validate_on_submit():
        return _render(member, 400, **{form_name: form})
    add(member, form.data)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(".profile", member_id=member.id))


@bp.post("/<int:member_id>/offers")
def add_offer(member_id: int) -> ViewResult:
    """Add something the member can teach, lend or call its staff for."""
    return _add_item(
        member_id, OfferForm, "offer_form", services.add_offer, _("The offer was added.")
    )


@bp.post("/<int:member_id>/needs")
def add_need(member_id: int) -> ViewResult:
    """Add something the member wants to learn."""
    return _add_item(member_id, NeedForm, "need_form", services.add_need, _("The need was added."))


@bp.post("/<int:member_id>/<any(offers, needs):what>/<int:item_id>/delete")
def remove_item(member_id: int, what: str, item_id: int) -> Response:
    """Remove one offer or need."""
    member = _managed(member_id)
    model = MemberOffer if what == "offers" else MemberNeed
    item = db.session.get(model, item_id)
    if item is None or item.member_id != member.id:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db.session.delete(item)
    db.session.commit()
    flash(_("Removed."), "success")
    return redirect(url_for(".profile", member_id=member.id))


@bp.route("/topics", methods=["GET", "POST"])
def topics() -> ViewResult:
    """The shared topics list: coordinators add and rename topics, or retire one."""
    require(can_create_member(current_user))
    form = TopicForm()
    if form.validate_on_submit():
        services.add_topic(form.name_th.data, form.name_en.data or "")
        db.session.commit()
        flash(_("The topic was added."), "success")
        return redirect(url_for(".topics"))
    status = 400 if form.is_submitted() else 200
    return render_template("directory/topics.html", form=form, topics=services.all_topics()), status


@bp.post("/topics/<int:topic_id>")
def edit_topic(topic_id: int) -> ViewResult:
    """Rename a topic or take it out of use (links to it stay)."""
    require(can_create_member(current_user))
    topic = db.get_or_404(Topic, topic_id)
    form = TopicForm()
    if not form.validate_on_submit():
        page = render_template("directory/topics.html", form=form, topics=services.all_topics())
        return page, 400
    services.update_topic(topic, form.name_th.data, form.name_en.data or "", form.is_active.data)
    db.session.commit()
    flash(_("The topic was saved."), "success")
    return redirect(url_for(".topics"))
