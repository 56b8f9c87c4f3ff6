"""The map at national scale: 80,000 members with coordinates, 1,000 venues and 5,000
upcoming events (SQLite file database, in-process through the test client).

Measures the median and 95th-percentile time of the map data (warm: served from the
per-worker cache after one version read; with gzip as browsers ask; a 304 revalidation),
the map page and a filtered map, each against a hello-world WSGI app driven by the same
kind of client in the same run. The cold render (after a change moved the data version)
is reported separately: it runs once per change per worker, not per view.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from werkzeug.test import Client

from benchmarks import hello_app
from scheduler_app import create_app
from scheduler_app.directory.models import Member
from scheduler_app.events.models import Event
from scheduler_app.extensions import db, utcnow
from scheduler_app.feeds.cache import bump
from scheduler_app.venues.models import Venue

MEMBERS = 80_000
VENUES = 1_000
EVENTS = 5_000
RUNS = 200
COLD_RUNS = 5


def _seed() -> None:
    rng = random.Random(42)
    districts = [f"42{d:02d}" for d in range(1, 15)]

    def point() -> tuple[float, float]:
        return round(rng.uniform(16.9, 18.1), 5), round(rng.uniform(100.9, 102.1), 5)

    members = []
    for i in range(MEMBERS):
        lat, lon = point()
        members.append(
            {"kind": "node" if i % 10 else "individual", "org_type": "community_group",
             "name_th": f"ชุมชนบ้านหนองบัว หมู่ {i}", "name_en": f"Ban Nong Bua {i}",
             "district_code": districts[i % 14], "latitude": lat, "longitude": lon,
             "contact_email": f"c{i}@example.org", "is_active": True}
        )  # fmt: skip
    db.session.execute(sa.insert(Member), members)
    venues = []
    for i in range(VENUES):
        lat, lon = point()
        venues.append(
            {"name_th": f"ศูนย์เรียนรู้ {i}", "name_en": f"Centre {i}",
             "district_code": districts[i % 14], "latitude": lat, "longitude": lon,
             "is_exchange_centre": i % 3 == 0}
        )  # fmt: skip
    db.session.execute(sa.insert(Venue), venues)
    start = utcnow() + timedelta(days=1)
    events = [
        {"kind": "exchange", "title_th": f"เวทีแลกเปลี่ยน {i}", "title_en": f"Exchange {i}",
         "start_at": start + timedelta(hours=i % 2000),
         "end_at": start + timedelta(hours=i % 2000 + 4),
         "host_member_id": 1 + (i * 13) % MEMBERS, "venue_id": 1 + i % VENUES if i % 2 else None,
         "status": "published", "sequence": 0}
        for i in range(EVENTS)
    ]  # fmt: skip
    db.session.execute(sa.insert(Event), events)
    db.session.commit()


def _samples(call: Callable[[], Any], runs: int = RUNS) -> list[float]:
    call()  # warm up
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return sorted(samples)


def _row(label: str, samples: list[float], hello_p95: float, size: int | None) -> dict[str, str]:
    p95 = _p95(samples)
    return {
        "request": label,
        "median ms": f"{statistics.median(samples):.2f}",
        "p95 ms": f"{p95:.2f}",
        "p95 / hello": f"{p95 / hello_p95:.1f}×",
        "bytes": f"{size:,}" if size is not None else "",
    }


def _get(client: Any, url: str, headers: dict[str, str] | None = None) -> Callable[[], Any]:
    def call() -> Any:
        response = client.get(url, headers=headers or {})
        assert response.status_code in (200, 304), (url, response.status_code)
        return response

    return call


def _p95(samples: list[float]) -> float:
    return samples[max(int(len(samples) * 0.95) - 1, 0)]


def run() -> dict[str, object]:
    bare = Client(hello_app.create_app())
    bare_samples = _samples(lambda: bare.get("/hello"))
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
                "SECRET_KEY": "bench",
                "TESTING": True,
            }
        )
        # The hello-world route on the same app: sessions, CSP headers, Babel, Flask-Login.
        app.add_url_rule("/hello", "bench_hello", lambda: "Hello, world!")
        with app.app_context():
            db.create_all()
            _seed()
            client = app.test_client()
            hello_samples = _samples(_get(client, "/hello"))
            hello_p95 = _p95(hello_samples)
            rows = [
                _row("hello world, bare WSGI (reference)", bare_samples, hello_p95, 14),
                _row("hello world route on this app `GET /hello`", hello_samples, hello_p95, 13),
            ]
            gz = {"Accept-Encoding": "gzip"}
            url = "/map/layers.geojson?lang=th"
            plain = client.get(url).get_data()
            zipped = client.get(url, headers=gz)
            etag = zipped.headers["ETag"]
            cases = [
                ("map data, gzip (warm)", url, gz, len(zipped.get_data())),
                ("map data, 304 (warm)", url, {**gz, "If-None-Match": etag}, 0),
                ("map data, one district, gzip", url + "&district=4205", gz, None),
                ("map page `/map` (warm)", "/map", {}, None),
                ("map page, centres only", "/map?layer=centre", {}, None),
            ]
            for label, target, headers, size in cases:
                rows.append(_row(label, _samples(_get(client, target, headers)), hello_p95, size))

            def cold(target: str) -> Callable[[], None]:
                def call() -> None:
                    bump()
                    db.session.commit()
                    assert client.get(target, headers=gz).status_code == 200

                return call

            every = url + "&detail=places"
            every_size = len(client.get(every).get_data())
            for label, target, size in (
                ("map data, cold, every place (the default view before district circles; "
                 "now `detail=places`)", every, every_size),
                ("map data, cold, default view (one circle per district)", url, len(plain)),
                ("map page `/map`, cold (district circles and their list)", "/map", None),
                ("map data, one district, cold", url + "&district=4205", None),
                ("map page, one district, cold", "/map?district=4205", None),
            ):  # fmt: skip
                rows.append(_row(label, _samples(cold(target), COLD_RUNS), hello_p95, size))
            db.session.remove()
            db.engine.dispose()
    return {
        "title": (
            f"Map with {MEMBERS:,} members, {VENUES:,} venues, {EVENTS:,} upcoming events "
            "(SQLite, in-process)"
        ),
        "rows": rows,
        "notes": (
            "Warm rows are what every view costs: one primary-key read of the data version, "
            "then cached bytes (gzip as browsers ask). `p95 / hello` compares with a hello-world "
            "route added to the same app (same session, CSP and Babel work per request), timed "
            "in the same run with the same test client; the bare WSGI row shows the client's "
            "own floor. A cold render (query, build, serialise, gzip) runs once per worker "
            "after a change to a member, venue or event; `bytes` is the uncompressed GeoJSON. "
            "Above `MAP_AGGREGATE_ABOVE` places (default 3,000) the first view is one circle "
            "per district with its counts: three grouped queries instead of building every "
            "feature, so the first paint after a change no longer waits for all of them; a "
            "district's view, and the GeoJSON download (`detail=places`), hold every place."
        ),
    }
