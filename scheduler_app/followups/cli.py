"""``flask followups run``: queue every follow-up that is due now (idempotent)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from scheduler_app.extensions import db, utcnow
from scheduler_app.followups.jobs import run_all

followups_cli = AppGroup("followups", help="Reminders, thank-yous, digests and win-backs.")


@followups_cli.command("run")
def run_command() -> dict[str, int]:
    """Queue the welcomes, reminders, briefings, thank-yous, digests and win-backs due now."""
    counts = run_all(utcnow())
    db.session.commit()
    db.session.remove()
    click.echo(", ".join(f"{kind} {n}" for kind, n in counts.items()))
    return counts  # counted in the job's log line
