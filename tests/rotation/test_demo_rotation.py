"""The Loei demo holds a real series: four years of held exchanges, a confirmed next
host, proposals, one decline with its reason and one swap; loading twice adds nothing."""

from __future__ import annotations

import sqlalchemy as sa

from scheduler_app.demo.loader import load_demo
from scheduler_app.demo.rotation import DECLINE_REASON, SERIES_NAME_TH
from scheduler_app.events.models import Event
from scheduler_app.extensions import db, utcnow
from scheduler_app.rotation.models import RotationAssignment, RotationLogEntry, RotationSeries


def test_demo_series_is_a_real_rotation(app, client) -> None:
    load_demo(utcnow())
    db.session.commit()
    load_demo(utcnow())
    db.session.commit()
    series = db.session.execute(
        sa.select(RotationSeries).where(RotationSeries.name_th == SERIES_NAME_TH)
    ).scalar_one()
    held = db.session.execute(
        sa.select(Event).where(Event.rotation_series_id == series.id, Event.term_label != "")
    ).scalars()
    years = {e.term_label.split("-")[0] for e in held}
    assert len(years) >= 4
    rows = list(
        db.session.execute(
            sa.select(RotationAssignment).where(RotationAssignment.series_id == series.id)
        ).scalars()
    )
    statuses = [r.status for r in rows]
    assert statuses.count("declined") == 1 and statuses.count("swapped") == 2
    assert "proposed" in statuses and statuses.count("confirmed") >= 3
    declined = next(r for r in rows if r.status == "declined")
    assert declined.decline_reason == DECLINE_REASON
    actions = set(
        db.session.execute(
            sa.select(RotationLogEntry.action).where(RotationLogEntry.series_id == series.id)
        ).scalars()
    )
    assert {"created", "plan", "confirm", "decline", "swap_requested", "swap"} <= actions
    page = client.get("/rotation/", headers={"Accept-Language": "th"})
    assert SERIES_NAME_TH in page.get_data(as_text=True)
    html = client.get(f"/rotation/{series.id}", headers={"Accept-Language": "th"}).get_data(
        as_text=True
    )
    assert "เจ้าภาพครั้งถัดไป" in html and DECLINE_REASON in html and "จัดเวทีแลกเปลี่ยนแล้ว" in html
