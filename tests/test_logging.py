"""One log line per request (method, path, status, ms, SQL statements), level and JSON
output from the config; records read back with caplog and from stderr."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from scheduler_app.extensions import db

REQUEST_LOGGER = "scheduler_app.request"


def request_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == REQUEST_LOGGER]


def test_one_line_per_request_with_timing_and_query_count(
    app: Flask, client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    caplog.set_level(logging.INFO, logger="scheduler_app")
    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get("/members/").status_code == 200
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    [line] = request_records(caplog)
    assert (line.method, line.path, line.status) == ("GET", "/members/", 200)  # type: ignore[attr-defined]
    assert line.queries == len(statements) > 0  # type: ignore[attr-defined]
    assert 0 < line.ms < 60_000  # type: ignore[attr-defined]
    assert line.getMessage().startswith("GET /members/ 200 ")
    assert line.getMessage().endswith(f" {len(statements)} queries")


def test_not_found_and_posts_are_logged_too(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="scheduler_app")
    client.get("/no-such-page")
    client.post("/language", data={"language": "en"})
    lines = [(r.method, r.path, r.status) for r in request_records(caplog)]  # type: ignore[attr-defined]
    assert lines[0] == ("GET", "/no-such-page", 404)
    assert lines[1][:2] == ("POST", "/language")


@pytest.mark.parametrize("path", ["/feeds/u/secret-token-123.ics", "/unsubscribe/secret-token-123"])
def test_secret_tokens_stay_out_of_the_log(
    client: FlaskClient, caplog: pytest.LogCaptureFixture, path: str
) -> None:
    caplog.set_level(logging.INFO, logger="scheduler_app")
    client.get(path)
    [line] = request_records(caplog)
    assert "secret-token-123" not in line.getMessage()
    assert "<token>" in line.path  # type: ignore[attr-defined]


def test_log_level_from_config(
    make_app: Callable[..., Flask], caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(LOG_LEVEL="WARNING")
    caplog.set_level(logging.NOTSET)
    app.test_client().get("/healthz")
    assert request_records(caplog) == []
    assert logging.getLogger("scheduler_app").level == logging.WARNING


def test_json_lines_in_production_format(
    make_app: Callable[..., Flask], capsys: pytest.CaptureFixture[str]
) -> None:
    app = make_app(LOG_FORMAT="json", LOG_LEVEL="INFO")
    capsys.readouterr()
    app.test_client().get("/healthz")
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    [entry] = [e for e in lines if e["logger"] == REQUEST_LOGGER]
    assert entry["level"] == "INFO"
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/healthz", 200)
    assert entry["queries"] == 1
    assert isinstance(entry["ms"], float)
    assert entry["time"].endswith("+00:00")


def test_readable_text_otherwise(
    make_app: Callable[..., Flask], capsys: pytest.CaptureFixture[str]
) -> None:
    app = make_app(LOG_FORMAT="text", LOG_LEVEL="INFO")
    capsys.readouterr()
    app.test_client().get("/healthz")
    [line] = [x for x in capsys.readouterr().err.splitlines() if REQUEST_LOGGER in x]
    assert " INFO scheduler_app.request: GET /healthz 200 " in line
    assert line.endswith(" 1 queries")


def test_followups_run_logs_its_counts(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    from scheduler_app.extensions import utcnow
    from scheduler_app.followups.jobs import run_all

    caplog.set_level(logging.INFO, logger="scheduler_app")
    counts = run_all(utcnow())
    [line] = [r for r in caplog.records if getattr(r, "job", None) == "followups.run"]
    assert {kind: getattr(line, kind) for kind in counts} == counts
    assert line.seconds >= 0  # type: ignore[attr-defined]
    assert line.getMessage().startswith("follow-ups queued: welcome 0, reminders ")


def test_a_feed_render_is_logged_once_per_change(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="scheduler_app")
    first = client.get("/feeds/all.ics")
    client.get("/feeds/all.ics")  # served from the cache: no render
    renders = [r for r in caplog.records if r.name == "scheduler_app.feeds.views"]
    [render] = renders
    assert (render.feed, render.bytes) == ("all", len(first.data))  # type: ignore[attr-defined]
    assert render.ms > 0  # type: ignore[attr-defined]
