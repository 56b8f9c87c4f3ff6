"""The network at national scale: 7,850 organisations, 75,000 communities, 50,000 events.

Seeds a SQLite file: one person per member, 30,000 study visits (mostly within a
province-sized group, some across), 20,000 exchanges, rallies and classes with 3-7
participating organisations each; then times ``network recompute`` once and the network
pages (which only read the stored computation) against a hello-world route of the same
app, in-process through the test client.

``python -m benchmarks.bench_network`` runs it alone and splices its section into
docs/BENCHMARKS.md; ``make bench`` runs it with the others.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import render_template_string

from scheduler_app import create_app
from scheduler_app.accounts.models import Person
from scheduler_app.directory.models import Member
from scheduler_app.events.models import Event, Registration
from scheduler_app.extensions import db
from scheduler_app.network import compute, page_cache

# BENCH_NETWORK_SCALE=0.25 runs a quarter of the national size (a shared or slow machine).
SCALE = float(os.environ.get("BENCH_NETWORK_SCALE", "1"))
ORGANISATIONS = int(7_850 * SCALE)
COMMUNITIES = int(75_000 * SCALE)
VISITS = int(30_000 * SCALE)
SHARED_EVENTS = int(20_000 * SCALE)
GROUP = 1_100  # members per province-sized group (77 provinces)
RUNS = 200
COLD_RUNS = 5
NOW = datetime(2026, 11, 1, tzinfo=UTC)


def _seed(rng: random.Random) -> int:
    total = ORGANISATIONS + COMMUNITIES
    members = [
        {
            "kind": "node", "org_type": "sao" if i < ORGANISATIONS else "community_group",
            "name_th": f"{'อบต.' if i < ORGANISATIONS else 'ชุมชนบ้าน'}ทดสอบ {i}",
            "name_en": f"Member {i}", "district_code": f"42{(i // GROUP) % 14 + 1:02d}",
            "latitude": 14.0 + (i // GROUP) * 0.1 + rng.random() * 0.3,
            "longitude": 100.0 + rng.random() * 0.5, "is_active": True,
            "created_at": NOW - timedelta(days=900), "updated_at": NOW,
            "service_area": "", "accepts_introductions": True,
        }
        for i in range(total)
    ]  # fmt: skip
    db.session.execute(sa.insert(Member), members)
    people = [
        {"email": f"p{i}@bench.example", "given_name": f"ผู้แทน {i}", "member_id": i + 1,
         "role": "member", "feed_token": f"t{i}"}
        for i in range(total)
    ]  # fmt: skip
    db.session.execute(sa.insert(Person), people)

    def near(i: int) -> int:
        group = i // GROUP
        return min(total, group * GROUP + rng.randrange(GROUP)) + 1

    events, registrations = [], []
    for n in range(VISITS + SHARED_EVENTS):
        host = rng.randrange(total) + 1
        end = NOW - timedelta(days=rng.randrange(1, 900))
        event = {
            "id": n + 1, "kind": "study_visit", "title_th": f"กิจกรรม {n}", "title_en": "",
            "start_at": end - timedelta(hours=6), "end_at": end, "status": "published",
            "host_member_id": host, "created_at": end, "updated_at": end,
        }  # fmt: skip
        if n < VISITS:
            visitor = near(host - 1) if rng.random() < 0.9 else rng.randrange(total) + 1
            event["visiting_member_id"] = visitor if visitor != host else None
        else:
            event["kind"] = rng.choice(("exchange", "rally", "training"))
            for member in {near(host - 1) for _ in range(rng.randrange(3, 8))} - {host}:
                registrations.append({"event_id": n + 1, "person_id": member,
                                      "status": "confirmed"})  # fmt: skip
        events.append(event)
    db.session.execute(sa.insert(Event), events)
    db.session.execute(sa.insert(Registration), registrations)
    db.session.commit()
    return len(registrations)


def _samples(client: Any, url: str, runs: int, before: Any = None) -> list[float]:
    samples = []
    for _ in range(runs):
        if before is not None:
            before()
        samples.append(_once(client, url))
    return sorted(samples)


def _once(client: Any, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, url
    return elapsed


def _interleaved(client: Any, urls: list[str], runs: int) -> dict[str, list[float]]:
    """``runs`` rounds, each requesting every URL once, so that a shared machine's load
    falls on all of them alike (timing one URL after another compared different loads)."""
    for url in urls:
        client.get(url)  # warm: the first view renders the body
    samples: dict[str, list[float]] = {url: [] for url in urls}
    for _ in range(runs):
        for url in urls:
            samples[url].append(_once(client, url))
    return {url: sorted(values) for url, values in samples.items()}


def _pct(samples: list[float], share: float) -> float:
    return samples[min(len(samples) - 1, round(share * (len(samples) - 1)))]


LAYOUT = '{% extends "base.html" %}{% block content %}<h1>Layout</h1>{% endblock %}'
PAGES = (
    "/network/health",
    "/network/suggestions",
    "/network",
    "/network/health?role=isolated&page=20",
    "/network/participation?period=year",
    "/network/participation?period=12m&page=200",
)


def run() -> dict[str, object]:
    rng = random.Random(14)
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
            "SECRET_KEY": "bench", "TESTING": True, "NETWORK_RECOMPUTE_INLINE": False,
        })  # fmt: skip
        app.add_url_rule("/hello", "hello", lambda: "Hello, world!")
        # The app's own floor for an HTML page: the signed-in base layout, nothing else.
        app.add_url_rule("/layout", "layout", lambda: render_template_string(LAYOUT))
        with app.app_context():
            db.create_all()
            started = time.perf_counter()
            registrations = _seed(rng)
            seeded = time.perf_counter() - started
            started = time.perf_counter()
            compute.recompute(NOW)
            db.session.commit()
            recompute_s = time.perf_counter() - started
            coordinator = Person(email="c@bench.example", given_name="ผู้ประสาน", role="admin")
            db.session.add(coordinator)
            db.session.commit()
            client = app.test_client()
            with client.session_transaction() as session:
                session["_user_id"] = str(coordinator.id)
                session["_fresh"] = True
            warm = _interleaved(client, ["/hello", "/layout", *PAGES], RUNS)
            hello, layout = warm["/hello"], warm["/layout"]
            rows = [
                _row("`/hello` (hello world)", hello, hello, layout, None),
                _row("`/layout` (signed-in base layout, empty body)", layout, hello, layout, None),
            ]
            clear = page_cache.cache_for(app).clear
            for url in PAGES:
                cold = _samples(client, url, COLD_RUNS, before=clear)
                rows.append(_row(f"`{url}`", warm[url], hello, layout, cold))
            state = compute.state()
            db.session.remove()
            db.engine.dispose()
    load_after = os.getloadavg()
    total = ORGANISATIONS + COMMUNITIES
    within = [r["page"] for r in rows[2:] if float(r["p95 / hello"][:-1]) <= 5]
    return {
        "title": (
            f"Network at national scale: {total:,} members, {VISITS + SHARED_EVENTS:,} events "
            "(SQLite, in-process)"
        ),
        "rows": rows,
        "notes": (
            f"Seeded in {seeded:.0f} s ({registrations:,} registrations). `network recompute` "
            f"took **{recompute_s:.1f} s** (stored computation: {state.seconds:.1f} s) for the "
            "whole graph: ties, degree, k-core, Louvain clusters, betweenness estimated from "
            "64 sampled sources (exact below 1,500 members), participation, the picture's "
            "layout and ranked introductions. Warm rows are every view after the first: "
            f"{RUNS} rounds requesting each URL once (interleaved), the body read from "
            "the per-worker cache after one read of the network's version "
            "(`network/page_cache.py`); `cold ms` is the median "
            f"of {COLD_RUNS} first views (cache emptied before each), what one view per "
            "worker costs after a change to the activities or a recompute. Recompute runs "
            "as a Celery task queued once per change (and by beat every 5 minutes when "
            "stale) or from cron (`network recompute --if-stale`), never per page view at "
            f"this size. Load average {load_before[0]:.1f} before, {load_after[0]:.1f} "
            f"after. Pages with p95 within 5× the hello route: "
            f"{', '.join(within) if within else 'none'}."
        ),
    }


def _row(
    name: str,
    samples: list[float],
    hello: list[float],
    layout: list[float],
    cold: list[float] | None,
) -> dict[str, str]:
    p95 = _pct(samples, 0.95)
    return {
        "page": name,
        "p50 ms": f"{statistics.median(samples):.1f}",
        "p95 ms": f"{p95:.1f}",
        "p99 ms": f"{_pct(samples, 0.99):.1f}",
        "p50 / hello": f"{statistics.median(samples) / statistics.median(hello):.1f}×",
        "p95 / hello": f"{p95 / _pct(hello, 0.95):.1f}×",
        "p95 / layout": f"{p95 / _pct(layout, 0.95):.1f}×",
        "cold ms": f"{statistics.median(cold):.0f}" if cold else "",
    }


def _splice(section: str, title: str) -> None:
    """Replace (or add) this benchmark's section in docs/BENCHMARKS.md."""
    path = Path(__file__).resolve().parent.parent / "docs" / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8")
    start = text.find("## Network at national scale")
    if start >= 0:
        end = text.find("\n## ", start + 3)
        text = text[:start] + section + (text[end + 1 :] if end >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    from benchmarks.run import _table

    began = time.perf_counter()
    result = run()
    body = (
        f"## {result['title']}\n\n{_table(result['rows'])}\n{result['notes']}\n\n"  # type: ignore[arg-type]
        f"_`benchmarks/bench_network.py`, {time.perf_counter() - began:.1f} s in all, "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC._\n"
    )
    print(body)
    _splice(body, str(result["title"]))
    sys.exit(0)
