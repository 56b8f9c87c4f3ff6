"""Outbox pages: the developer outbox (read mail that was not sent) and the admin view of
failed and pending mail with a resend button."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WerkzeugResponse

from scheduler_app.extensions import db, utcnow
from scheduler_app.mail import channels, services
from scheduler_app.mail.forms import ResendForm
from scheduler_app.mail.kinds import kind_label, language_name
from scheduler_app.mail.message import as_bytes, build_message
from scheduler_app.mail.models import OutboxMessage, OutboxStatus
from scheduler_app.mail.permissions import dev_outbox_required, outbox_admin_required
from scheduler_app.mail.sending import content_of
from scheduler_app.web import done, page_arg, require_posted

bp = Blueprint("mail", __name__)
bp.add_app_template_filter(kind_label, "mail_kind")
bp.add_app_template_filter(language_name, "language_name")

PAGE_SIZE = 50
ADMIN_STATUSES = (OutboxStatus.FAILED.value, OutboxStatus.PENDING.value, OutboxStatus.SENDING.value)
# The mail's own HTML has inline styles; shown alone, sandboxed, without scripts.
MAIL_PREVIEW_CSP = (
    "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data: https:; "
    "font-src data: https:; frame-ancestors 'self'"
)


@bp.get("/dev/outbox")
@dev_outbox_required
def dev_outbox() -> str:
    """Every queued message, newest first."""
    page = db.paginate(
        sa.select(OutboxMessage).order_by(OutboxMessage.id.desc()),
        page=page_arg(),
        per_page=PAGE_SIZE,
        error_out=False,
    )
    return render_template("mail_admin/dev_outbox.html", page=page)


@bp.get("/dev/outbox/<int:message_id>")
@dev_outbox_required
def dev_message(message_id: int) -> str:
    """One message: headers, text and a sandboxed view of the HTML."""
    message = db.get_or_404(OutboxMessage, message_id)
    return render_template("mail_admin/dev_message.html", message=message)


@bp.get("/dev/outbox/<int:message_id>/html")
@dev_outbox_required
def dev_message_html(message_id: int) -> Response:
    """The message's HTML part alone, for the preview frame."""
    message = db.get_or_404(OutboxMessage, message_id)
    response = Response(message.body_html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = MAIL_PREVIEW_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@bp.get("/dev/outbox/<int:message_id>.eml")
@dev_outbox_required
def dev_message_raw(message_id: int) -> Response:
    """The message exactly as it would go over SMTP."""
    message = db.get_or_404(OutboxMessage, message_id)
    try:
        raw = as_bytes(
            build_message(
                content_of(message), sender=current_app.config["MAIL_DEFAULT_SENDER"], now=utcnow()
            )
        )
    except ValueError:
        abort(404)
    return Response(raw, mimetype="text/plain")


@bp.get("/admin/outbox")
@outbox_admin_required
def admin_outbox() -> str:
    """Failed and waiting mail, failed first, with a resend button on failed rows."""
    status = request.args.get("status", "")
    statuses = (status,) if status in ADMIN_STATUSES else ADMIN_STATUSES
    failed_first = sa.case((OutboxMessage.status == OutboxStatus.FAILED.value, 0), else_=1)
    page = db.paginate(
        sa.select(OutboxMessage)
        .where(OutboxMessage.status.in_(statuses))
        .order_by(failed_first, OutboxMessage.send_after, OutboxMessage.id),
        page=page_arg(),
        per_page=PAGE_SIZE,
        error_out=False,
    )
    counts = services.count_by_status(ADMIN_STATUSES)
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    channel_months = [
        (sender.name, sender.monthly_quota(app), services.channel_use_by_month(sender.name))
        for sender in channels.senders(app)
    ]
    return render_template(
        "mail_admin/outbox.html",
        page=page,
        counts=counts,
        status=status,
        form=ResendForm(),
        channel_months=channel_months,
    )


@bp.post("/admin/outbox/<int:message_id>/resend")
@outbox_admin_required
def resend(message_id: int) -> WerkzeugResponse | tuple[str, int]:
    """Queue a failed message again with a fresh attempt count."""
    message = db.get_or_404(OutboxMessage, message_id)
    require_posted(ResendForm())
    if services.resend_mail(message, utcnow()):
        saved = _("The message to %(email)s is queued again.", email=message.recipient)
        return done(url_for("mail.admin_outbox"), saved)
    return done(url_for("mail.admin_outbox"), _("Only failed messages can be sent again."), "error")
