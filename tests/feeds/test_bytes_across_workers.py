"""Two web workers are two processes with different string-hash seeds: a feed's bytes (and
so its ETag) must not depend on set or dict order, or a subscriber whose polls land on
another worker would download the whole feed again instead of getting a 304."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from flask import Flask

from scheduler_app.demo.loader import load_demo
from scheduler_app.extensions import db, utcnow

ROOT = Path(__file__).resolve().parents[2]
URLS = ("/feeds/all.ics", "/feeds/kind/rally.ics", "/feeds/kind/training.ics")
RENDER = """
import hashlib, sys
from scheduler_app import create_app
client = create_app().test_client()
for url in sys.argv[1:]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    print(url, hashlib.sha256(response.data).hexdigest(), response.headers["ETag"])
"""


def _render_in_process(app: Flask, seed: str) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "test-secret",
        "BASE_URL": "https://ruamjai.test",
        "PYTHONHASHSEED": seed,
        "PYTHONPATH": str(ROOT),
        "LOG_LEVEL": "WARNING",
    }
    done = subprocess.run(
        [sys.executable, "-c", RENDER, *URLS],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_feeds_are_byte_identical_in_workers_with_different_hash_seeds(app: Flask) -> None:
    load_demo(utcnow())
    db.session.commit()
    first = _render_in_process(app, "1")
    second = _render_in_process(app, "4242")
    assert len(first.splitlines()) == len(URLS)
    assert first == second
