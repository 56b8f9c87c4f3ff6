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
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from benchmarks.timing import page_ms
from scheduler_app import create_app
from scheduler_app.accounts.models import Person
from scheduler_app.directory.models import Member
from scheduler_app.events.models import Event, Registration
from scheduler_app.extensions import db
from scheduler_app.network import compute

# BENCH_NETWORK_SCALE=0.25 runs a quarter of the national size (a shared or slow machine).
SCALE = float(os.environ.get("BENCH_NETWORK_SCALE", "1"))
ORGANISATIONS = int(7_850 * SCALE)
COMMUNITIES = int(75_000 * SCALE)
VISITS = int(30_000 * SCALE)
SHARED_EVENTS = int(20_000 * SCALE)
GROUP = 1_100  # members per province-sized group (77 provinces)
RUNS = 40
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


def _time(client: Any, url: str) -> tuple[float, float]:
    return page_ms(client, url, RUNS)


def run() -> dict[str, object]:
    rng = random.Random(14)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
            "SECRET_KEY": "bench", "TESTING": True, "NETWORK_RECOMPUTE_INLINE": False,
        })  # fmt: skip
        app.add_url_rule("/hello", "hello", lambda: "Hello, world!")
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
            hello = _time(client, "/hello")
            rows = [{"page": "`/hello` (hello world)", "median ms": f"{hello[0]:.1f}",
                     "p95 ms": f"{hello[1]:.1f}", "p95 / hello": "1.0×"}]  # fmt: skip
            for url in ("/network/health", "/network/suggestions", "/network",
                        "/network/health?role=isolated&page=20",
                        "/network/participation?period=year",
                        "/network/participation?period=12m&page=200"):  # fmt: skip
                median, p95 = _time(client, url)
                ratio = f"{p95 / hello[1]:.1f}×"
                rows.append({"page": f"`{url}`", "median ms": f"{median:.1f}",
                             "p95 ms": f"{p95:.1f}", "p95 / hello": ratio})  # fmt: skip
            state = compute.state()
            db.session.remove()
            db.engine.dispose()
    total = ORGANISATIONS + COMMUNITIES
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
            "layout and ranked introductions. Pages only read the stored rows, so they cost "
            "about the same at any size; recompute runs as a Celery task queued once per change "
            "(and by beat every 5 minutes when stale) or from cron (`network recompute "
            "--if-stale`), never per page view at this size."
        ),
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
