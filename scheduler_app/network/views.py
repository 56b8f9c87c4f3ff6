"""The network pages: the picture and measures (members), health and suggestions
(coordinators). They read the stored computation; see ``compute``."""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import timedelta
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from scheduler_app.directory.profile_models import Topic
from scheduler_app.events.labels import LEVEL_LABELS
from scheduler_app.extensions import db, utcnow
from scheduler_app.i18n import current_locale
from scheduler_app.network import (
    background,
    compute,
    page_cache,
    period_choice,
    picture,
    queries,
    sentences,
    versioning,
)
from scheduler_app.network.forms import IntroductionForm, RecomputeForm
from scheduler_app.network.participation import Participation, parse_mix
from scheduler_app.network.permissions import can_see_health, can_see_network, require
from scheduler_app.web import page_arg

bp = Blueprint("network", __name__, url_prefix="/network")
versioning.install()

PERIODS = {"12": 365, "24": 730}


@bp.context_processor
def network_helpers() -> dict[str, Any]:
    return {
        "role_labels": sentences.ROLE_LABELS,
        "role_sentences": sentences.ROLE_SENTENCES,
        "evidence_labels": sentences.EVIDENCE_LABELS,
        "parse_mix": parse_mix,
        "level_labels": LEVEL_LABELS,
        "can_see_health": can_see_health(current_user),
    }


def ensure_fresh() -> None:
    """Inline on a small network, queued on Celery when configured, else cron: see
    ``background``. Pages read the stored computation either way."""
    background.ensure_fresh(utcnow())


def _arg_in(name: str, allowed: Collection[str], default: str = "") -> str:
    """A query argument, or ``default`` when it is not one of ``allowed``."""
    value = request.args.get(name, default)
    return value if value in allowed else default


def _tie_filter(period: str, kind: str) -> queries.TieFilter:
    """The ties of ``period`` (a key of ``PERIODS``; "" for all) and ``kind`` ("": any)."""
    days = PERIODS.get(period)
    return queries.TieFilter(since=utcnow() - timedelta(days=days) if days else None, kind=kind)


@bp.get("")
def index() -> str:
    """The network picture, its numbers in plain words, and my organisation's measures."""
    require(can_see_network(current_user))
    ensure_fresh()
    size_by = _arg_in("size", picture.SIZE_BY, "degree")
    period = _arg_in("period", PERIODS)
    kind = _arg_in("kind", queries.TIE_KINDS)
    summary, state = queries.summary()
    picture_body = page_cache.body(
        "index",
        f"size={size_by}&period={period}&kind={kind}",
        utcnow(),
        lambda: _picture_body(summary, size_by, period, kind),
    )
    own = queries.measure_of(current_user.member_id) if current_user.member_id else None
    own_period = period_choice.chosen_period("part")
    own_part = (
        period_choice.participation_of(own_period, [own.member_id]).get(own.member_id)
        if own
        else None
    )
    return render_template(
        "network/index.html",
        state=state,
        picture_body=picture_body,
        own=own,
        own_period=own_period,
        own_part=own_part or Participation(),
        period_choices=period_choice.period_choices(),
        visit_sentence=sentences.visit_sentence(own.visits_made, own.visits_received)
        if own
        else "",
        middle_suggestions=_middle_suggestions(),
        form=IntroductionForm(formdata=None),
    )


def _picture_body(summary: dict[str, Any], size_by: str, period: str, kind: str) -> str:
    """The picture and the network's numbers (cached: ``page_cache``)."""
    nodes, ties = queries.picture(_tie_filter(period, kind))
    drawn, lines = picture.draw(nodes, ties, current_locale(), size_by)
    return render_template(
        "network/_picture_body.html",
        numbers=sentences.network_sentences(summary),
        nodes=drawn,
        lines=lines,
        clusters=picture.clusters(drawn),
        size_by=size_by,
        size_choices=picture.SIZE_BY,
        period=period,
        kind=kind,
        kinds=queries.TIE_KINDS,
    )


def _middle_suggestions() -> list[Any]:
    """Open triangles a host's own organisation sits in the middle of."""
    if current_user.role != "host" or not current_user.member_id:
        return []
    return queries.suggestions_for_middle(current_user.member_id)


@bp.get("/health")
def health() -> str:
    """Network health for coordinators: numbers now and at past exchanges, changes."""
    require(can_see_health(current_user))
    ensure_fresh()
    role = _arg_in("role", queries.ROLES)
    page = page_arg()
    body = page_cache.body(
        "health", f"role={role}&page={page}", utcnow(), lambda: _health_body(role, page)
    )
    return render_template("network/health.html", body=body)


def _health_body(role: str, page_number: int) -> str:
    """Everything the health page shows (cached: ``page_cache``)."""
    summary, state = queries.summary()
    page = queries.measures_page(role, page_number)
    changes = summary.get("changes", {}) if summary else {}
    pair_ids = {i for p in changes.get("new_pairs", []) + changes.get("lost_pairs", []) for i in p}
    return render_template(
        "network/_health_body.html",
        summary=summary,
        state=state,
        numbers=sentences.network_sentences(summary),
        snapshots=[(s, json.loads(s.summary)) for s in queries.snapshots()],
        changes=changes,
        names=queries.members_by_id(pair_ids),
        role=role,
        roles=queries.ROLES,
        page=page,
        counts=compute.introduction_counts(),
        introductions=queries.recent_introductions(),
        csrf_mark=page_cache.CSRF_MARK,
    )


@bp.get("/suggestions")
def suggestions() -> str:
    """Suggested introductions with their reasons, and a button to send each."""
    require(can_see_health(current_user))
    ensure_fresh()
    member = request.args.get("member", type=int)
    body = page_cache.body(
        "suggestions", f"member={member or ''}", utcnow(), lambda: _suggestions_body(member)
    )
    return render_template("network/suggestions.html", body=body)


def _suggestions_body(member: int | None) -> str:
    """The suggestions with their reasons and forms (cached: ``page_cache``)."""
    found = queries.suggestions(member_id=member)
    raw = {s.id: json.loads(s.reasons) for s in found}
    locale = current_locale()
    names = {
        i: m.display_name(locale)
        for i, m in queries.members_by_id(_reason_member_ids(raw.values())).items()
    }
    topics = {t.id: t.display_name(locale) for t in db.session.execute(db.select(Topic)).scalars()}
    reasons = {
        s.id: sentences.reason_sentences(raw[s.id], s.a_member, s.b_member, topics, names, locale)
        for s in found
    }
    return render_template(
        "network/_suggestions_body.html",
        suggestions=found,
        reasons=reasons,
        counts=compute.introduction_counts(),
        member=member,
        csrf_mark=page_cache.CSRF_MARK,
    )


def _reason_member_ids(all_reasons: Any) -> set[int]:
    return {int(v) for rs in all_reasons for r in rs if r["code"] == "common" for v in r["values"]}


@bp.post("/recompute")
def recompute() -> Response:
    """Recompute now (coordinators), e.g. after importing records."""
    require(can_see_health(current_user))
    if not RecomputeForm().validate_on_submit():
        flash(_("The form expired. Please try again."), "error")
        return redirect(url_for(".health"))
    if background.queue_recompute(force=True):
        flash(_("The network will be recomputed in the background in a moment."), "success")
        return redirect(url_for(".health"))
    if not background.inline_allowed():
        flash(
            _(
                "This network is too large to recompute while you wait. It is recomputed by "
                "the scheduled job (flask network recompute --if-stale) or a background worker."
            ),
            "error",
        )
        return redirect(url_for(".health"))
    compute.recompute(utcnow())
    db.session.commit()
    flash(_("The network was recomputed."), "success")
    return redirect(url_for(".health"))


from scheduler_app.network import export_views, intro_views, participation_views  # noqa: E402, F401
