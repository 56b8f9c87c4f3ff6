"""LINE messages through ``send_due`` into the local fake Messaging API (real HTTP, every
request checked against LINE's published API), beside the e-mail figure: distinct
messages (one push each, like reminders) and one message to many (multicast, 500 a
request, like a digest), on SQLite."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

N_PUSH = 1_000
N_MULTICAST = 5_000
ROUNDS = 3
SECRET, TOKEN = "bench-secret", "bench-token"


def _app(url: str, api_base: str) -> Any:
    from scheduler_app import create_app
    from scheduler_app.extensions import db

    app = create_app(
        {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": url,
            "BASE_URL": "https://ruamjai.test",
            "MAIL_SERVER": None,
            "LOG_LEVEL": "WARNING",
            "LINE_CHANNEL_SECRET": SECRET,
            "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
            "LINE_API_BASE": api_base,
            "LINE_MONTHLY_QUOTA": 10_000_000,
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
    return app


def _fill(n: int, tag: str, same: bool) -> None:
    """``n`` due LINE rows, a real Thai reminder Flex each (``same``: one payload)."""
    from datetime import timedelta

    from scheduler_app.extensions import db, utcnow
    from scheduler_app.line.messages import render
    from scheduler_app.mail.models import OutboxMessage

    start = utcnow() + timedelta(days=1)
    values: list[dict[str, Any]] = []
    for i in range(n):
        context = {
            "event_id": 1,
            "event_title_th": f"อบรมการคัดแยกขยะชุมชน {0 if same else i}",
            "event_title_en": "Waste sorting",
            "event_start_at": start,
            "event_end_at": start + timedelta(hours=3),
            "event_is_all_day": False,
            "event_url": "https://ruamjai.test/events/1",
            "event_ics_url": "https://ruamjai.test/events/1.ics",
            "venue_name_th": "ศาลาประชาคม",
            "offset": "1d",
        }
        alt, payload = render("reminder", context, "th")
        values.append(
            {
                "dedupe_key": f"{tag}:{i}",
                "channel": "line",
                "recipient": "U" + f"{i:032x}",
                "recipient_name": "",
                "kind": "reminder",
                "language": "th",
                "subject": alt,
                "body_text": payload,
                "body_html": "",
                "status": "pending",
                "attempts": 0,
                "last_error": "",
                "send_after": utcnow(),
            }
        )
    db.session.execute(OutboxMessage.__table__.insert(), values)
    db.session.commit()


def _round(app: Any, n: int, tag: str, same: bool) -> float:
    from scheduler_app.extensions import db, utcnow
    from scheduler_app.mail.sending import send_due

    with app.test_request_context():
        _fill(n, tag, same)
        started = time.perf_counter()
        summary = send_due(utcnow())
        elapsed = time.perf_counter() - started
        db.session.remove()
    assert summary.other_channels["line"].sent == n, summary
    return n / elapsed


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def run() -> dict[str, object]:
    from tests.line.fake_line import FakeLineServer

    server = FakeLineServer(TOKEN)
    fake = server.start()
    rows: list[dict[str, object]] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            app = _app(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", fake.url)
            for label, n, same in (
                ("send_due → fake LINE, distinct messages (one push each)", N_PUSH, False),
                (
                    "send_due → fake LINE, one message to many (multicast, 500 a request)",
                    N_MULTICAST,
                    True,
                ),
            ):
                rates = [_round(app, n, f"{same}-{r}", same) for r in range(ROUNDS)]
                rows.append(
                    {
                        "path": label,
                        "LINE messages/s (median of rounds)": f"{_median(rates):,.0f}",
                        "rounds": ", ".join(f"{r:,.0f}" for r in rates),
                        "requests": len(fake.requests),
                    }
                )
                fake.requests.clear()
            assert fake.problems == [], fake.problems
    finally:
        server.stop()
    return {
        "title": "LINE: messages through send_due into the local fake Messaging API",
        "rows": rows,
        "notes": (
            f"Each round queues {N_PUSH:,} distinct Thai reminder Flex messages (one push "
            f"request each) or {N_MULTICAST:,} copies of one (multicast: 500 recipients a "
            "request), then times one `send_due` on SQLite: claims of 500 rows, grouping by "
            "payload, the official SDK (`linebot.v3.messaging`) over HTTP to the fake on "
            "127.0.0.1, outcomes recorded per claim. LINE counts a multicast once per "
            "recipient, so the second row is what a digest costs. The e-mail figure for "
            "comparison is the `send_due` rows of the mail table below."
        ),
    }
