"""``flask rotation plan SERIES_ID --terms N [--what-if ...]`` and ``flask rotation chase``."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from flask_babel import force_locale

from scheduler_app.core import rotation as engine
from scheduler_app.core.thaidate import format_date
from scheduler_app.extensions import db, utcnow
from scheduler_app.rotation import planning, services, workflow
from scheduler_app.rotation.models import RotationAssignment, RotationSeries
from scheduler_app.rotation.reasons import describe_factors_in, describe_in, term_label_in
from scheduler_app.rotation.what_if import WhatIfError, pairs_to_fields, parse_what_if

rotation_cli = AppGroup("rotation", help="Fair host rotation.")


def _lines(
    plan: list[engine.Assignment],
    names: dict[int, str],
    lang: str,
    stored: dict[tuple[int, int], RotationAssignment],
) -> list[str]:
    """One line per term: term, day, host, reasons (a confirmed term's stored ones)."""
    lines = []
    for item in plan:
        host = names.get(item.host_id, "—") if item.host_id is not None else "—"
        day = format_date(item.event_date, lang) if item.event_date else "—"
        reason = describe_factors_in(item.factors, lang)
        row = stored.get((item.year, item.term))
        if item.reason == engine.CONFIRMED_HOST and row is not None:
            reason = describe_in(row.reason_code, row.reason_params, lang)
        lines.append(f"{term_label_in(item.year, item.term, lang)}\t{day}\t{host}\t{reason}")
    return lines


@rotation_cli.command("plan")
@click.argument("series_id", type=int)
@click.option(
    "--terms",
    "count",
    default=None,
    type=click.IntRange(1, 48),
    help="How many terms to plan (default: the series' horizon).",
)
@click.option(
    "--what-if",
    "what_if",
    multiple=True,
    metavar="CHANGE",
    help="Preview a change, as on the page: leave=MEMBER_ID, weight=MEMBER_ID:N, "
    "months=3,11, lead=WEEKS (repeatable).",
)
@click.option("--lang", default="th", show_default=True, type=click.Choice(["th", "en"]))
@click.option("--save", is_flag=True, help="Also store the plan as proposals and ask hosts.")
def plan_command(
    series_id: int, count: int | None, what_if: tuple[str, ...], lang: str, save: bool
) -> None:
    """Print who hosts each coming term, on which day, and why."""
    series = db.session.get(RotationSeries, series_id)
    if series is None:
        raise click.ClickException(f"no rotation series {series_id}")
    today = services.local_today(utcnow())
    data = planning.gather(series, today, count)
    names = {r.member.id: r.member.display_name(lang) for r in data.rows}
    try:
        change = parse_what_if(pairs_to_fields(what_if), set(names), series.terms_per_year)
    except WhatIfError as error:
        with force_locale(lang):
            messages = "; ".join(f"{k}: {v}" for k, v in error.errors.items())
        raise click.UsageError(f"--what-if: {messages}") from None
    click.echo(series.display_name(lang))
    click.echo(f"lottery seed: {series.lottery_seed}")
    current = planning.compute_plan(series, today, count, inputs=data)
    stored = {(a.year, a.term): a for a in services.assignments(series) if a.is_live}
    if change.is_empty:
        click.echo("\n".join(_lines(current, names, lang, stored)))
    else:
        preview = planning.compute_plan(series, today, count, what_if=change)
        click.echo("== now")
        click.echo("\n".join(_lines(current, names, lang, stored)))
        click.echo("== what if")
        click.echo("\n".join(_lines(preview, names, lang, stored)))
    if save:
        if not change.is_empty:
            raise click.UsageError("--save does not combine with --what-if")
        planning.apply_plan(series, utcnow())
        db.session.commit()


@rotation_cli.command("chase")
def chase_command() -> int:
    """Remind coordinators of proposals unanswered for a week (idempotent)."""
    rows = workflow.chase_unanswered(utcnow())
    db.session.commit()
    click.echo(f"chase reminders: {len(rows)}")
    return len(rows)  # counted in the job's log line
