"""Logging for the whole app, set up once by ``create_app``.

Modules log through ``logging.getLogger(__name__)``; this module gives the
``scheduler_app`` logger its level (``LOG_LEVEL``) and one handler writing readable text,
or one JSON object per line when ``LOG_FORMAT=json`` (production, for a log collector).
Each request writes one line (``scheduler_app.request``) with method, path, status,
milliseconds and the number of SQL statements it ran, counted by a SQLAlchemy cursor
event into a per-request context variable. Each background job (a Celery task, a
``flask`` job command such as ``mail send-due``) writes one line
(``scheduler_app.job``) with its name, outcome, seconds and counts: :func:`log_job`.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import sys
import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from datetime import UTC, datetime
from functools import wraps
from typing import Any, TextIO

import sqlalchemy as sa
from flask import Flask, Response, request

APP_LOGGER = "scheduler_app"
request_log = logging.getLogger("scheduler_app.request")
job_log = logging.getLogger("scheduler_app.job")

# [statements] for the request running in this context, None outside requests.
_query_count: ContextVar[list[int] | None] = ContextVar("ruamjai_query_count", default=None)
_started: ContextVar[float] = ContextVar("ruamjai_request_started", default=0.0)

# Attributes every LogRecord has; anything else was passed in ``extra=`` and is data.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
    "taskName",
}


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message and the ``extra`` fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _StderrHandler(logging.StreamHandler[TextIO]):
    """Writes to whatever ``sys.stderr`` is now (test runners swap it per test)."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass


_handler = _StderrHandler()


def configure(app: Flask) -> None:
    """Level and format from the config; the request log line; the SQL statement counter."""
    logger = logging.getLogger(APP_LOGGER)
    logger.setLevel(str(app.config.get("LOG_LEVEL") or "INFO").upper())
    json_lines = str(app.config.get("LOG_FORMAT") or "text").lower() == "json"
    _handler.setFormatter(JsonFormatter() if json_lines else logging.Formatter(TEXT_FORMAT))
    if _handler not in logger.handlers:
        logger.addHandler(_handler)
    if not sa.event.contains(sa.engine.Engine, "before_cursor_execute", _count_statement):
        sa.event.listen(sa.engine.Engine, "before_cursor_execute", _count_statement)
    # First, so the clock starts even when a later hook answers the request itself.
    app.before_request_funcs.setdefault(None, []).insert(0, _start_request)
    app.after_request(_log_request)


def share_handler(name: str, level: int | str = logging.INFO) -> None:
    """Let another library's logger (Celery's, in a worker) write through our handler,
    so its lines come out in the same format (one JSON object per line in production)."""
    logger = logging.getLogger(name)
    logger.setLevel(level)
    if _handler not in logger.handlers:
        logger.addHandler(_handler)


def _count_statement(*_args: Any) -> None:
    counter = _query_count.get()
    if counter is not None:
        counter[0] += 1


def _start_request() -> None:
    _started.set(time.perf_counter())
    _query_count.set([0])


def _log_request(response: Response) -> Response:
    if request_log.isEnabledFor(logging.INFO):
        milliseconds = (time.perf_counter() - _started.get()) * 1000
        queries = (_query_count.get() or [0])[0]
        path = _loggable_path()
        request_log.info(
            "%s %s %s %.1fms %d queries",
            request.method,
            path,
            response.status_code,
            milliseconds,
            queries,
            extra={
                "method": request.method,
                "path": path,
                "status": response.status_code,
                "ms": round(milliseconds, 2),
                "queries": queries,
            },
        )
    _query_count.set(None)
    return response


def _loggable_path() -> str:
    """The path, or its route pattern when it carries a secret (feed and unsubscribe tokens)."""
    view_args = request.view_args or {}
    if request.url_rule is not None and any("token" in name for name in view_args):
        return request.url_rule.rule
    return request.path


def job_counts(result: object) -> dict[str, int]:
    """The counts a job returned: a mapping of numbers, or one number as ``count``."""
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        result = {f.name: getattr(result, f.name) for f in dataclasses.fields(result)}
    if isinstance(result, bool):
        return {}
    if isinstance(result, int):
        return {"count": result}
    if isinstance(result, dict):
        return {
            str(k): v for k, v in result.items() if isinstance(v, int) and not isinstance(v, bool)
        }
    return {}


def log_job(name: str, outcome: str, seconds: float, counts: dict[str, int] | None = None) -> None:
    """One line per finished job: name, outcome (ok / failed / ...), seconds, counts."""
    counts = counts or {}
    shown = ", ".join(f"{key} {value}" for key, value in counts.items())
    job_log.log(
        logging.INFO if outcome == "ok" else logging.WARNING,
        "job %s %s in %.3fs%s",
        name,
        outcome,
        seconds,
        f": {shown}" if shown else "",
        extra={"job": name, "outcome": outcome, "seconds": round(seconds, 3), "counts": counts},
    )


def timed_job(name: str, function: Callable[..., object]) -> Callable[..., object]:
    """``function`` that logs :func:`log_job` when it returns or raises."""

    @wraps(function)
    def timed(*args: object, **kwargs: object) -> object:
        started = time.perf_counter()
        try:
            result = function(*args, **kwargs)
        except BaseException as exc:
            # click.exceptions.Exit(0) ends a command normally.
            ok = getattr(exc, "exit_code", getattr(exc, "code", 1)) in (0, None)
            log_job(name, "ok" if ok else "failed", time.perf_counter() - started)
            raise
        log_job(name, "ok", time.perf_counter() - started, job_counts(result))
        return result

    return timed


def time_cli_jobs(app: Flask, names: Iterable[str]) -> None:
    """Wrap the ``flask`` job commands named ``group command`` in :func:`timed_job`."""
    for full_name in names:
        group_name, _, command_name = full_name.partition(" ")
        group = app.cli.commands.get(group_name)
        commands = getattr(group, "commands", {})
        command = commands.get(command_name) if command_name else group
        if command is None or command.callback is None:
            raise LookupError(f"no flask command {full_name!r} to time")
        if not getattr(command.callback, "_ruamjai_timed", False):
            command.callback = timed_job(full_name.replace(" ", "."), command.callback)
            command.callback._ruamjai_timed = True  # type: ignore[attr-defined]
