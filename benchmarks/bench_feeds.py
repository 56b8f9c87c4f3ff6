"""The all-events feed with 100, 1,000 and 10,000 events (SQLite file database, in-process).

For each size:
- cold render: the worker's caches and the shared ``feed_vevent`` table emptied, so every
  query runs, every VEVENT is serialised and then stored for the other workers;
- cold render, shared VEVENTs: a new worker (feed cache and VEVENT memo emptied) whose
  VEVENTs another worker stored: one more query reads their bytes;
- the hand-written writer this replaced, cold (commit 6bb1399's ``core/ical.py``, read
  with ``git show`` and measured in the same run; skipped when git cannot give it);
- re-render after a change elsewhere (the feed cache emptied, the worker's memo kept);
- warm 200 (cached bytes after one version read) and 304 (the client's ETag matches).
A quarter of the events are rallies with three stops, so the feed carries more VEVENTs
than events.
"""

from __future__ import annotations

import importlib.util
import statistics
import subprocess  # nosec B404: git show of a fixed commit, for the reference writer
import sys
import tempfile
import time
import types
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
from scheduler_app.feeds import views as feed_views
from scheduler_app.feeds.models import StoredVevent
from scheduler_app.venues.models import Venue

SIZES = (100, 1_000, 10_000)
RUNS = {100: 25, 1_000: 10, 10_000: 5}
START = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
TITLE = "งานแลกเปลี่ยนเรียนรู้ผู้ใหญ่บ้านน้ำพี้ ครั้งที่ {i}, เชียงคาน; ภูเรือ"
OLD_WRITER = "6bb1399"  # the last commit with the hand-written iCalendar writer
ROOT = Path(__file__).resolve().parent.parent


def _old_writer(tmp: str) -> types.ModuleType | None:
    """The hand-written ``core/ical.py`` of ``OLD_WRITER``, imported from a scratch copy."""
    try:
        source = subprocess.run(  # noqa: S603  # nosec B603 B607
            ["git", "show", f"{OLD_WRITER}:scheduler_app/core/ical.py"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    path = Path(tmp) / "old_ical.py"
    path.write_bytes(source)
    spec = importlib.util.spec_from_file_location("old_ical", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["old_ical"] = module  # its dataclasses resolve their module
    spec.loader.exec_module(module)
    return module


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


def _measure(count: int, tmp: str, old: types.ModuleType | None) -> dict[str, object]:
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
            db.session.execute(sa.delete(StoredVevent))
            db.session.commit()
            assert client.get("/feeds/all.ics").status_code == 200

        def cold_shared() -> None:  # a new worker: another one stored the VEVENTs
            store.clear()
            ical.clear_memo()
            assert client.get("/feeds/all.ics").status_code == 200

        def cold_old_writer() -> None:
            assert old is not None
            store.clear()
            old.clear_memo()
            shim = types.SimpleNamespace(
                CalendarSpec=ical.CalendarSpec,
                build_calendar=lambda spec, events, now, _store=None: old.build_calendar(
                    spec, events, now
                ),
            )
            feed_views.ical = shim  # type: ignore[assignment]
            try:
                assert client.get("/feeds/all.ics").status_code == 200
            finally:
                feed_views.ical = ical

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
            "cold, shared VEVENTs ms": f"{_median_ms(cold_shared, runs):.1f}",
            "old writer cold ms": f"{_median_ms(cold_old_writer, runs):.1f}" if old else "—",
            "re-render ms": f"{_median_ms(rerender, runs):.1f}",
            "warm 200 ms": f"{_median_ms(warm, runs * 4):.2f}",
            "304 ms": f"{_median_ms(not_modified, runs * 4):.2f}",
        }
        db.session.remove()
        db.engine.dispose()
    return row


def run() -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        old = _old_writer(tmp)
        rows = [_measure(count, tmp, old) for count in SIZES]
    return {
        "title": "All-events iCalendar feed (SQLite, in-process, median)",
        "rows": rows,
        "notes": (
            "Cold render empties the worker's feed cache, its VEVENT memo and the shared "
            "feed_vevent table first: up to five queries, one read of stored VEVENTs (none "
            "found), every VEVENT built by the icalendar package and folded, and the new "
            "bytes written to feed_vevent. Cold, shared VEVENTs is a new worker after "
            "another one rendered: the rows and the stored VEVENT bytes are read (one "
            "query), nothing is serialised. Old writer cold is the hand-written writer of "
            f"commit {OLD_WRITER} (before the icalendar package), its memos emptied, in "
            "the same process and run. Re-render keeps the memo (an edit elsewhere): the "
            "rows are read again and the unchanged VEVENTs' bytes reused. Warm 200 and 304 "
            "cost one primary-key read of the calendar version. "
            "Requests per second under gunicorn with wrk are in the next section."
        ),
    }


if __name__ == "__main__":
    result = run()
    for row in result["rows"]:  # type: ignore[union-attr]
        print(row)
