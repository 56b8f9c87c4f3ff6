"""The production path: refuses to start without a secret key and an https BASE_URL,
sends Secure cookies and HSTS, and gunicorn names no server version."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

from scheduler_app import create_app
from tests.conftest import base_test_config
from tools import audit

ROOT = Path(__file__).resolve().parents[2]


def _config(tmp_path, **overrides):
    config = base_test_config(tmp_path)
    config.update(ENV_NAME="production", **overrides)
    return config


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(_config(tmp_path, SECRET_KEY=None))


@pytest.mark.parametrize("base_url", ["http://ruamjai.example", "", "ruamjai.example"])
def test_production_refuses_to_start_without_an_https_base_url(tmp_path, base_url):
    with pytest.raises(RuntimeError, match="https"):
        create_app(_config(tmp_path, BASE_URL=base_url))


def test_production_sends_secure_cookies_and_hsts(make_app):
    app = make_app(ENV_NAME="production", BASE_URL="https://ruamjai.example")
    client = app.test_client()
    response = client.get("/", base_url="https://ruamjai.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    language = client.post("/language", data={"lang": "en"}, base_url="https://ruamjai.example")
    cookie = language.headers.get("Set-Cookie", "")
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_gunicorn_sends_no_server_version(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "SECRET_KEY": "a-production-secret-for-this-test",
        "BASE_URL": "https://ruamjai.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "-c", "gunicorn.conf.py", "scheduler_app:create_app()"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/static/css/privacy.css"
        for _ in range(100):
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    headers = response.headers
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not start")
        assert headers["Server"] == "ruamjai"
        assert "gunicorn" not in str(headers).lower()
        assert headers["Strict-Transport-Security"].startswith("max-age=")
    finally:
        server.terminate()
        server.wait(timeout=20)


def _fake_audit(monkeypatch, dependencies):
    report = json.dumps({"dependencies": dependencies})
    monkeypatch.setattr(audit, "service_reachable", lambda timeout=10.0: True)
    monkeypatch.setattr(
        audit.subprocess, "run", lambda *a, **k: SimpleNamespace(stdout=report, stderr="")
    )


def test_audit_fails_on_a_vulnerability_with_a_fix(monkeypatch, capsys):
    vuln = {"id": "PYSEC-0000-1", "fix_versions": ["2.0.1"]}
    _fake_audit(monkeypatch, [{"name": "flask", "version": "2.0.0", "vulns": [vuln]}])
    assert audit.main() == 1
    assert "VULNERABLE: flask 2.0.0: PYSEC-0000-1 (fixed in 2.0.1)" in capsys.readouterr().out


def test_audit_warns_but_passes_when_no_fix_exists(monkeypatch, capsys):
    vuln = {"id": "GHSA-xxxx", "fix_versions": []}
    _fake_audit(monkeypatch, [{"name": "lib", "version": "1.0", "vulns": [vuln]}])
    assert audit.main() == 0
    assert "warning: lib 1.0: GHSA-xxxx" in capsys.readouterr().out


def test_audit_skips_with_a_message_offline(monkeypatch, capsys):
    monkeypatch.setattr(audit, "service_reachable", lambda timeout=10.0: False)
    assert audit.main() == 0
    assert "skipped" in capsys.readouterr().out
