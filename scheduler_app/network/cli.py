"""``flask network recompute``: store snapshots of ended exchanges, recompute the
measures, picture and suggestions, and take a snapshot of now."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from scheduler_app.extensions import db, utcnow
from scheduler_app.network import compute

network_cli = AppGroup("network", help="The network's ties, measures and introductions.")


@network_cli.command("recompute")
@click.option("--snapshot/--no-snapshot", default=True, help="Also store a snapshot of now.")
@click.option("--if-stale", is_flag=True, help="Do nothing when no activity changed.")
def recompute_command(snapshot: bool, if_stale: bool) -> None:
    """Recompute the network from the activities (run from cron or Celery beat)."""
    if if_stale and not compute.is_stale():
        click.echo("network: up to date")
        return
    now = utcnow()
    due = compute.store_due_snapshots(now)
    # The snapshot of now comes from the same computation (measured once, not twice).
    state = compute.recompute(now, snapshot_label="recompute" if snapshot else None)
    message = (
        f"network: version {state.computed_version}, {state.seconds:.2f} s, "
        f"{len(due)} exchange snapshot(s)" + (", 1 snapshot of now" if snapshot else "")
    )
    db.session.commit()
    db.session.remove()
    click.echo(message)
