"""``flask --app scheduler_app privacy purge``: remove personal data past its period."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from scheduler_app.extensions import db, utcnow
from scheduler_app.privacy.retention import PurgeSummary, purge

privacy_cli = AppGroup("privacy", help="Data protection: retention.")


@privacy_cli.command("purge")
def purge_command() -> PurgeSummary:
    """Purge cancelled registrations, sent mail bodies and later their rows, unconfirmed
    sign-ups and old audit entries older than their RETENTION_*_DAYS; prints what it
    removed."""
    summary = purge(utcnow(), dict(current_app.config))
    db.session.commit()
    click.echo(
        f"cancelled registrations: {summary.cancelled_registrations}, "
        f"mail bodies: {summary.mail_bodies}, "
        f"unconfirmed sign-ups: {summary.unconfirmed_signups}, "
        f"mail rows: {summary.mail_rows}, "
        f"audit entries: {summary.audit_entries}"
    )
    return summary  # counted in the job's log line
