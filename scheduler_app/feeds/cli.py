"""``flask --app scheduler_app feeds prune-vevents``: drop shared VEVENT bytes of old versions."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from scheduler_app.extensions import db
from scheduler_app.feeds import shared_vevents

feeds_cli = AppGroup("feeds", help="Calendar feeds.")


@feeds_cli.command("prune-vevents")
def prune_vevents_command() -> int:
    """Delete stored VEVENTs of events that were edited or deleted since; prints how many."""
    removed = shared_vevents.prune(db.session)
    db.session.commit()
    click.echo(f"stored VEVENTs removed: {removed}")
    return removed  # counted in the job's log line
