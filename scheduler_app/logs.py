"""Logging for the whole app, set up once by ``create_app``.

Modules log through ``logging.getLogger(__name__)``; this module gives the
``scheduler_app`` logger its level (``LOG_LEVEL``) and one handler writing readable text,
or one JSON object per line when ``LOG_FORMAT=json`` (production, for a log collector).
Each request writes one line (``scheduler_app.request``) with method, path, status,
milliseconds and the number of SQL statements it ran, counted by a SQLAlchemy cursor
event into a per-request context variable.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, TextIO

import sqlalchemy as sa
from flask import Flask, Response, request

APP_LOGGER = "scheduler_app"
request_log = logging.getLogger("scheduler_app.request")

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
