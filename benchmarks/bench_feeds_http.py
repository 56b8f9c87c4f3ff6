"""The all-events feed over HTTP: gunicorn (2 workers) measured with wrk, against a
hello-world ceiling on the same gunicorn and Radicale serving the same events.

For 100, 1,000 and 10,000 events (a SQLite file seeded like ``bench_feeds``):

- cold render: each request follows an edit of every event (raw SQL, so the calendar
  version is bumped by hand), so the worker re-reads and re-serialises everything;
  sequential requests, one client.
- re-render: the version moved but no event changed (an edit elsewhere): the worker
  re-reads the rows and reuses its memoised VEVENT bytes; sequential, one client.
- warm 200 / 304: ``wrk -t2 -c16 -d5s`` on the cached feed, plain or with the ETag in
  ``If-None-Match`` (what a polling calendar app sends).
- Radicale 200: its own server (``python -m radicale``, no auth) serving the same
  VEVENTs as one collection, ``GET /user/calendar.ics/`` as a subscriber would, same wrk
  settings. Radicale answers a collection GET with the whole body every time (it has no
  conditional GET there), so there is no Radicale 304 row.

Everything runs on 127.0.0.1 and is started and stopped here; temp dirs are removed.
wrk comes from the system (Debian package ``wrk``); without it the benchmark is skipped.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks import radicale_seed
from benchmarks.bench_feeds import SIZES, _seed

ROOT = Path(__file__).resolve().parent.parent
FEED = "/feeds/all.ics"
COLD_RUNS = {100: 20, 1_000: 10, 10_000: 5}
WRK = ["-t2", "-c16", "-d5s", "--timeout", "30s", "--latency"]
# wrk's time units (its ``format_time_us``), in milliseconds.
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, Any]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read(), response.headers
    finally:
        connection.close()


def _wait_until_up(port: int, path: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server on port {port} exited ({process.returncode})")
        try:
            if _get(port, path)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server on port {port} did not answer {path}")


@contextmanager
def _running(process: subprocess.Popen[bytes], port: int, path: str) -> Iterator[None]:
    try:
        _wait_until_up(port, path, process)
        yield
    finally:
        stop(process, timeout=20)


def stop(process: subprocess.Popen[bytes], timeout: float) -> None:
    """Ask a server to stop; kill it when it has not within ``timeout`` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def server_env() -> dict[str, str]:
    """The environment a benchmarked server runs in (the app importable from the root)."""
    env = {**os.environ, "SECRET_KEY": "bench", "BASE_URL": "https://ruamjai.example"}
    env["PYTHONPATH"] = str(ROOT)
    return env


def _gunicorn(app: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", app]
    command += ["--timeout", "120", "--log-level", "warning"]
    return subprocess.Popen(  # noqa: S603 (a fixed command line)
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _ms(text: str) -> float:
    """A wrk latency (``361.00us``, ``12.50ms``, ``1.05s``, ``1.20m``) in milliseconds."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    assert match, text
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse_wrk(text: str) -> tuple[float, dict[str, float], int, str]:
    """wrk's ``--latency`` report: req/s, latency percentiles in ms (``"50"`` … ``"99"``),
    requests done, and its error line or "". wrk pads a one-letter unit (``1.05s``,
    ``1.20m``) with a trailing space, so a line may end in blanks."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))  # type: ignore[union-attr]
    latency = {
        k: _ms(v) for k, v in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)\s*$", text, re.MULTILINE)
    }
    done = int(re.search(r"(\d+) requests in", text).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)", text)
    return rps, latency, done, errors.group(0) if errors else ""


def wrk_run(
    port: int, path: str, headers: dict[str, str] | None, args: list[str]
) -> tuple[float, dict[str, float], int, str]:
    """One warm-up second, then wrk with ``args``: req/s, latency percentiles in ms
    (``"50"``, ``"99"`` when wrk printed them), requests done, and its error line or ""."""
    extra = [arg for name, value in (headers or {}).items() for arg in ("-H", f"{name}: {value}")]
    url = f"http://127.0.0.1:{port}{path}"
    subprocess.run(["wrk", "-t1", "-c2", "-d1s", *extra, url], capture_output=True, check=True)  # noqa: S603, S607
    out = subprocess.run(["wrk", *args, *extra, url], capture_output=True, text=True, check=True)  # noqa: S603, S607
    return parse_wrk(out.stdout)


def _wrk(port: int, path: str, headers: dict[str, str] | None = None) -> dict[str, object]:
    rps, latency, done, errors = wrk_run(port, path, headers, WRK)
    row: dict[str, object] = {
        "req/s": f"{rps:,.1f}",
        "p50 ms": f"{latency['50']:,.2f}" if "50" in latency else "—",
        "p99 ms": f"{latency['99']:,.2f}" if "99" in latency else "—",
        "how": f"wrk -c16 5 s ({done:,} requests)",
    }
    if errors:
        row["how"] = f"{row['how']}; {errors}"
    return row


def _sequential(samples: list[float]) -> dict[str, object]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return {
        "req/s": f"{1000 / statistics.mean(samples):,.1f}",
        "p50 ms": f"{statistics.median(samples):,.1f}",
        "p99 ms": f"{p99:,.1f}",
        "how": f"sequential, {len(samples)} requests",
    }


def _cold(port: int, database: Path, runs: int, touch_events: bool) -> dict[str, object]:
    """Time ``runs`` requests, each right after a change (every event, or only the version)."""
    samples = []
    etag = None
    for i in range(runs):
        now = (datetime.now(UTC).replace(tzinfo=None) + timedelta(seconds=i)).isoformat(" ")
        connection = sqlite3.connect(database)
        with connection:  # one transaction; raw SQL must move the version itself
            if touch_events:
                connection.execute("UPDATE event SET updated_at = ?", (now,))
            connection.execute(
                "INSERT OR IGNORE INTO calendar_version (id, version, changed_at) VALUES (1, 0, ?)",
                (now,),
            )
            connection.execute(
                "UPDATE calendar_version SET version = version + 1, changed_at = ? WHERE id = 1",
                (now,),
            )
        connection.close()
        started = time.perf_counter()
        status, _body, headers = _get(port, FEED)
        samples.append((time.perf_counter() - started) * 1000)
        assert status == 200
        if touch_events:  # every VEVENT's LAST-MODIFIED moved: new bytes, new ETag
            assert headers["ETag"] != etag, "the feed was not re-rendered"
            etag = headers["ETag"]
    return _sequential(samples)


def _seed_database(count: int, database: Path) -> bytes:
    """Seed the SQLite file; return the feed as rendered in-process (for Radicale)."""
    from scheduler_app import create_app
    from scheduler_app.extensions import db

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "SECRET_KEY": "bench",
            "BASE_URL": "https://ruamjai.example",
        }
    )
    with app.app_context():
        db.create_all()
        _seed(count)
        feed = app.test_client().get(FEED).get_data()
        db.session.remove()
        db.engine.dispose()
    return feed


def _measure(count: int, tmp: Path, env: dict[str, str]) -> list[dict[str, object]]:
    database = tmp / f"feeds{count}.sqlite3"
    feed = _seed_database(count, database)
    env = {**env, "DATABASE_URL": f"sqlite:///{database}"}
    rows: list[dict[str, object]] = []

    def add(case: str, result: dict[str, object]) -> None:
        rows.append({"events": f"{count:,}", "case": case, **result})

    port = _free_port()
    with _running(_gunicorn("scheduler_app:create_app()", port, env), port, FEED):
        add("feed, cold render", _cold(port, database, COLD_RUNS[count], touch_events=True))
        add("feed, re-render", _cold(port, database, COLD_RUNS[count], touch_events=False))
        status, body, headers = _get(port, FEED)
        assert status == 200 and body.count(b"BEGIN:VEVENT") == feed.count(b"BEGIN:VEVENT")
        add("feed, warm 200", _wrk(port, FEED))
        not_modified = {"If-None-Match": headers["ETag"]}
        for _ in range(4):  # both workers have the same bytes, so the same ETag
            assert _get(port, FEED, not_modified)[0] == 304
        add("feed, 304", _wrk(port, FEED, not_modified))
    add("Radicale 200", _radicale(tmp / f"radicale{count}", feed))
    return rows


def _radicale(folder: Path, feed: bytes) -> dict[str, object]:
    try:
        import radicale  # noqa: F401
    except ImportError:
        return {"req/s": "—", "p50 ms": "—", "p99 ms": "—", "how": "radicale not installed"}
    folder.mkdir()
    port = _free_port()
    config = radicale_seed.write_config(folder, port)
    items = radicale_seed.write_collection(folder, feed)
    started = time.perf_counter()
    assert radicale_seed.build_cache(folder, config) == items
    cache_s = time.perf_counter() - started
    path = radicale_seed.COLLECTION
    with _running(radicale_seed.start(config), port, path):
        status, body, _headers = _get(port, path)
        assert status == 200 and body.count(b"BEGIN:VEVENT") == items
        samples = []  # single requests first: after wrk, Radicale still works off its queue
        for _ in range(3):
            started = time.perf_counter()
            assert _get(port, path)[0] == 200
            samples.append((time.perf_counter() - started) * 1000)
        row = _wrk(port, path)
        done = int(re.search(r"\((\d[\d,]*) requests", str(row["how"])).group(1).replace(",", ""))  # type: ignore[union-attr]
        if done < 10:  # too slow for wrk's 5 s: report the single requests instead
            row = {**_sequential(samples), "how": f"{row['how']}, so sequential, 3 requests"}
    row["how"] = f"{row['how']}; item cache built first ({cache_s:.0f} s)"
    return row


def run() -> dict[str, object]:
    title = "All-events feed over HTTP (gunicorn, 2 workers) vs hello world and Radicale"
    if shutil.which("wrk") is None:
        return {"title": title, "rows": [], "notes": "Skipped: `wrk` is not installed."}
    env = server_env()
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="ruamjai-bench-") as tmp:
        port = _free_port()
        with _running(_gunicorn("benchmarks.hello_app:create_app()", port, env), port, "/hello"):
            rows.append({"events": "—", "case": "hello world (ceiling)", **_wrk(port, "/hello")})
        for count in SIZES:
            rows += _measure(count, Path(tmp), env)
    return {"title": title, "rows": rows, "notes": NOTES}


NOTES = """How to read this: every server runs on this machine's 2 cores together with wrk
itself, so absolute numbers are low; compare rows of one run. *hello world* is the most
a Python request can do on this gunicorn (the ceiling). *Warm 200* and *304* are what
hourly polling costs once a worker has the feed: one primary-key read of the calendar
version, then the cached bytes (200) or nothing (304); at 10,000 events a 200 moves
~20 MB, so it is bound by copying bytes, while a 304 stays near the ceiling. *Cold
render* is the worst case, after an edit of every event: every VEVENT goes through the
`icalendar` serialiser again (each worker renders a feed once per change, whatever the
number of subscribers); *re-render* is the usual case after an edit elsewhere (unchanged
events' memoised VEVENT bytes are reused, so the serialiser's speed does not show).
Radicale stores one file per VEVENT and re-serialises the whole collection on every GET,
without a 304."""


if __name__ == "__main__":
    for line in run()["rows"]:  # type: ignore[attr-defined]
        print(line)
