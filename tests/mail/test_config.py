"""The README's mail settings are read from the environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NAMES = (
    "MAIL_CLAIM_TIMEOUT_MINUTES", "MAIL_MAX_ATTEMPTS", "MAIL_TIMEOUT", "MAIL_COMMIT_EVERY",
    "DEV_OUTBOX", "MAIL_SUPPRESS_SEND", "LOG_LEVEL", "LOG_FORMAT",
)  # fmt: skip


def config_with(**env: str) -> dict[str, object]:
    clean = {k: v for k, v in os.environ.items() if k not in NAMES}
    script = (
        "import json; from config import Config; "
        f"print(json.dumps({{n: getattr(Config, n, None) for n in {NAMES!r}}}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT, env=clean | env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return dict(json.loads(out.stdout))


def test_defaults() -> None:
    config = config_with()
    assert config["MAIL_CLAIM_TIMEOUT_MINUTES"] == 1
    assert config["MAIL_MAX_ATTEMPTS"] == 8
    assert config["MAIL_TIMEOUT"] == 30
    assert config["MAIL_COMMIT_EVERY"] == 1
    assert config["DEV_OUTBOX"] is False
    assert config["MAIL_SUPPRESS_SEND"] is None  # Flask-Mail then follows TESTING
    assert (config["LOG_LEVEL"], config["LOG_FORMAT"]) == ("INFO", "text")


def test_read_from_the_environment() -> None:
    config = config_with(
        MAIL_CLAIM_TIMEOUT_MINUTES="0.5", MAIL_MAX_ATTEMPTS="3", MAIL_TIMEOUT="7.5",
        MAIL_COMMIT_EVERY="20", DEV_OUTBOX="1", MAIL_SUPPRESS_SEND="true",
        LOG_LEVEL="debug", LOG_FORMAT="JSON",
    )  # fmt: skip
    assert config["MAIL_CLAIM_TIMEOUT_MINUTES"] == 0.5
    assert config["MAIL_MAX_ATTEMPTS"] == 3
    assert config["MAIL_TIMEOUT"] == 7.5
    assert config["MAIL_COMMIT_EVERY"] == 20
    assert config["DEV_OUTBOX"] is True
    assert config["MAIL_SUPPRESS_SEND"] is True
    assert (config["LOG_LEVEL"], config["LOG_FORMAT"]) == ("DEBUG", "json")
