"""The rotation workflow driven through the web, the way coordinators and hosts use it."""

from __future__ import annotations

import re

import sqlalchemy as sa

from scheduler_app.events.models import Event, EventKind
from scheduler_app.extensions import db
from scheduler_app.mail.models import OutboxMessage
from scheduler_app.rotation.models import (
    AssignmentStatus,
    RotationAssignment,
    RotationLogEntry,
    RotationSeries,
)


def live_rows(series_id: int) -> list[RotationAssignment]:
    db.session.expire_all()
    stmt = (
        sa.select(RotationAssignment)
        .where(
            RotationAssignment.series_id == series_id,
            RotationAssignment.status.in_(["proposed", "confirmed"]),
        )
        .order_by(RotationAssignment.year, RotationAssignment.term)
    )
    return list(db.session.execute(stmt).scalars())


def outbox(kind: str) -> list[OutboxMessage]:
    stmt = sa.select(OutboxMessage).where(OutboxMessage.kind == kind)
    return list(db.session.execute(stmt).scalars())


def test_coordinator_sets_up_a_series_plans_and_hosts_answer(client, auth, network) -> None:
    auth.login_as(network.coordinator)
    response = client.post(
        "/rotation/new",
        data={
            "name_th": "เวทีแลกเปลี่ยนเรียนรู้ประจำปี",
            "name_en": "Yearly exchange forum",
            "members": [m.id for m in network.members],
            "network_id": "0",
            "terms_per_year": "2",
            "preferred_months": "3, 11",
            "horizon_terms": "6",
        },
    )
    assert response.status_code == 302
    series = db.session.execute(sa.select(RotationSeries)).scalar_one()
    assert len(series.entries) == 6
    assert (
        client.post(
            f"/rotation/{series.id}/blackouts",
            data={"name": "Songkran", "start_date": "2027-04-13", "end_date": "2027-04-15"},
        ).status_code
        == 302
    )

    assert client.post(f"/rotation/{series.id}/plan").status_code == 302
    rows = live_rows(series.id)
    assert len(rows) == 6
    # Six communities, six terms: everyone is proposed exactly once, none twice in a row.
    assert len({r.member_id for r in rows}) == 6
    assert all(r.status == "proposed" and r.reason_code == "first_turn" for r in rows)
    assert len(outbox("rotation_proposed")) == 6

    # The first proposed host confirms: the exchange event exists, hosted by them.
    first = rows[0]
    auth.login_as(network.hosts[first.member_id])
    assert client.post(f"/rotation/assignments/{first.id}/confirm").status_code == 302
    db.session.expire_all()
    assert first.status == AssignmentStatus.CONFIRMED
    event = db.session.get(Event, first.event_id)
    assert event.kind == EventKind.EXCHANGE
    assert event.host_member_id == first.member_id
    assert event.rotation_series_id == series.id
    assert event.start_date == first.planned_date
    assert outbox("rotation_confirmed")  # the pool's hosts are told

    # The second declines: the next in order takes that term, the decliner the one after.
    second, next_in_order = rows[1], rows[2].member_id
    decliner = second.member_id
    auth.login_as(network.hosts[decliner])
    assert client.post(f"/rotation/assignments/{second.id}/decline").status_code == 302
    after = live_rows(series.id)
    assert after[1].member_id == next_in_order
    assert after[2].member_id == decliner
    assert after[2].reason_code == "kept_priority"
    assert sum(r.member_id == decliner for r in after) == 1

    # Swap: the host of term 4 asks the host of term 5; the latter accepts.
    fourth, fifth = after[3], after[4]
    fourth_member, fifth_member = fourth.member_id, fifth.member_id
    auth.login_as(network.hosts[fourth.member_id])
    response = client.post(f"/rotation/assignments/{fourth.id}/swap", data={"other": fifth.id})
    assert response.status_code == 302
    assert outbox("rotation_swap_requested")
    auth.login_as(network.hosts[fifth.member_id])
    assert client.post(f"/rotation/assignments/{fifth.id}/swap/accept").status_code == 302
    swapped = live_rows(series.id)
    assert swapped[3].member_id == fifth_member and swapped[3].status == "confirmed"
    assert swapped[4].member_id == fourth_member and swapped[4].status == "confirmed"
    assert all(
        db.session.get(Event, r.event_id).host_member_id == r.member_id for r in swapped[3:5]
    )

    # Override with a written reason: logged and shown.
    auth.login_as(network.coordinator)
    target = swapped[5]
    chosen = (
        network.members[0].id
        if target.member_id != network.members[0].id
        else network.members[1].id
    )
    response = client.post(
        f"/rotation/{series.id}/override",
        data={
            "term": f"{target.year}-{target.term}",
            "member_id": chosen,
            "reason": "ศาลาประชาคมของชุมชนเดิมกำลังซ่อมแซม",
        },
    )
    assert response.status_code == 302
    final = live_rows(series.id)
    assert final[5].member_id == chosen and final[5].reason_code == "override"
    log = db.session.execute(sa.select(RotationLogEntry)).scalars().all()
    assert {entry.action for entry in log} == {"swap", "override"}
    assert any("ซ่อมแซม" in entry.reason for entry in log)
    page = client.get(f"/rotation/{series.id}", headers={"Accept-Language": "en"})
    assert "ซ่อมแซม" in page.get_data(as_text=True)


def test_plan_page_shows_reasons_with_buddhist_era_years(client, auth, series, network) -> None:
    from scheduler_app.extensions import utcnow
    from scheduler_app.rotation.services import apply_plan

    db.session.add(
        RotationAssignment(
            series_id=series.id,
            year=2025,
            term=1,
            member_id=network.members[0].id,
            status="confirmed",
        )
    )
    db.session.commit()
    apply_plan(series, utcnow())
    db.session.commit()
    with client.session_transaction() as sess:
        sess["lang"] = "th"
    th = client.get(f"/rotation/{series.id}").get_data(as_text=True)
    assert "รอบที่ 1 ปี 2568" in th  # the timeline and the ledger, in the BE year
    with client.session_transaction() as sess:
        sess["lang"] = "en"
    en = client.get(f"/rotation/{series.id}").get_data(as_text=True)
    assert "term 1 of 2025" in en
    assert "has not hosted yet" in en
    assert re.search(r"hosted least recently: last hosted term 1 of 2025", en)


def test_cli_prints_the_plan(runner, series) -> None:
    result = runner.invoke(
        args=["rotation", "plan", str(series.id), "--terms", "4", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0] == "Exchange forum"
    assert len(lines) == 5
    assert all("has not hosted yet" in line for line in lines[1:])
    unknown = runner.invoke(args=["rotation", "plan", "999"])
    assert unknown.exit_code != 0
