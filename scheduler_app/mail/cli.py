"""``flask mail send-due`` (one pass) and ``flask mail worker`` (keeps sending)."""

from __future__ import annotations

import logging
import signal
import threading
from types import FrameType

import click
from flask.cli import AppGroup

from scheduler_app.extensions import db, utcnow
from scheduler_app.mail.sending import Summary, send_due

mail_cli = AppGroup("mail", help="Send the e-mail outbox.")
log = logging.getLogger(__name__)

batch_option = click.option(
    "--batch-size", default=100, show_default=True, type=click.IntRange(1, 10_000),
    help="Messages per SMTP connection.",
)  # fmt: skip


@mail_cli.command("send-due")
@batch_option
def send_due_command(batch_size: int) -> Summary:
    """Send every message that is due now, once, and print a summary."""
    summary = send_due(utcnow(), batch_size=batch_size)
    db.session.remove()
    click.echo(str(summary))
    return summary  # counted in the job's log line


def run_worker(
    interval: float, max_loops: int | None, batch_size: int, stop: threading.Event
) -> int:
    """Call ``send_due`` every ``interval`` seconds until ``stop`` is set; returns loops run."""
    loops = 0
    while not stop.is_set() and (max_loops is None or loops < max_loops):
        summary: Summary = send_due(utcnow(), batch_size=batch_size)
        db.session.remove()
        loops += 1
        if summary.did_something():
            click.echo(str(summary))
        if max_loops is not None and loops >= max_loops:
            break
        stop.wait(interval)
    return loops


@mail_cli.command("worker")
@click.option("--interval", default=30.0, show_default=True, type=click.FloatRange(0, 3600))
@click.option("--max-loops", default=None, type=click.IntRange(1), help="Stop after N passes.")
@batch_option
def worker_command(interval: float, max_loops: int | None, batch_size: int) -> None:
    """Keep sending due mail every INTERVAL seconds; stops cleanly on SIGINT/SIGTERM."""
    stop = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {
        sig: signal.signal(sig, _stop)
        for sig in (signal.SIGINT, signal.SIGTERM)
        if threading.current_thread() is threading.main_thread()
    }
    log.info("mail worker started: every %.1fs, batches of %d", interval, batch_size)
    try:
        loops = run_worker(interval, max_loops, batch_size, stop)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    log.info("mail worker stopped after %d pass(es)", loops)
    click.echo(f"mail worker stopped after {loops} pass(es)")
