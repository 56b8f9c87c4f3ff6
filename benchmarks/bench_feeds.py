"""The all-events feed with 100, 1,000 and 10,000 events (SQLite file database, in-process).

For each size: a cold render (the worker's caches emptied, so every query and the whole
serialisation run), a re-render after a change elsewhere (the feed cache emptied, the
serialised VEVENTs of unchanged events reused), a warm 200 (cached bytes after one
version read) and a 304 (the client's ETag matches). A quarter of the events are rallies
with three stops, so the feed carries more VEVENTs than events.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from scheduler_app import create_app
from scheduler_app.core import ical
from scheduler_app.directory.models import Member
from scheduler_app.events.models import Event
from scheduler_app.events.rally.models import RallyStop
from scheduler_app.extensions import db
from scheduler_app.feeds import cache
from scheduler_app.venues.models import Venue

SIZES = (100, 1_000, 10_000)
RUNS = {100: 25, 1_000: 10, 10_000: 5}
START = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
TITLE = "งานแลกเปลี่ยนเรียนรู้ผู้ใหญ่บ้านน้ำพี้ ครั้งที่ {i}, เชียงคาน; ภูเรือ"


def _seed(count: int) -> None:
    db.session.execute(
        sa.insert(Member),
        [
            {
                "kind": "node",
                "name_th": f"เทศบาลตำบลที่ {i}",
                "name_en": f"Municipality {i}",
                "contact_email": f"saraban{i}@example.go.th",
                "is_active": True,
            }
            for i in range(50)
        ],
    )
    db.session.execute(
        sa.insert(Venue),
        [
            {
                "name_th": f"ศูนย์เรียนรู้ที่ {i}",
                "address": f"{i} หมู่ 3 ต.กกดู่ อ.เมืองเลย",
                "latitude": 17.4 + i / 1000,
                "longitude": 101.7,
            }
            for i in range(50)
        ],
    )
    kinds = ("exchange", "study_visit", "rally", "training")
    db.session.execute(
        sa.insert(Event),
        [
            {
                "kind": kinds[i % 4],
                "title_th": TITLE.format(i=i),
                "title_en": f"Event {i}",
                "description": "รายละเอียดกิจกรรม\nมาร่วมกันนะครับ " * 3,
                "start_at": START + timedelta(hours=i),
                "end_at": START + timedelta(hours=i + 5),
                "venue_id": 1 + i % 50,
                "host_member_id": 1 + i % 50,
                "status": "published",
                "sequence": 1,
                "updated_at": START,
                "created_at": START,
            }
            for i in range(count)
        ],
    )
    db.session.execute(
        sa.insert(RallyStop),
        [
            {
                "event_id": e,
                "position": p,
                "name": f"จุดแวะ {p}",
                "arrive_at": START + timedelta(hours=e + p),
                "depart_at": START + timedelta(hours=e + p),
            }
            for e in range(3, count + 1, 4)
            for p in (1, 2, 3)
        ],
    )
    db.session.commit()


def _median_ms(fn: Any, runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def _measure(count: int, tmp: str) -> dict[str, object]:
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / f'feeds{count}.sqlite3'}",
            "SECRET_KEY": "bench",
            "TESTING": True,
            "BASE_URL": "https://ruamjai.example",
        }
    )
    with app.app_context():
        db.create_all()
        _seed(count)
        client = app.test_client()
        store = cache.cache_for(app)
        first = client.get("/feeds/all.ics")
        assert first.status_code == 200
        etag = first.headers["ETag"]

        def cold() -> None:
            store.clear()
            ical.clear_memo()
            assert client.get("/feeds/all.ics").status_code == 200

        def rerender() -> None:  # after a change elsewhere: unchanged VEVENTs are reused
            store.clear()
            assert client.get("/feeds/all.ics").status_code == 200

        def warm() -> None:
            assert client.get("/feeds/all.ics").status_code == 200

        def not_modified() -> None:
            response = client.get("/feeds/all.ics", headers={"If-None-Match": etag})
            assert response.status_code == 304

        runs = RUNS[count]
        row = {
            "events": f"{count:,}",
            "VEVENTs": f"{first.get_data().count(b'BEGIN:VEVENT'):,}",
            "feed size": f"{len(first.get_data()) / 1024:,.0f} KiB",
            "cold render ms": f"{_median_ms(cold, runs):.1f}",
            "re-render ms": f"{_median_ms(rerender, runs):.1f}",
            "warm 200 ms": f"{_median_ms(warm, runs * 4):.2f}",
            "304 ms": f"{_median_ms(not_modified, runs * 4):.2f}",
        }
        db.session.remove()
        db.engine.dispose()
    return row


def run() -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        rows = [_measure(count, tmp) for count in SIZES]
    return {
        "title": "All-events iCalendar feed (SQLite, in-process, median)",
        "rows": rows,
        "notes": (
            "Cold render empties the worker's feed cache and VEVENT memo first: up to five "
            "queries plus every VEVENT built and serialised by the icalendar package. "
            "Re-render keeps the memo (an edit elsewhere): the rows are read again and the "
            "unchanged VEVENTs' bytes reused, so it measures the memo, not the serialiser. "
            "Warm 200 and 304 cost one primary-key read of the calendar version. "
            "Requests per second under gunicorn with wrk are in the next section."
        ),
    }


if __name__ == "__main__":
    result = run()
    for row in result["rows"]:  # type: ignore[union-attr]
        print(row)
