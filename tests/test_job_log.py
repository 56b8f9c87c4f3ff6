"""One log line per background job, from the CLI and from Celery: name, outcome, seconds
and counts (``scheduler_app.job``), as text and as JSON."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import pytest
from flask import Flask

from scheduler_app import logs
from scheduler_app.tasks import FOLLOWUPS_TASK, PRUNE_VEVENTS_TASK, make_celery

JOB_LOGGER = "scheduler_app.job"


def job_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == JOB_LOGGER]


@pytest.mark.parametrize(
    ("command", "job", "counted"),
    [
        (["feeds", "prune-vevents"], "feeds.prune-vevents", {"count": 0}),
        (["privacy", "purge"], "privacy.purge", {"cancelled_registrations": 0, "mail_bodies": 0,
                                                 "unconfirmed_signups": 0, "mail_rows": 0,
                                                 "audit_entries": 0}),
        (["mail", "send-due"], "mail.send-due", {"sent": 0, "retried": 0, "failed": 0,
                                                 "skipped": 0, "withdrawn": 0}),
        (["rotation", "chase"], "rotation.chase", {"count": 0}),
    ],
)  # fmt: skip
def test_cli_job_writes_one_line_with_outcome_seconds_and_counts(
    app: Flask,
    caplog: pytest.LogCaptureFixture,
    command: list[str],
    job: str,
    counted: dict[str, int],
) -> None:
    caplog.set_level(logging.INFO, logger="scheduler_app")
    result = app.test_cli_runner().invoke(args=command)
    assert result.exit_code == 0, result.output
    [line] = job_records(caplog)
    assert (line.job, line.outcome) == (job, "ok")  # type: ignore[attr-defined]
    assert line.counts == counted  # type: ignore[attr-defined]
    assert 0 <= line.seconds < 60  # type: ignore[attr-defined]
    assert line.getMessage().startswith(f"job {job} ok in ")


def test_followups_run_counts_what_it_queued(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="scheduler_app")
    assert app.test_cli_runner().invoke(args=["followups", "run"]).exit_code == 0
    [line] = job_records(caplog)
    assert line.job == "followups.run"  # type: ignore[attr-defined]
    assert set(line.counts) >= {"welcome", "reminders", "digest"}  # type: ignore[attr-defined]


def test_a_failing_job_logs_failed_as_a_warning(
    app: Flask, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scheduler_app.feeds import shared_vevents

    def broken(_session: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(shared_vevents, "prune", broken)
    caplog.set_level(logging.INFO, logger="scheduler_app")
    result = app.test_cli_runner().invoke(args=["feeds", "prune-vevents"])
    assert isinstance(result.exception, RuntimeError)
    [line] = job_records(caplog)
    assert (line.job, line.outcome, line.levelname) == ("feeds.prune-vevents", "failed", "WARNING")  # type: ignore[attr-defined]


def test_celery_task_writes_one_line_per_run(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    celery = make_celery(app)  # no broker: tasks run inline, through the same signals
    caplog.set_level(logging.INFO, logger="scheduler_app")
    assert celery.tasks[PRUNE_VEVENTS_TASK].delay().get() == 0
    celery.tasks[FOLLOWUPS_TASK].delay()
    lines = [r for r in job_records(caplog) if r.job.startswith("scheduler_app.")]  # type: ignore[attr-defined]
    assert [(r.job, r.outcome) for r in lines] == [  # type: ignore[attr-defined]
        (PRUNE_VEVENTS_TASK, "ok"),
        (FOLLOWUPS_TASK, "ok"),
    ]
    assert lines[0].counts == {"count": 0}  # type: ignore[attr-defined]
    assert "reminders" in lines[1].counts  # type: ignore[attr-defined]


def test_job_line_is_one_json_object_in_json_format(make_app: Callable[..., Flask]) -> None:
    app = make_app(LOG_FORMAT="json", LOG_LEVEL="INFO")
    result = app.test_cli_runner().invoke(args=["feeds", "prune-vevents"])
    assert result.exit_code == 0
    [entry] = [
        json.loads(line)
        for line in result.stderr.splitlines()
        if line.startswith("{") and '"scheduler_app.job"' in line
    ]
    assert entry["job"] == "feeds.prune-vevents"
    assert entry["outcome"] == "ok"
    assert entry["counts"] == {"count": 0}
    assert isinstance(entry["seconds"], float)


def test_job_counts_reads_numbers_only() -> None:
    assert logs.job_counts({"sent": 2, "ok": True, "name": "x"}) == {"sent": 2}
    assert logs.job_counts(7) == {"count": 7}
    assert logs.job_counts(None) == {} == logs.job_counts(True)
