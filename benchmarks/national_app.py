"""Benchmark-only factory: the real app plus ``GET /hello`` ("Hello, world!").

``gunicorn -w 2 'benchmarks.national_app:create_app()'``. The hello route goes through
everything the app does on every request (its before/after hooks, sessions, logging,
security headers) but reads nothing, so a page's ratio to it is the page's own work.
Not part of the product (never registered by ``scheduler_app.create_app``).
"""

from __future__ import annotations

from flask import Flask, Response

from scheduler_app import create_app as create_ruamjai_app

BODY = "Hello, world!\n"


def _hello() -> Response:
    return Response(BODY, content_type="text/plain; charset=utf-8")


def create_app() -> Flask:
    app = create_ruamjai_app()
    app.add_url_rule("/hello", "bench_hello", _hello)
    return app
