"""Outbox forms: the resend button is a form so it carries a CSRF token."""

from __future__ import annotations

from scheduler_app.forms import BaseForm


class ResendForm(BaseForm):
    """Put one failed message back in the queue (no fields but the CSRF token)."""
