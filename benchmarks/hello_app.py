"""Benchmark-only WSGI app: ``GET /hello`` answers "Hello, world!" (the server's ceiling).

Served by gunicorn exactly like the product (``gunicorn -w 2 'benchmarks.hello_app:create_app()'``)
so the difference to a feed request is the application's own work. Not part of the product.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

BODY = b"Hello, world!\n"
StartResponse = Callable[..., Any]


def hello(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
    if environ.get("PATH_INFO") != "/hello":
        start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "0")])
        return [b""]
    headers = [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(BODY)))]
    start_response("200 OK", headers)
    return [BODY]


def create_app() -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    return hello
