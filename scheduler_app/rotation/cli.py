"""``flask rotation plan SERIES_ID --terms N``: print the plan the series page shows."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from scheduler_app.core.thaidate import format_date
from scheduler_app.extensions import db, utcnow
from scheduler_app.rotation import services
from scheduler_app.rotation.models import RotationSeries
from scheduler_app.rotation.reasons import describe_in, term_label_in

rotation_cli = AppGroup("rotation", help="Fair host rotation.")


@rotation_cli.command("plan")
@click.argument("series_id", type=int)
@click.option(
    "--terms",
    "count",
    default=None,
    type=click.IntRange(1, 48),
    help="How many terms to plan (default: the series' horizon).",
)
@click.option("--lang", default="th", show_default=True, type=click.Choice(["th", "en"]))
@click.option("--save", is_flag=True, help="Also store the plan as proposals (and notify).")
def plan_command(series_id: int, count: int | None, lang: str, save: bool) -> None:
    """Print who hosts each coming term, on which day, and why."""
    series = db.session.get(RotationSeries, series_id)
    if series is None:
        raise click.ClickException(f"no rotation series {series_id}")
    now = utcnow()
    rows = services.pool_rows(series)
    names = {r.member.id: r.member.display_name(lang) for r in rows}
    plan = services.compute_plan(series, services.local_today(now), count, rows=rows)
    click.echo(series.display_name(lang))
    for item in plan:
        host = names.get(item.host_id, "—") if item.host_id is not None else "—"
        day = format_date(item.event_date, lang) if item.event_date else "—"
        reason = describe_in(item.reason, item.params, lang)
        click.echo(f"{term_label_in(item.year, item.term, lang)}\t{day}\t{host}\t{reason}")
    if save:
        services.apply_plan(series, now)
        db.session.commit()
