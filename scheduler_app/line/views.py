"""LINE pages: the webhook, one's LINE settings (code, QR code, choices, unlink) and the
coordinators' quota page. Everything but the webhook needs LINE to be on; the webhook is
the only CSRF-exempt route here (it is signed)."""

from __future__ import annotations

import io
import json
import logging
from typing import Any

import segno
from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from scheduler_app.accounts import channels
from scheduler_app.extensions import csrf, db, utcnow
from scheduler_app.forms import BaseForm
from scheduler_app.line import linking, operations, quota, settings, webhook
from scheduler_app.line.channel import linked_count
from scheduler_app.line.forms import ChoicesForm, way_of
from scheduler_app.line.permissions import can_see_quota
from scheduler_app.mail.services import channel_use_by_month
from scheduler_app.mail.signals import planned_audiences
from scheduler_app.web import done, require, require_login, require_posted, submit

bp = Blueprint("line", __name__)
log = logging.getLogger(__name__)


def _require_line() -> None:
    """Signed in, and LINE is on (404 otherwise: the pages do not exist)."""
    require_login()
    if not settings.is_enabled():
        abort(404)


def add_friend_url(code: str | None = None) -> str:
    """The Official Account's chat, with the code typed in when there is one."""
    basic_id = str(current_app.config.get("LINE_BASIC_ID") or "")
    if not basic_id:
        return ""
    if code:
        return f"https://line.me/R/oaMessage/{basic_id}/?{code}"
    return f"https://line.me/R/ti/p/{basic_id}"


@bp.app_template_global()
def line_profile(choices_form: ChoicesForm | None = None) -> dict[str, Any] | None:
    """What the LINE part of the profile page shows; None when LINE is off."""
    if not settings.is_enabled() or not current_user.is_authenticated:
        return None
    person = current_user._get_current_object()
    code = linking.current_code(person, utcnow())
    if choices_form is None:
        choices_form = ChoicesForm(formdata=None, prefix="line")
        choices_form.fill({t: way_of(*ways) for t, ways in operations.current(person).items()})
    return {
        "linked": bool(person.line_user_id),
        "linked_at": person.line_linked_at,
        "code": code.code if code else None,
        "expires_at": linking.expires_at(code) if code else None,
        "chat_url": add_friend_url(code.code if code else None),
        "form": choices_form,
        "action_form": BaseForm(formdata=None),
        "topic_labels": channels.topic_labels(),
    }


@bp.get("/line")
def settings_page() -> str:
    """The LINE part of the profile on a page of its own."""
    _require_line()
    return render_template("line/settings.html")


@bp.post("/line/code")
def new_code() -> WerkzeugResponse:
    """A fresh one-time code to send to the Official Account."""
    _require_line()
    require_posted(BaseForm())
    linking.new_code(current_user._get_current_object(), utcnow())
    return done(url_for("line.settings_page") + "#line")


@bp.get("/line/code.svg")
def code_qr() -> Response:
    """The QR code of the chat link carrying the person's current code."""
    _require_line()
    code = linking.current_code(current_user._get_current_object(), utcnow())
    url = add_friend_url(code.code if code else None)
    if not url:
        abort(404)
    # A standalone file (XML declaration and the SVG namespace): a browser shows an <img>
    # of an SVG only with its namespace, which segno's inline form leaves out.
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=5, dark="#111827", light="#ffffff")
    response = Response(out.getvalue(), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/line/unlink")
def unlink() -> WerkzeugResponse:
    """Forget the linked LINE account (one click)."""
    _require_line()
    require_posted(BaseForm())
    unlinked = linking.unlink(current_user._get_current_object(), utcnow())
    saved = _("Your LINE account is no longer linked. Nothing more will be sent there.")
    return done(url_for("line.settings_page"), saved if unlinked else None)


@bp.post("/line/choices")
def save_choices() -> WerkzeugResponse | tuple[str, int]:
    """E-mail, LINE, both or neither, per topic."""
    _require_line()
    form = ChoicesForm(prefix="line")
    return submit(
        form,
        lambda: render_template("line/settings.html", choices_form=form),
        lambda: operations.apply_choices(
            current_user._get_current_object(), form.chosen(), utcnow()
        ),
        then=url_for("line.settings_page"),
        saved=_("Your choices are saved."),
    )


@bp.get("/line/quota")
def quota_page() -> str:
    """This month's LINE quota, what the next digest would use, use per month."""
    _require_line()
    require(can_see_quota(current_user))
    now = utcnow()
    return render_template(
        "line/quota.html",
        plan=quota.plan(now, quota.digest_audience()),
        campaigns=[
            (label, quota.plan(now, count))
            for label, count in planned_audiences(settings.CHANNEL, now)
        ],
        months=channel_use_by_month(settings.CHANNEL),
        linked=linked_count(),
    )


@bp.post("/line/webhook")
def receive_webhook() -> tuple[str, int]:
    """LINE's webhook: verified before anything is read, answered fast."""
    if not settings.is_enabled():
        abort(404)
    if (request.content_length or 0) > webhook.BODY_MAX:
        abort(413)
    body = request.get_data(cache=False)
    signature = request.headers.get("X-Line-Signature", "")
    if not webhook.verify(current_app.config["LINE_CHANNEL_SECRET"], body, signature):
        log.warning("LINE webhook refused: bad signature from %s", request.remote_addr)
        return "bad signature", 403
    try:
        payload = json.loads(body)
    except ValueError:
        log.warning("LINE webhook refused: signed body is not JSON")
        return "bad body", 400
    if not isinstance(payload, dict) or not isinstance(payload.get("events", []), list):
        log.warning("LINE webhook refused: signed body is not a list of events")
        return "bad body", 400
    outcome = webhook.handle(payload, utcnow())
    db.session.commit()
    webhook.send_replies(outcome.replies)
    if outcome.replays and not outcome.handled:
        return "replay", 409
    return "", 200


csrf.exempt(receive_webhook)
