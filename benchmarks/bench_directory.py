"""Directory pages at national scale: 75,000 community members (SQLite file database).

Measures the median and 95th-percentile time of the list page (no filter, Thai search,
district filter, a deep page) and a member page, in-process through the test client.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from benchmarks.timing import page_ms
from scheduler_app import create_app
from scheduler_app.directory.models import Member
from scheduler_app.extensions import db

MEMBERS = 75_000
RUNS = 25


def _seed() -> None:
    districts = [f"42{d:02d}" for d in range(1, 15)]
    rows = [
        {
            "kind": "node",
            "org_type": "community_group",
            "name_th": f"ชุมชนบ้าน{'เลย' if i % 50 == 0 else 'หนองบัว'} หมู่ {i}",
            "name_en": f"Ban {'Loei' if i % 50 == 0 else 'Nong Bua'} Community {i}",
            "district_code": districts[i % len(districts)],
            "subdistrict_code": None,
            "is_active": True,
        }
        for i in range(MEMBERS)
    ]
    db.session.execute(sa.insert(Member), rows)
    db.session.commit()


def _time(client: Any, url: str) -> dict[str, object]:
    median, p95 = page_ms(client, url, RUNS)
    return {"page": f"`{url}`", "median ms": f"{median:.1f}", "p95 ms": f"{p95:.1f}"}


def run() -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
                "SECRET_KEY": "bench",
                "TESTING": True,
            }
        )
        with app.app_context():
            db.create_all()
            _seed()
            client = app.test_client()
            urls = [
                "/members/",
                "/members/?q=%E0%B9%80%E0%B8%A5%E0%B8%A2",  # "เลย"
                "/members/?q=loei",
                "/members/?district=4205",
                "/members/?page=2000",
                "/members/1",
            ]
            rows = [_time(client, url) for url in urls]
            db.session.remove()
            db.engine.dispose()
    return {
        "title": f"Directory with {MEMBERS:,} members (SQLite, in-process)",
        "rows": rows,
        "notes": (
            "Search is a substring match on both name columns (a full scan on SQLite); on "
            "PostgreSQL a pg_trgm GIN index serves the same query at national scale."
        ),
    }
