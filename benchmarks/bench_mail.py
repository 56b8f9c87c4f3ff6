"""10,000 reminders through ``send_due`` into a local aiosmtpd sink, beside a bare smtplib
loop over one connection (the ceiling: no database, no MIME building)."""

from __future__ import annotations

import smtplib
import socket
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from aiosmtpd.controller import Controller

N = 10_000
BATCH_SIZES = (100, 1000)


class Sink:
    """Accepts and counts every message."""

    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.count += 1
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _app(folder: Path, port: int) -> Any:
    from scheduler_app import create_app

    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
            "BASE_URL": "https://ruamjai.test",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": port,
            "MAIL_DEFAULT_SENDER": "Ruamjai <no-reply@ruamjai.test>",
        }
    )


def _fill(n: int, tag: str) -> None:
    """One real reminder rendered by ``queue_mail``, copied ``n`` times (distinct keys)."""
    from scheduler_app.extensions import db, utcnow
    from scheduler_app.mail.models import OutboxMessage
    from scheduler_app.mail.services import queue_mail

    start = utcnow() + timedelta(days=1)
    context = {
        "event_title_th": "ปั่นจักรยานเชื่อมสัมพันธ์ชุมชนเลย", "event_title_en": "Loei rally",
        "event_start_at": start, "event_end_at": start + timedelta(hours=6),
        "event_is_all_day": False, "event_url": "https://ruamjai.test/events/1",
        "venue_name_th": "ศูนย์เรียนรู้บ้านนาอ้อ", "venue_name_en": "Na O centre",
        "venue_address": "", "host_name_th": "เทศบาลตำบลนาอ้อ", "host_name_en": "Na O",
        "target_kind": "event", "target_label": "", "target_start_at": start, "offset": "1d",
    }  # fmt: skip
    template = queue_mail(
        "reminder", to_email="rider@example.org", to_name="นายสมชาย ใจดี", language="th",
        context=context, dedupe_key=f"bench:{tag}:template", transactional=False,
        unsubscribe_url="https://ruamjai.test/unsubscribe/abc",
    )  # fmt: skip
    db.session.flush()
    columns = ("recipient", "recipient_name", "kind", "language", "subject", "body_text",
               "body_html", "list_unsubscribe_url", "send_after", "status", "attempts",
               "last_error")  # fmt: skip
    values = {c: getattr(template, c) for c in columns}
    db.session.execute(
        sa.insert(OutboxMessage),
        [values | {"dedupe_key": f"bench:{tag}:{i}", "recipient": f"r{i}@example.org"}
         for i in range(n - 1)],
    )  # fmt: skip
    db.session.commit()


def _through_outbox(app: Any, batch_size: int, tag: str) -> tuple[float, int]:
    from scheduler_app.extensions import db, utcnow
    from scheduler_app.mail.sending import send_due

    with app.app_context():
        _fill(N, tag)
        started = time.perf_counter()
        summary = send_due(utcnow() + timedelta(days=2), batch_size=batch_size, max_batches=10**6)
        elapsed = time.perf_counter() - started
        db.session.remove()
    return elapsed, summary.sent


def _bare_smtplib(port: int, payload: bytes) -> float:
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as conn:
        for i in range(N):
            conn.sendmail("no-reply@ruamjai.test", [f"r{i}@example.org"], payload)
    return time.perf_counter() - started


def _sample_bytes(app: Any) -> bytes:
    from scheduler_app.extensions import db, utcnow
    from scheduler_app.mail.message import as_bytes, build_message
    from scheduler_app.mail.models import OutboxMessage
    from scheduler_app.mail.sending import content_of

    with app.app_context():
        row = db.session.execute(sa.select(OutboxMessage).limit(1)).scalar_one()
        data = as_bytes(build_message(content_of(row), sender="no-reply@ruamjai.test",
                                      now=utcnow()))  # fmt: skip
        db.session.remove()
    return data


def _row(name: str, elapsed: float, sent: int) -> dict[str, object]:
    return {
        "path": name,
        "messages": sent,
        "seconds": f"{elapsed:.2f}",
        "messages/s": f"{sent / elapsed:,.0f}" if elapsed else "-",
    }


def run() -> dict[str, object]:
    sink = Sink()
    port = _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    rows: list[dict[str, object]] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            app = _app(Path(tmp), port)
            from scheduler_app.extensions import db

            with app.app_context():
                db.create_all()
            for size in BATCH_SIZES:
                elapsed, sent = _through_outbox(app, size, f"b{size}")
                rows.append(_row(f"send_due, SQLite, batch {size}", elapsed, sent))
            payload = _sample_bytes(app)
            rows.append(_row("bare smtplib, one connection", _bare_smtplib(port, payload), N))
            with app.app_context():
                db.engine.dispose()
    finally:
        controller.stop()
    return {
        "title": f"Mail: {N:,} reminders through send_due into a local aiosmtpd sink",
        "rows": rows,
        "notes": (
            "`send_due` claims each batch in one transaction, builds each MIME message "
            "(base64 Thai text + HTML, List-Unsubscribe) and commits every row's outcome "
            "after sending it, so a crash never loses or repeats more than one message. "
            "The bare loop re-sends one prebuilt message over one connection: the ceiling "
            "of the SMTP sink itself. Each batch uses one SMTP connection. Profiled at "
            "1,000 messages, the time goes to Python's `email` header folding of the "
            "RFC 2047 Thai subject and names (~35 %) and to one SQLite commit (fsync) per "
            "message (~30 %); the SMTP exchange itself is small. Committing outcomes every "
            "few messages, or caching the folded headers, would be the levers."
        ),
    }


if __name__ == "__main__":
    print(run())
