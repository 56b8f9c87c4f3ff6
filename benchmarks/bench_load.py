"""Load test of a production-like deployment: gunicorn (``gunicorn.conf.py``) with 1, 2
and 4 web workers, driven by wrk with ``benchmarks/load/mix.lua``.

The database is ``BENCH_DATABASE_URL`` (PostgreSQL; its schema is dropped and rebuilt
here), else a SQLite file (said so in the notes: SQLite serialises the writes). It is
migrated, loaded with the Loei demo (``flask demo``) and given bench members who sign in
through the login form as a person would. Then, per worker count, ``wrk -t2 -c16`` sends
the mix for ``LOAD_SECONDS`` (15) seconds:

- page views 55 %: home, agenda, calendar, event pages, directory and member pages;
- feed polls 40 %: ``/feeds/all.ics``, kind and member feeds, 90 % with the ETag the
  calendar app got last time (``If-None-Match``, answered 304), 10 % without (200);
- registrations 5 %: signed-in ``POST /events/<id>/register`` with the CSRF token,
  the same pair cancelled (``POST …/unregister``) on its next turn.

Each worker count uses its own bench members, so no run finds another's registrations.
Per kind, a single-kind run on one worker gives req/s, latency and the **CPU time the
gunicorn processes spent per request** (utime + stime from ``/proc``): that, not req/s,
is the per-request cost ``docs/SCALING.md`` builds on, since wrk shares the cores.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from benchmarks.bench_feeds_http import _free_port, _ms, stop

ROOT = Path(__file__).resolve().parent.parent
MIX_SCRIPT = ROOT / "benchmarks" / "load" / "mix.lua"
WORKERS = tuple(int(n) for n in os.environ.get("LOAD_WORKERS", "1,2,4").split(","))
SECONDS = int(os.environ.get("LOAD_SECONDS", "15"))
CONNECTIONS = 16
SESSIONS_PER_RUN = 10
BENCH_PASSWORD = "bench-load-password"  # noqa: S105 (bench accounts on a throwaway database)  # nosec B105
SECRET_KEY = secrets.token_urlsafe(32)
MIX = "page=55,feed=40,register=5"
KINDS = {
    "page views": "page=100,feed=0,register=0",
    "feed polls, 304": "page=0,feed=100,register=0",
    "registrations": "page=0,feed=0,register=100",
}
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
TICKS = os.sysconf("SC_CLK_TCK")


class Client:
    """A cookie-keeping HTTP client for one person (http.client, no redirects followed)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, str, Any]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, text, response.headers

    def csrf(self, path: str) -> str:
        status, text, _ = self.request("GET", path)
        match = CSRF.search(text)
        if status != 200 or match is None:
            raise RuntimeError(f"no CSRF token on {path} ({status})")
        return match.group(1)

    def login(self, email: str) -> None:
        token = self.csrf("/login")
        form = {"csrf_token": token, "email": email, "password": BENCH_PASSWORD}
        status, _, headers = self.request("POST", "/login", form)
        if status != 302 or "login" in (headers.get("Location") or ""):
            raise RuntimeError(f"{email} could not sign in ({status})")

    @property
    def cookie(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())


def _database() -> tuple[str, str]:
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        from config import normalise_database_url

        url = normalise_database_url(url)
        engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
        return url, "PostgreSQL (BENCH_DATABASE_URL)"
    folder = Path(tempfile.mkdtemp(prefix="ruamjai-load-"))
    return f"sqlite:///{folder / 'load.sqlite3'}", "SQLite (BENCH_DATABASE_URL unset)"


def _env(database_url: str, workers: int = 1, port: int = 0) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "REDIS_"))}
    env.update(
        RUAMJAI_ENV="production",
        SECRET_KEY=SECRET_KEY,
        BASE_URL="https://ruamjai.test",
        DATABASE_URL=database_url,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY=str(workers),
        LOG_FORMAT="json",
        LOGIN_RATE_LIMIT="100000 per minute",
        RATELIMIT_STORAGE_URI="memory://",
        MAIL_SERVER="",
        UPLOAD_DIR=tempfile.gettempdir(),
    )
    return env


def _flask(env: dict[str, str], *args: str) -> None:
    command = [sys.executable, "-m", "flask", "--app", "scheduler_app", *args]
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603  # nosec B603


def _add_bench_members(database_url: str, count: int) -> list[str]:
    """Members who can sign in (the demo's own four accounts are too few for the mix)."""
    from scheduler_app import create_app
    from scheduler_app.accounts.models import Person
    from scheduler_app.extensions import db

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": SECRET_KEY,
         "PASSWORD_HASH_METHOD": "scrypt"}
    )  # fmt: skip
    emails = [f"load{n}@bench.ruamjai.local" for n in range(count)]
    with app.app_context():
        for n, email in enumerate(emails):
            person = Person(email=email, honorific="นาย", given_name=f"ทดสอบ{n}",
                            family_name="โหลด", role="member")  # fmt: skip
            person.set_password(BENCH_PASSWORD)
            db.session.add(person)
        db.session.commit()
        db.engine.dispose()
    return emails


def _gunicorn(env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        "gunicorn.conf.py",
        "scheduler_app:create_app()",
    ]
    return subprocess.Popen(  # noqa: S603  # nosec B603 (a fixed command line)
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


@contextmanager
def _serving(database_url: str, workers: int) -> Iterator[tuple[int, int]]:
    """(port, master pid) of a gunicorn with ``workers`` workers, stopped afterwards."""
    port = _free_port()
    process = _gunicorn(_env(database_url, workers, port))
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({process.returncode})")
            try:
                if (
                    Client(port).request("GET", "/healthz")[0] == 200
                    and len(_children(process.pid)) >= workers
                ):
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not come up")
            time.sleep(0.3)
        yield port, process.pid
    finally:
        stop(process, timeout=30)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _cpu_seconds(master: int) -> float:
    """utime + stime of the gunicorn master and its workers, in seconds."""
    total = 0
    for pid in (master, *_children(master)):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / TICKS


def _lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _write_data(path: Path, data: dict[str, Any]) -> None:
    pages = ", ".join(_lua_string(p) for p in data["pages"])
    feeds = ", ".join(
        f"{{path = {_lua_string(f)}, etag = {_lua_string(e)}}}" for f, e in data["feeds"]
    )
    sessions = ", ".join(
        f"{{cookie = {_lua_string(c)}, csrf = {_lua_string(urllib.parse.quote(t))}}}"
        for c, t in data["sessions"]
    )
    events = ", ".join(str(e) for e in data["events"])
    path.write_text(
        f"return {{pages = {{{pages}}}, feeds = {{{feeds}}},\n"
        f"sessions = {{{sessions}}}, events = {{{events}}}}}\n",
        encoding="utf-8",
    )


def _wrk(port: int, data_file: Path, mix: str) -> dict[str, Any]:
    env = dict(os.environ, RUAMJAI_LOAD_DATA=str(data_file), RUAMJAI_LOAD_MIX=mix,
               RUAMJAI_LOAD_THREADS="2")  # fmt: skip
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--timeout", "30s",
               "--latency", "-s", str(MIX_SCRIPT), f"http://127.0.0.1:{port}"]  # fmt: skip
    out = subprocess.run(command, capture_output=True, text=True, check=True, env=env)  # noqa: S603  # nosec B603
    text = out.stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", text, re.MULTILINE))
    if "99" not in latency:
        raise RuntimeError(f"wrk printed no latency distribution:\n{text}\n{out.stderr}")
    statuses = re.search(r"^STATUSES (.*)$", text, re.MULTILINE)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),  # type: ignore[union-attr]
        "requests": int(re.search(r"(\d+) requests in", text).group(1)),  # type: ignore[union-attr]
        "p50": _ms(latency["50"]),
        "p99": _ms(latency["99"]),
        "statuses": statuses.group(1) if statuses else "",
    }


def _prepare(port: int, emails: list[str]) -> dict[str, Any]:
    """Pages and feeds to ask for, signed-in sessions and events open for registration."""
    visitor = Client(port)
    _, agenda, _ = visitor.request("GET", "/events/")
    event_ids = sorted({int(n) for n in re.findall(r'href="/events/(\d+)"', agenda)})
    _, directory, _ = visitor.request("GET", "/members/")
    member_ids = sorted({int(n) for n in re.findall(r'href="/members/(\d+)"', directory)})
    pages = ["/", "/events/", "/events/calendar", "/members/", "/venues/"]
    pages += [f"/events/{n}" for n in event_ids[:20]] + [f"/members/{n}" for n in member_ids[:20]]
    pages = [p for p in pages if visitor.request("GET", p)[0] == 200]
    clients = []
    for email in emails:
        client = Client(port)
        client.login(email)
        clients.append(client)
    # Events this kind of member may register for: try, and cancel straight away.
    probe = clients[0]
    token = probe.csrf("/events/")
    open_events = []
    for event in event_ids:
        status, _, _ = probe.request("POST", f"/events/{event}/register", {"csrf_token": token})
        if status == 302:
            open_events.append(event)
            probe.request("POST", f"/events/{event}/unregister", {"csrf_token": token})
        if len(open_events) == 8:
            break
    sessions = [(c.cookie, c.csrf("/events/")) for c in clients]
    # The ETags last: the probe above changed what some feeds show.
    feeds = []
    paths = ["/feeds/all.ics", *(f"/feeds/kind/{k}.ics" for k in ("meeting", "training"))]
    paths += [f"/feeds/member/{n}.ics" for n in member_ids[:20]]
    for path in paths:
        status, _, headers = visitor.request("GET", path)
        if status == 200 and headers.get("ETag"):
            feeds.append((path, headers["ETag"]))
    return {"pages": pages, "feeds": feeds, "sessions": sessions, "events": open_events}


def run() -> dict[str, Any]:
    if subprocess.run(["which", "wrk"], capture_output=True).returncode != 0:  # noqa: S607  # nosec
        return {"title": "Load test: web workers", "rows": [],
                "notes": "Skipped: `wrk` is not installed (`apt-get install wrk`)."}  # fmt: skip
    database_url, database = _database()
    setup_env = _env(database_url)
    started = time.perf_counter()
    _flask(setup_env, "db", "upgrade")
    _flask(setup_env, "demo")
    runs = [("mix", w) for w in WORKERS] + [(kind, 1) for kind in KINDS]
    emails = _add_bench_members(database_url, SESSIONS_PER_RUN * len(runs))
    setup_seconds = time.perf_counter() - started
    rows: list[dict[str, Any]] = []
    costs: dict[str, float] = {}
    folder = Path(tempfile.mkdtemp(prefix="ruamjai-load-data-"))
    for index, (kind, workers) in enumerate(runs):
        mine = emails[index * SESSIONS_PER_RUN : (index + 1) * SESSIONS_PER_RUN]
        with _serving(database_url, workers) as (port, master):
            data = _prepare(port, mine)
            data_file = folder / f"data-{index}.lua"
            _write_data(data_file, data)
            before = _cpu_seconds(master)
            result = _wrk(port, data_file, MIX if kind == "mix" else KINDS[kind])
            cpu = _cpu_seconds(master) - before
        cpu_ms = 1000 * cpu / max(result["requests"], 1)
        costs[kind] = cpu_ms
        rows.append({
            "traffic": "mix 55/40/5" if kind == "mix" else kind,
            "web workers": workers,
            "req/s": f"{result['rps']:,.1f}",
            "p50 ms": f"{result['p50']:,.1f}",
            "p99 ms": f"{result['p99']:,.1f}",
            "server CPU ms/req": f"{cpu_ms:,.2f}",
            "responses": result["statuses"],
        })  # fmt: skip
    mix_rps = [float(r["req/s"].replace(",", "")) for r in rows[: len(WORKERS)]]
    growth = ", ".join(
        f"{WORKERS[i]}→{WORKERS[i + 1]} workers {mix_rps[i + 1] / mix_rps[i]:.2f}×"
        for i in range(len(WORKERS) - 1)
    )
    per_304 = costs["feed polls, 304"] / 1000
    subscribers = 3600 / per_304 * 0.5 if per_304 else 0
    notes = (
        f"Database: {database}, the Loei demo plus {len(emails)} bench members "
        f"(setup {setup_seconds:.0f} s). gunicorn runs `gunicorn.conf.py` as in production "
        f"(gthread, {os.environ.get('GUNICORN_THREADS', '2')} threads per worker, JSON "
        f"request logs), wrk `-t2 -c{CONNECTIONS} -d{SECONDS}s` on the same machine.\n\n"
        f"**This machine has {os.cpu_count()} cores, shared with wrk** (and with other "
        f"work): mix throughput grows {growth} — "
        "4 workers on 2 cores cannot scale; the server CPU per request (utime + stime of "
        "the gunicorn processes from /proc, divided by the requests served) is the "
        "number that carries to a bigger machine.\n\n"
        f"Feed subscribers one worker serves at hourly polling: one 304 costs "
        f"{costs['feed polls, 304']:.2f} ms of CPU, so one worker (one core) at 50 % "
        f"utilisation answers 3,600 s × 0.5 / {per_304:.5f} s = "
        f"**{subscribers:,.0f} subscribers** polling once an hour "
        f"({subscribers / 3600:,.1f} polls a second). "
        f"Registrations cost {costs['registrations']:.1f} ms (a POST that writes, "
        "queues the invitation mail and reminders, then the cancellation that undoes it), "
        f"page views {costs['page views']:.1f} ms on average over the page set. "
        "`docs/SCALING.md` scales these to the whole country."
    )
    return {"title": "Load test: web workers (gunicorn + wrk mix)", "rows": rows, "notes": notes}


if __name__ == "__main__":
    from benchmarks.run import _table

    result = run()
    print(_table(result["rows"]))
    print(result["notes"])
