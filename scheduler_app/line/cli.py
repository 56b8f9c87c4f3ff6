"""``flask line quota``: this month's LINE quota and what the next digest would use."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from scheduler_app.extensions import utcnow
from scheduler_app.line import quota, settings

line_cli = AppGroup("line", help="The LINE Official Account.")


@line_cli.command("quota")
def quota_command() -> None:
    """Print the month's quota, use, and the next digest's plan."""
    if not settings.is_enabled():
        click.echo("LINE is off (LINE_CHANNEL_SECRET / LINE_CHANNEL_ACCESS_TOKEN unset)")
        return
    plan = quota.plan(utcnow(), quota.digest_audience())
    click.echo(
        f"{plan.month}: quota {plan.quota}, used or waiting {plan.used}, left {plan.left}; "
        f"next digest: {plan.by_line} by LINE, {plan.by_email_instead} by e-mail instead"
    )
