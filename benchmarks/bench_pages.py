"""Every public page at national size, in-process, against a hello-world route of the
same app (issue 16: each page's p99 within 5x hello's; queries per page constant).

80,000 members (20 networks, 800 nodes under them, the rest below the nodes), 20,000
people, 60,000 events over five years around today (about half of them past, ~1,000 in
the busiest month), 120,000 registrations, a rally with 12 stops, a class with 8
sessions. SQLite always; PostgreSQL too when ``BENCH_DATABASE_URL`` is set (its tables
are dropped and rebuilt). For each page: median and p99 milliseconds over ``RUNS``
requests through the test client, p99 as a multiple of hello's p99, and the number of
SQL statements the request ran.

Run one engine alone with ``python -m benchmarks.bench_pages sqlite|postgresql``; run
against another checkout (the "before" numbers) with ``PYTHONPATH=<checkout>``.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from scheduler_app import create_app
from scheduler_app.accounts.models import Person
from scheduler_app.directory.models import Member
from scheduler_app.events.models import Event, Registration
from scheduler_app.events.rally.models import RallyStop
from scheduler_app.events.training.models import TrainingSession
from scheduler_app.extensions import db
from scheduler_app.venues.models import Venue

MEMBERS = 80_000
NETWORKS = 20
NODES = 800
PEOPLE = 20_000
EVENTS = 60_000
REGISTRATIONS = 120_000
VENUES = 400
RUNS = int(os.environ.get("BENCH_PAGES_RUNS", "40"))
DAYS = 5 * 365
KINDS = ("exchange", "study_visit", "rally", "training")


def _bulk(model: Any, rows: list[dict[str, Any]], chunk: int = 10_000) -> None:
    for start in range(0, len(rows), chunk):
        db.session.execute(sa.insert(model), rows[start : start + chunk])
    db.session.commit()


def _seed(now: datetime) -> dict[str, Any]:
    districts = [f"42{d:02d}" for d in range(1, 15)]
    members = []
    for i in range(1, MEMBERS + 1):
        if i <= NETWORKS:
            kind, parent = "network", None
        elif i <= NETWORKS + NODES:
            kind, parent = "node", 1 + i % NETWORKS
        else:
            kind, parent = ("individual" if i % 3 else "node"), NETWORKS + 1 + i % NODES
        place = "เลย" if i % 50 == 0 else "หนองบัว"
        members.append(
            {
                "id": i,
                "kind": kind,
                "org_type": None if kind != "node" else "community_group",
                "name_th": f"ชุมชนบ้าน{place} หมู่ {i}",
                "name_en": f"Ban {'Loei' if i % 50 == 0 else 'Nong Bua'} Community {i}",
                "parent_id": parent,
                "district_code": districts[i % len(districts)],
                "is_active": True,
            }
        )
    _bulk(Member, members)
    _bulk(
        Venue,
        [{"id": v, "name_th": f"ศูนย์เรียนรู้ {v}", "district_code": districts[v % 14],
          "owner_member_id": NETWORKS + v} for v in range(1, VENUES + 1)],
    )  # fmt: skip
    _bulk(
        Person,
        [{"id": p, "email": f"p{p}@example.org", "given_name": f"สมชาย{p}",
          "member_id": NETWORKS + 1 + p % NODES, "feed_token": f"bench-token-{p}"}
         for p in range(1, PEOPLE + 1)],
    )  # fmt: skip
    first = now - timedelta(days=DAYS // 2)
    events = []
    for e in range(1, EVENTS + 1):
        start = first + timedelta(minutes=(e * DAYS * 24 * 60) // EVENTS)
        events.append(
            {
                "id": e,
                "kind": "exchange",
                "title_th": f"แลกเปลี่ยนเรียนรู้ครั้งที่ {e}",
                "start_at": start,
                "end_at": start + timedelta(hours=3),
                "host_member_id": NETWORKS + 1 + e % (MEMBERS - NETWORKS - 1),
                "venue_id": 1 + e % VENUES,
                "organiser_id": 1 + e % PEOPLE,
                "status": "published" if e % 10 else "cancelled",
                "published_at": start - timedelta(days=30),
                "cancelled_at": None if e % 10 else start - timedelta(days=1),
            }
        )
    _bulk(Event, events)
    _bulk(
        Registration,
        [{"event_id": 1 + r % EVENTS, "person_id": 1 + (r // EVENTS * 7 + r * 13) % PEOPLE,
          "status": "confirmed"} for r in range(REGISTRATIONS)],
    )  # fmt: skip
    # One event of each kind, next week, with their parts.
    soon = now + timedelta(days=7)
    pages: dict[str, int] = {}
    for n, kind in enumerate(KINDS):
        visiting = NETWORKS + 2 if kind == "study_visit" else None
        event = Event(kind=kind, title_th=f"งาน {kind}", start_at=soon, venue_id=1,
                      end_at=soon + timedelta(days=2), status="published",
                      host_member_id=NETWORKS + 1, visiting_member_id=visiting)  # fmt: skip
        db.session.add(event)
        db.session.flush()
        pages[kind] = event.id
        if kind == "rally":
            for s in range(12):
                stop = RallyStop(event_id=event.id, position=s + 1, name=f"จุด {s + 1}",
                                 host_member_id=NETWORKS + 1 + s, venue_id=1 + s)  # fmt: skip
                db.session.add(stop)
        if kind == "training":
            for s in range(8):
                at = soon + timedelta(hours=3 * s)
                db.session.add(TrainingSession(event_id=event.id, position=s, start_at=at,
                                               end_at=at + timedelta(hours=2)))  # fmt: skip
        for p in range(1, 40):
            db.session.add(Registration(event_id=event.id, person_id=p + 100 * n,
                                        status="confirmed"))  # fmt: skip
    db.session.commit()
    return pages


@contextmanager
def _counting() -> Iterator[list[int]]:
    count = [0]

    def record(*_args: Any) -> None:
        count[0] += 1

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield count
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)


def _time(
    client: Any, url: str, before: Callable[[], None] | None = None
) -> tuple[float, float, int]:
    client.get(url)  # warm up
    samples = []
    with _counting() as count:
        for _ in range(RUNS):
            if before:
                before()
            db.session.remove()  # requests share the bench's app context: start cold
            started = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
    samples.sort()
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    return statistics.median(samples), p99, count[0] // RUNS


def measure(url: str) -> tuple[str, list[dict[str, object]]]:
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "TESTING": True,
         "RATELIMIT_ENABLED": False, "LOG_LEVEL": "WARNING"}
    )  # fmt: skip
    app.add_url_rule("/__hello", "bench_hello", lambda: "Hello, world!")
    now = datetime.now(UTC).replace(microsecond=0)
    with app.app_context():
        db.drop_all()
        db.create_all()
        started = time.perf_counter()
        pages = _seed(now)
        print(f"  seeded in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as conn:
                conn.execute(sa.text("ANALYZE"))
                conn.commit()
        client = app.test_client()

        def cold_feed() -> None:
            cache = app.extensions.get("feeds_cache")
            if cache is not None and hasattr(cache, "clear"):
                cache.clear()

        busiest = now + timedelta(days=30)
        urls: list[tuple[str, str, Callable[[], None] | None]] = [
            ("hello (same app)", "/__hello", None),
            ("home", "/", None),
            ("agenda", "/events/", None),
            ("calendar (next month)", f"/events/calendar?year={busiest.year}&month={busiest.month}",
             None),
            ("directory", "/members/", None),
            ("directory search เลย", "/members/?q=%E0%B9%80%E0%B8%A5%E0%B8%A2", None),
            ("directory, page 2000", "/members/?page=2000", None),
            ("a network's page", "/members/1", None),
            ("venues", "/venues/", None),
            *((f"{kind} page", f"/events/{pages[kind]}", None) for kind in KINDS),
            ("personal feed, cold", "/feeds/u/bench-token-5.ics", cold_feed),
        ]  # fmt: skip
        # BENCH_PAGES_SKIP="agenda,calendar": leave out pages whose label starts so.
        skip = tuple(w for w in os.environ.get("BENCH_PAGES_SKIP", "").split(",") if w)
        rows = []
        hello_p99 = 0.0
        for label, page, before in urls:
            if skip and label.startswith(skip):
                continue
            median, p99, queries = _time(client, page, before)
            print(f"  {label}: {median:.1f} / {p99:.1f} ms, {queries} queries", file=sys.stderr)
            hello_p99 = hello_p99 or p99
            rows.append(
                {
                    "page": label,
                    "median ms": f"{median:.1f}",
                    "p99 ms": f"{p99:.1f}",
                    "p99 ÷ hello": f"{p99 / hello_p99:.0f}×",
                    "queries": queries,
                }
            )
        name = db.engine.dialect.name
        db.session.remove()
        db.engine.dispose()
    return name, rows


def run(engines: tuple[str, ...] = ("sqlite", "postgresql")) -> dict[str, object]:
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        targets = []
        if "sqlite" in engines:
            targets.append(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        if "postgresql" in engines and os.environ.get("BENCH_DATABASE_URL"):
            targets.append(os.environ["BENCH_DATABASE_URL"])
        for url in targets:
            name, measured = measure(url)
            rows += [{"engine": name, **row} for row in measured]
    return {
        "title": f"Pages at national size ({MEMBERS:,} members, {EVENTS:,} events, in-process)",
        "rows": rows,
        "notes": (
            f"{RUNS} requests per page through Flask's test client after one warm-up; "
            "'queries' is SQL statements per request. The feed row clears the rendered-feed "
            "cache before each request."
        ),
    }


if __name__ == "__main__":
    from benchmarks.run import _table

    chosen = tuple(sys.argv[1:]) or ("sqlite", "postgresql")
    result = run(chosen)
    print(result["title"])
    print(_table(result["rows"]))  # type: ignore[arg-type]
