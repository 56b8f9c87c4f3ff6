"""Every main page over HTTP on the national data set, against a hello-world route of the
same app in the same run (issue 16).

With ``BENCH_DATABASE_URL`` (a PostgreSQL database this benchmark may fill): migrate it,
generate the national data set unless its marker is there (``flask demo --scale
national``; reruns skip straight to measuring), serve it with gunicorn (2 workers, the
app plus ``/hello`` from ``benchmarks/national_app.py``) and measure each page with wrk
(``-t2 -c8 -d5s``): p50, p99, req/s, and p99 ÷ hello-world's p99. The personal feed is
measured cold (sequential requests, each after the calendar version moved), warm (200)
and as a conditional GET (304, whose req/s is compared with hello world's). Without
``BENCH_DATABASE_URL`` it runs the same on a SQLite file at 2 % of national size, and
says so. wrk is Debian's package ``wrk``; without it the benchmark is skipped.

``BENCH_READ_ONLY=1`` measures a database it must not change (a shared national data set):
no migration, no generation, every connection read-only (``PGOPTIONS``), the session
cookie signed here instead of posting the login form, and no cold feed (it moves the
calendar version). ``BENCH_APP_ROOT`` serves another checkout of the app (e.g. the
commit before a change) with this script. ``BENCH_HTTP_ONLY=login,map`` measures only the
pages whose names contain one of the words (hello world and the warm feed always run).
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import sqlalchemy as sa

from benchmarks.bench_feeds_http import _free_port, _get, _running, _sequential, wrk_run

ROOT = Path(__file__).resolve().parent.parent
APP_ROOT = Path(os.environ.get("BENCH_APP_ROOT") or ROOT)
READ_ONLY = os.environ.get("BENCH_READ_ONLY") == "1"
COORDINATOR = "p0000000@national.ruamjai.local"
WRK = ["-t2", "-c8", "-d5s", "--timeout", "30s", "--latency"]
SQLITE_SCALE = "0.02"
COLD_RUNS = 10
SLOW_S = 1.0
SLOW_RUNS = 3
WARM_S = 0.2  # a feed answered from a worker's cache takes milliseconds
FEW = ": too few"
LIMIT_P99 = 5.0  # a page's p99 within 5× hello world's
LIMIT_304 = 0.8  # a feed 304 at ≥ 0.8× hello world's req/s


def _flask(env: dict[str, str], *args: str) -> str:
    command = [sys.executable, "-m", "flask", "--app", "scheduler_app", *args]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)  # noqa: S603
    return done.stdout


def _wrk(port: int, path: str, headers: dict[str, str]) -> dict[str, Any]:
    rps, latency, done, errors = wrk_run(port, path, headers, WRK)
    how = f"wrk -c8 5 s ({done:,})" + (FEW if done < 40 else "")
    if errors:
        how += f"; {errors}"
    return {
        "rps": rps,
        "p50": latency.get("50", float("nan")),
        "p99": latency.get("99", float("nan")),
        "how": how,
    }


def _targets(url: str) -> dict[str, Any]:
    """Ids and tokens to ask for: one published upcoming event of each kind (the one with
    the most registrations), a community and a province network, the login's feed."""
    engine = sa.create_engine(url)
    found: dict[str, Any] = {}
    with engine.connect() as conn:
        for kind in ("exchange", "study_visit", "training", "rally"):
            found[kind] = conn.execute(
                sa.text(
                    "SELECT id FROM event WHERE kind = :kind AND status = 'published' "
                    "AND start_at > CURRENT_TIMESTAMP ORDER BY confirmed_count DESC, id LIMIT 1"
                ),
                {"kind": kind},
            ).scalar_one()
        found["community"] = conn.execute(
            sa.text("SELECT min(id) FROM member WHERE org_type = 'community_group'")
        ).scalar_one()
        found["network"] = conn.execute(
            sa.text("SELECT min(id) FROM member WHERE kind = 'network'")
        ).scalar_one()
        found["token"] = conn.execute(
            sa.text("SELECT feed_token FROM person WHERE email = 'p0000000@national.ruamjai.local'")
        ).scalar_one()
        found["counts"] = {
            name: conn.execute(sa.text(f"SELECT count(*) FROM {name}")).scalar_one()  # noqa: S608  # nosec B608
            for name in ("member", "person", "event", "registration", "outbox_message")
        }
    engine.dispose()
    return found


def _signed_cookie(url: str, secret_key: str) -> str:
    """The coordinator's session cookie, signed as the app would (Flask-Login's
    ``_user_id`` and ``_fresh``): signs in without the login form's writes."""
    from flask import Flask
    from flask.sessions import SecureCookieSessionInterface

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        person_id, version = conn.execute(
            sa.text("SELECT id, session_version FROM person WHERE email = :email"),
            {"email": COORDINATOR},
        ).one()
    engine.dispose()
    user_id = f"{person_id}:{version}" if version else str(person_id)
    app = Flask(__name__)
    app.secret_key = secret_key
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    assert serializer is not None
    return f"session={serializer.dumps({'_user_id': user_id, '_fresh': True})}"


def _login(port: int) -> str:
    """The session cookie of the coordinator login, through the real form."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", "/login")
    response = connection.getresponse()
    page = response.read().decode()
    cookie = response.headers["Set-Cookie"].split(";", 1)[0]
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    body = urlencode(
        {
            "csrf_token": token,
            "email": "p0000000@national.ruamjai.local",
            "password": "ruamjai-demo",
        }
    )
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    connection.request("POST", "/login", body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    assert response.status in (302, 303), f"login answered {response.status}"
    return response.headers["Set-Cookie"].split(";", 1)[0]


def _bump(url: str) -> None:
    """Move the calendar version by hand (what any committed edit does)."""
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "UPDATE calendar_version SET version = version + 1, changed_at = CURRENT_TIMESTAMP "
                "WHERE id = 1"
            )
        )
    engine.dispose()


def _warm_both_workers(port: int, path: str) -> None:
    """Eight requests at a time until none is slow (at most 10 rounds), so each worker has
    rendered ``path`` before wrk starts: otherwise the warm and 304 figures include the
    other worker's first (cold) render, with wrk's connections queued behind it."""

    def timed(_i: int) -> float:
        started = time.perf_counter()
        status = _get(port, path)[0]
        assert status == 200, status
        return time.perf_counter() - started

    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(10):
            if max(pool.map(timed, range(8))) < WARM_S:
                return


def _cold(port: int, url: str, path: str) -> dict[str, Any]:
    samples = []
    for _ in range(COLD_RUNS):
        _bump(url)
        time.sleep(1.1)  # past FEEDS_VERSION_TTL: the workers must see the new version
        started = time.perf_counter()
        status, _body, _headers = _get(port, path)
        samples.append((time.perf_counter() - started) * 1000)
        assert status == 200, (path, status)
    row = _sequential(samples)
    return {
        "rps": float(str(row["req/s"]).replace(",", "")),
        "p50": float(str(row["p50 ms"]).replace(",", "")),
        "p99": float(str(row["p99 ms"]).replace(",", "")),
        "how": f"sequential, {COLD_RUNS}, each after a version bump",
    }


def _pages(found: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """(name, path, logged in)."""
    return [
        ("home", "/", False),
        ("home, logged in", "/", True),
        ("agenda", "/events/", False),
        ("month calendar", "/events/calendar", False),
        ("event: exchange", f"/events/{found['exchange']}", False),
        ("event: study visit", f"/events/{found['study_visit']}", False),
        ("event: training", f"/events/{found['training']}", False),
        ("event: rally", f"/events/{found['rally']}", False),
        ("directory list", "/members/", False),
        ("directory Thai search", "/members/?" + urlencode({"q": "หนองบัว"}), False),
        ("member: community", f"/members/{found['community']}", False),
        ("member: province network", f"/members/{found['network']}", False),
        ("venues", "/venues/", False),
        ("map", "/map", False),
        ("network", "/network", True),
        ("login page", "/login", False),
        (".ics download", f"/events/{found['rally']}.ics", False),
    ]


def _row(name: str, path: str, result: dict[str, Any], hello: dict[str, Any]) -> dict[str, object]:
    ratio = result["p99"] / hello["p99"] if hello["p99"] else float("nan")
    rps_ratio = result["rps"] / hello["rps"] if hello["rps"] else float("nan")
    return {
        "page": name,
        "path": f"`{path}`",
        "p50 ms": f"{result['p50']:,.1f}",
        "p99 ms": f"{result['p99']:,.1f}",
        "p99 ÷ hello": f"{ratio:,.1f}×",
        "req/s": f"{result['rps']:,.1f}",
        "req/s ÷ hello": f"{rps_ratio:.2f}×",
        "within 5×": "yes" if ratio <= LIMIT_P99 else "no",
        "how": result["how"],
    }


def _page(port: int, path: str, headers: dict[str, str]) -> dict[str, Any]:
    """wrk on the page, unless one request alone takes over SLOW_S, or wrk finished too few
    to give percentiles: then (the workers would be busy with wrk's queue for minutes) the
    median and worst of SLOW_RUNS sequential requests."""
    for _ in range(2):  # wait out the previous page's queue (a worker answers in order)
        _get(port, "/hello")
    samples: list[float] = []

    def once() -> None:
        started = time.perf_counter()
        status = _get(port, path, headers)[0]
        samples.append((time.perf_counter() - started) * 1000)
        assert status == 200, (path, status)

    try:
        once()
        if samples[-1] < SLOW_S * 1000:
            result = _wrk(port, path, headers)
            if result["p99"] == result["p99"] and not result["how"].endswith(FEW):
                return result
            for _ in range(2):
                _get(port, "/hello")
        while len(samples) < SLOW_RUNS:
            once()
    except TimeoutError:
        return {"rps": 0.0, "p50": float("nan"), "p99": float("nan"), "how": "timed out (120 s)"}
    samples.sort()
    return {
        "rps": 1000 / statistics.mean(samples),
        "p50": statistics.median(samples),
        "p99": samples[-1],
        "how": f"sequential, {len(samples)} (too slow for wrk)",
    }


def _measure(url: str, env: dict[str, str], found: dict[str, Any]) -> list[dict[str, object]]:
    env = {**env, "DATABASE_URL": url}
    if READ_ONLY:
        env["PGOPTIONS"] = "-c default_transaction_read_only=on"
    port = _free_port()
    command = [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}"]
    # gunicorn reads ./gunicorn.conf.py (production's settings: gthread with 2 threads,
    # keep-alive, an access log line per request) and this run keeps those, except worker
    # recycling: ``max_requests = 2000`` restarts a worker every few seconds at wrk's rate,
    # and each restart (a fresh import and create_app, 2–5 s on a loaded machine) stalls
    # half the server; that made p99s (and whole 5-second runs with 0 requests) measure
    # restarts, not pages. A page's cost is measured in steady state.
    command += [
        "--timeout",
        "120",
        "--max-requests",
        "0",
        "--log-level",
        "warning",
        "benchmarks.national_app:create_app()",
    ]
    server = subprocess.Popen(  # noqa: S603 (a fixed command line)
        command,
        cwd=APP_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: no worker outlives the run
    )
    try:
        return _measure_on(server, port, url, found, env["SECRET_KEY"])
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)


def _measure_on(
    server: subprocess.Popen[bytes], port: int, url: str, found: dict[str, Any], secret: str
) -> list[dict[str, object]]:
    measured: list[tuple[str, str, dict[str, Any]]] = []  # (name, path, wrk result)
    with _running(server, port, "/hello"):
        # The first seconds of a fresh server are slow (imports, templates, connections):
        # a discarded run first, then hello world before and after the pages; each page is
        # compared with the better of the two (the stricter reference).
        _wrk(port, "/hello", {})
        hello = _wrk(port, "/hello", {})
        measured.append(("hello world (same app)", "/hello", hello))
        cookie = {"Cookie": _signed_cookie(url, secret) if READ_ONLY else _login(port)}
        only = os.environ.get("BENCH_HTTP_ONLY", "")  # e.g. "login,venues" for a quick look
        for name, path, logged_in in _pages(found):
            if only and not any(word in name for word in only.split(",")):
                continue
            measured.append((name, path, _page(port, path, cookie if logged_in else {})))
            print(name, measured[-1][2], flush=True)
        feed = f"/feeds/u/{found['token']}.ics"
        shown = "/feeds/u/…token….ics"
        if not READ_ONLY:  # a cold feed needs the calendar version moved: a write
            measured.append(("personal feed, cold", shown, _cold(port, url, feed)))
        status, _body, headers = _get(port, feed)
        assert status == 200
        _warm_both_workers(port, feed)
        measured.append(("personal feed, warm 200", shown, _wrk(port, feed, {})))
        not_modified = {"If-None-Match": headers["ETag"]}
        for _ in range(4):  # both workers render the same bytes, so the same ETag
            assert _get(port, feed, not_modified)[0] == 304
        measured.append((NOT_MODIFIED, shown, _wrk(port, feed, not_modified)))
        again = _wrk(port, "/hello", {})
        measured.append(("hello world, again at the end", "/hello", again))
    best = min((hello, again), key=lambda run: run["p99"])
    rows = []
    for name, path, result in measured:
        row = _row(name, path, result, best)
        if name == NOT_MODIFIED:
            met = result["rps"] >= LIMIT_304 * best["rps"]
            row["within 5×"] = f"{row['within 5×']}; req/s ≥ 0.8×: {'yes' if met else 'no'}"
        rows.append(row)
    return rows


NOT_MODIFIED = "personal feed, 304"


def _prepare(url: str, env: dict[str, str], scale: str) -> str:
    env = {**env, "DATABASE_URL": url}
    _flask(env, "db", "upgrade")
    started = time.perf_counter()
    out = _flask(env, "demo", "--scale", scale)
    seconds = time.perf_counter() - started
    if out.startswith("Skipped"):
        return "The data set was already there (its marker found), so it was not generated again."
    timing = [line.strip() for line in out.splitlines() if line.startswith("  ")]
    return f"Generated in {seconds:.0f} s: " + "; ".join(timing)


def run() -> dict[str, object]:
    title = "Every page over HTTP on the national data set (gunicorn, 2 workers) vs hello world"
    if shutil.which("wrk") is None:
        return {"title": title, "rows": [], "notes": "Skipped: `wrk` is not installed."}
    env = {**os.environ, "SECRET_KEY": "bench", "BASE_URL": "https://ruamjai.example"}
    env["PYTHONPATH"] = str(ROOT)
    env.pop("RUAMJAI_ENV", None)
    url = os.environ.get("BENCH_DATABASE_URL")
    with tempfile.TemporaryDirectory(prefix="ruamjai-bench-http-") as tmp:
        if url and READ_ONLY:
            where = "PostgreSQL (`BENCH_DATABASE_URL`, read-only), national size"
            generated = "Measured read-only (`BENCH_READ_ONLY=1`): nothing migrated or written."
        elif url:
            where = "PostgreSQL (`BENCH_DATABASE_URL`), national size"
            generated = _prepare(url, env, "national")
        else:
            url = f"sqlite:///{Path(tmp) / 'national.sqlite3'}"
            where = (
                f"SQLite at {float(SQLITE_SCALE):.0%} of national size (no `BENCH_DATABASE_URL`)"
            )
            generated = _prepare(url, env, SQLITE_SCALE)
        found = _targets(url)
        load = os.getloadavg()
        rows = _measure(url, env, found)
        load_after = os.getloadavg()
    counts = ", ".join(f"{name} {count:,}" for name, count in found["counts"].items())
    notes = (
        f"Database: {where}; rows: {counts}. {generated}\n\n"
        f"Load average before/after the measurements: {load[0]:.1f} / {load_after[0]:.1f} "
        f"(the machine's 2 cores are shared with wrk and with other work).\n\n" + NOTES
    )
    return {"title": title, "rows": rows, "notes": notes}


NOTES = """How to read this: *hello world* is a route of the same app under the same gunicorn
(every request hook runs, nothing is read), so *p99 ÷ hello* is a page's own cost. The
targets (issue 16): every page's p99 within 5× hello world's, and a feed 304 at ≥ 0.8×
hello world's req/s. wrk holds 8 connections on 2 workers, so latency includes queueing
behind slower requests; the cold feed is one request at a time, each after the calendar
version moved (a re-render)."""


if __name__ == "__main__":
    for line in run()["rows"]:  # type: ignore[attr-defined]
        print(line)
