"""``flask --app scheduler_app demo [--if-empty]``: load the Loei demo network.

``flask --app scheduler_app demo --scale national`` (or ``--scale 0.01``) writes the
national-scale data set instead (``demo/national.py``), for benchmarks and load tests.
"""

from __future__ import annotations

import click
import sqlalchemy as sa

from scheduler_app.demo import national
from scheduler_app.demo.loader import CATEGORIES, DemoSummary, load_demo
from scheduler_app.directory.models import Member
from scheduler_app.extensions import db, utcnow


def _echo_summary(summary: DemoSummary) -> None:
    click.echo(f"{'':<16}{'created':>8}{'total':>8}")
    for category in CATEGORIES:
        created, total = summary.created[category], summary.totals[category]
        click.echo(f"{category:<16}{created:>8}{total:>8}")
    for name, count in sorted(summary.extra.items()):
        click.echo(f"{name:<16}{count:>8}")


def _echo_logins(summary: DemoSummary) -> None:
    click.echo("")
    click.echo("Demo logins (DEMO ONLY: this shared password must never be used on a real site)")
    click.echo(f"  {'role':<12} {'e-mail':<34} {'password':<14} organisation")
    for login in summary.logins:
        click.echo(
            f"  {login.role:<12} {login.email:<34} {summary.password:<14} {login.organisation}"
        )


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing if the directory already has members.")
@click.option(
    "--scale",
    default=None,
    metavar="national|FRACTION",
    help="Instead of the Loei demo, generate the national data set (or a fraction of it).",
)
def demo_command(if_empty: bool, scale: str | None) -> None:
    """Load the Loei demo network (idempotent) and print the demo logins."""
    if scale is not None:
        _national(scale, if_empty)
        return
    if if_empty and db.session.execute(sa.select(Member.id).limit(1)).first() is not None:
        click.echo("Skipped the demo: the directory already has members (--if-empty).")
        return
    summary = load_demo(utcnow())
    db.session.commit()
    if summary.created_total:
        click.echo(f"Loaded the Loei demo network ({summary.created_total} records created).")
    else:
        click.echo("The Loei demo network is already loaded; nothing new was created.")
    _echo_summary(summary)
    _echo_logins(summary)


def _national(text: str, if_empty: bool) -> None:
    try:
        scale = national.parse_scale(text)
    except ValueError:
        raise click.BadParameter(
            "national, or a fraction above 0 and at most 1", param_hint="--scale"
        ) from None
    if national.is_loaded() or (
        if_empty and db.session.execute(sa.select(Member.id).limit(1)).first() is not None
    ):
        click.echo("Skipped: the national data set (or other members) is already loaded.")
        return

    def progress(table: str, count: int, seconds: float) -> None:
        rate = count / seconds if seconds else 0.0
        click.echo(f"  {table:<22}{count:>10,} rows {seconds:>7.1f} s {rate:>10,.0f}/s")

    click.echo(f"Generating the national data set at scale {scale:g}:")
    summary = national.load_national(utcnow(), scale, progress)
    db.session.commit()
    click.echo(f"Done in {summary.seconds:.1f} s ({sum(summary.counts.values()):,} rows).")
    click.echo(f"Coordinator login (DEMO ONLY): {summary.login} / {summary.password}")
