"""Directory pages at national scale: 80,000 community members (SQLite file database,
and with ``BENCH_DATABASE_URL`` a PostgreSQL database this benchmark may empty).

Measures the median and 95th-percentile time of the list page (no filter, Thai search,
district filter, a deep page), a member page and the pickers' member lookup
(``/members/lookup``: exact, prefix, substring, official code, nothing), in-process
through the test client.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from benchmarks.timing import page_ms
from scheduler_app import create_app
from scheduler_app.directory.models import Member
from scheduler_app.extensions import db

MEMBERS = 80_000
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
            "official_code": f"{5_000_000 + i}",
            "subdistrict_code": None,
            "is_active": True,
        }
        for i in range(MEMBERS)
    ]
    db.session.execute(sa.insert(Member), rows)
    db.session.commit()


def _time(client: Any, url: str, database: str) -> dict[str, object]:
    median, p95 = page_ms(client, url, RUNS)
    return {
        "database": database,
        "page": f"`{url}`",
        "median ms": f"{median:.1f}",
        "p95 ms": f"{p95:.1f}",
    }


URLS = [
    "/members/",
    "/members/?q=%E0%B9%80%E0%B8%A5%E0%B8%A2",  # "เลย"
    "/members/?q=loei",
    "/members/?district=4205",
    "/members/?page=2000",
    "/members/1",
    # The pickers' lookup (at most 10 answers): a prefix, a substring, English, an
    # official code, an exact name, and a word nobody has.
    "/members/lookup?q=%E0%B8%8A%E0%B8%B8%E0%B8%A1%E0%B8%8A%E0%B8%99%E0%B8%9A%E0%B9%89%E0%B8%B2%E0%B8%99",
    "/members/lookup?q=%E0%B8%AB%E0%B8%A1%E0%B8%B9%E0%B9%88%2077777",  # "หมู่ 77777"
    "/members/lookup?q=ban%20loei",
    "/members/lookup?q=5012345",
    "/members/lookup?q=Ban%20Nong%20Bua%20Community%2042",
    "/members/lookup?q=zzzz",
]


def _measure(uri: str, database: str) -> list[dict[str, object]]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": "bench", "TESTING": True})
    with app.app_context():
        db.drop_all()
        db.create_all()
        _seed()
        client = app.test_client()
        rows = [_time(client, url, database) for url in URLS]
        db.session.remove()
        db.engine.dispose()
    return rows


def run() -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        rows = _measure(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", "SQLite")
    pg_url = os.environ.get("BENCH_DATABASE_URL", "")
    if pg_url:
        from config import normalise_database_url

        rows += _measure(normalise_database_url(pg_url), "PostgreSQL")
    return {
        "title": f"Directory and member lookup with {MEMBERS:,} members (in-process)",
        "rows": rows,
        "notes": (
            "Search is a substring match on both name columns (a full scan on SQLite); on "
            "PostgreSQL a pg_trgm GIN index serves the same query at national scale. The "
            "lookup asks for names starting with the text first and for names containing "
            "it only when that did not fill its ten answers."
        ),
    }
