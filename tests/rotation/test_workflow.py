"""The rotation workflow driven through the web, the way coordinators and hosts use it."""

from __future__ import annotations

from datetime import date, timedelta
from email import message_from_bytes, policy

import sqlalchemy as sa

from scheduler_app.accounts.models import Role
from scheduler_app.core.rotation_dates import term_index
from scheduler_app.events.models import Event, EventKind
from scheduler_app.extensions import db, utcnow
from scheduler_app.mail.message import as_bytes, build_message
from scheduler_app.mail.models import OutboxMessage
from scheduler_app.mail.sending import content_of
from scheduler_app.rotation.models import (
    AssignmentStatus,
    RotationAssignment,
    RotationLogEntry,
    RotationSeries,
)
from scheduler_app.rotation.planning import apply_plan, compute_plan, window_for
from scheduler_app.rotation.services import local_today
from tests import factories


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
    return list(db.session.execute(stmt.order_by(OutboxMessage.id)).scalars())


def parsed_text(row: OutboxMessage) -> str:
    """The text part of the message as a mail client reads it."""
    raw = as_bytes(build_message(content_of(row), sender="noreply@ruamjai.test", now=utcnow()))
    message = message_from_bytes(raw, policy=policy.default)
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def actions() -> list[str]:
    stmt = sa.select(RotationLogEntry.action).order_by(RotationLogEntry.id)
    return list(db.session.execute(stmt).scalars())


def test_coordinator_sets_up_plans_and_hosts_answer(client, auth, network) -> None:
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
            "lead_weeks": "8",
        },
    )
    assert response.status_code == 302
    series = db.session.execute(sa.select(RotationSeries)).scalar_one()
    assert client.post(f"/rotation/{series.id}/plan").status_code == 302
    rows = live_rows(series.id)
    assert len({r.member_id for r in rows}) == 6 and len(rows) == 6
    # Lead time: nothing is planned within eight weeks of today.
    today = local_today(utcnow())
    assert all(r.planned_date >= today + timedelta(weeks=8) for r in rows)
    # Everyone asked, and the page says who and when.
    assert len(outbox("rotation_proposed")) == 6
    assert all(r.asked_at is not None and len(r.asked_recipients) == 1 for r in rows)
    assert actions() == ["created", "plan"]
    log = db.session.execute(sa.select(RotationLogEntry).where(RotationLogEntry.action == "plan"))
    assert log.scalar_one().details["seed"] == series.lottery_seed

    first = rows[0]
    auth.login_as(network.hosts[first.member_id])
    assert client.post(f"/rotation/assignments/{first.id}/confirm").status_code == 302
    db.session.expire_all()
    assert first.status == AssignmentStatus.CONFIRMED
    event = db.session.get(Event, first.event_id)
    assert event.kind == EventKind.EXCHANGE and event.host_member_id == first.member_id
    assert event.rotation_series_id == series.id and event.start_date == first.planned_date
    assert event.term_label == f"{first.year}-{first.term}"

    # The second declines with a reason: the next in order is asked, the decliner keeps its
    # place, the coordinator hears why, and the log says who, when and why.
    second = rows[1]
    decliner = second.member_id
    auth.login_as(network.hosts[decliner])
    reason = "ศาลาประชาคมกำลังซ่อมแซม"
    response = client.post(f"/rotation/assignments/{second.id}/decline", data={"reason": reason})
    assert response.status_code == 302
    after = live_rows(series.id)
    assert after[1].member_id != decliner
    # It keeps its place: still in this round, first as soon as the district spread allows.
    kept = next(r for r in after if r.member_id == decliner)
    assert kept.reason_params["factors"][0][0] == "kept_priority"
    assert sum(r.member_id == decliner for r in after) == 1
    mail = outbox("rotation_declined")
    assert len(mail) == 1 and mail[0].recipient == network.coordinator.email
    assert reason in parsed_text(mail[0])
    entry = db.session.execute(
        sa.select(RotationLogEntry).where(RotationLogEntry.action == "decline")
    ).scalar_one()
    assert entry.reason == reason and entry.actor_id == network.hosts[decliner].id
    assert entry.member_id == decliner and entry.created_at is not None

    # A swap exchanges two turns and nothing else.
    before = [(r.year, r.term, r.member_id) for r in after]
    fourth, fifth = after[3], after[4]
    auth.login_as(network.hosts[fourth.member_id])
    response = client.post(f"/rotation/assignments/{fourth.id}/swap", data={"other": fifth.id})
    assert response.status_code == 302
    assert outbox("rotation_swap_requested")
    auth.login_as(network.hosts[fifth.member_id])
    assert client.post(f"/rotation/assignments/{fifth.id}/swap/accept").status_code == 302
    swapped = live_rows(series.id)
    expected = list(before)
    expected[3] = (*before[3][:2], before[4][2])
    expected[4] = (*before[4][:2], before[3][2])
    assert [(r.year, r.term, r.member_id) for r in swapped] == expected
    assert swapped[3].turn_of_member_id == before[3][2]
    assert all(
        db.session.get(Event, r.event_id).host_member_id == r.member_id for r in swapped[3:5]
    )
    # Planning again changes nothing.
    auth.login_as(network.coordinator)
    client.post(f"/rotation/{series.id}/plan")
    assert [(r.year, r.term, r.member_id) for r in live_rows(series.id)] == expected

    # An override records whose turn it took; that member keeps its place.
    target = swapped[5]
    chosen = next(m.id for m in network.members if m.id != target.member_id)
    response = client.post(
        f"/rotation/{series.id}/override",
        data={
            "term": f"{target.year}-{target.term}",
            "member_id": chosen,
            "reason": "ตามมติที่ประชุมเครือข่าย",
        },
    )
    assert response.status_code == 302
    final = live_rows(series.id)
    assert final[5].member_id == chosen and final[5].displaced_member_id == target.member_id
    assert {"created", "plan", "confirm", "decline", "swap_requested", "swap", "override"} <= set(
        actions()
    )
    page = client.get(f"/rotation/{series.id}", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert "ตามมติที่ประชุมเครือข่าย" in page and reason in page


def test_history_counts_held_exchanges_and_entered_past_hosts(client, auth, series, network):
    today = local_today(utcnow())
    members = network.members
    # The network held exchanges before: members 0..3 hosted, 4 and 5 never did.
    for k, member in enumerate(members[:4]):
        year = today.year - 3 + k // 2
        db.session.add(
            Event(
                kind=EventKind.EXCHANGE.value,
                title_th="เวทีเก่า",
                host_member_id=member.id,
                rotation_series_id=series.id,
                term_label=f"{year}-{k % 2 + 1}",
                is_all_day=True,
                start_date=date(year, 3 if k % 2 == 0 else 11, 1),
                end_date=date(year, 3 if k % 2 == 0 else 11, 2),
                start_at=utcnow(),
                end_at=utcnow(),
                status="published",
            )
        )
    db.session.commit()
    auth.login_as(network.coordinator)
    # A coordinator enters an older host (in the Buddhist Era, as people write it).
    response = client.post(
        f"/rotation/{series.id}/history",
        data={
            "past-year": str(today.year - 5 + 543),
            "past-term": "1",
            "past-member_id": members[4].id,
        },
    )
    assert response.status_code == 302
    plan = compute_plan(series, today)
    # The only member that never hosted comes first; then the longest wait from another
    # district; one full round, nobody twice.
    assert plan[0].host_id == members[5].id
    assert plan[1].host_id == members[0].id
    assert sorted(a.host_id for a in plan[:6]) == sorted(m.id for m in members)
    page = client.get(f"/rotation/{series.id}", headers={"Accept-Language": "th"})
    assert f"รอบที่ 1 ปี {today.year - 5 + 543}" in page.get_data(as_text=True)


def test_an_exchange_booked_next_month_counts(client, auth, series, network) -> None:
    today = local_today(utcnow())
    soon = today + timedelta(days=30)
    host = network.members[2]
    db.session.add(
        Event(
            kind=EventKind.EXCHANGE.value,
            title_th="เวทีเดือนหน้า",
            host_member_id=host.id,
            rotation_series_id=series.id,
            is_all_day=True,
            start_date=soon,
            end_date=soon + timedelta(days=1),
            start_at=utcnow(),
            end_at=utcnow(),
            status="published",
        )
    )
    db.session.commit()
    plan = compute_plan(series, today)
    hosts = [a.host_id for a in plan]
    # It hosts next month, so the five others come first.
    assert host.id not in hosts[:5] and sorted(hosts[:5]) == sorted(
        m.id for m in network.members if m.id != host.id
    )


def test_who_is_asked_follows_the_contact_rule(app, series, network) -> None:
    from scheduler_app.directory.contacts import responsible_recipients

    with_host, chart_only, contact_only, nobody = network.members[:4]
    # chart_only: no host account, two people on its chart
    db.session.delete(network.hosts[chart_only.id])
    db.session.delete(network.hosts[contact_only.id])
    db.session.delete(network.hosts[nobody.id])
    db.session.commit()
    clerk = factories.make_person(role=Role.MEMBER, member_id=chart_only.id, chart_order=2)
    head = factories.make_person(role=Role.MEMBER, member_id=chart_only.id, chart_order=1)
    contact_only.contact_email = "office@example.org"
    db.session.commit()
    assert [r.email for r in responsible_recipients(with_host)] == [
        network.hosts[with_host.id].email
    ]
    assert [r.email for r in responsible_recipients(chart_only)] == [head.email, clerk.email]
    assert [(r.email, r.source) for r in responsible_recipients(contact_only)] == [
        ("office@example.org", "contact")
    ]
    assert responsible_recipients(nobody) == []
    apply_plan(series, utcnow())
    db.session.commit()
    asked = {r.member_id: r.asked_recipients for r in live_rows(series.id)}
    assert asked[contact_only.id] == ["office@example.org"]
    assert asked[chart_only.id] == [head.email, clerk.email]
    assert asked[nobody.id] == []
    mail = [m for m in outbox("rotation_proposed") if m.recipient == "office@example.org"]
    assert len(mail) == 1 and mail[0].person_id is None


def test_chart_people_may_answer_when_there_is_no_host(client, auth, series, network) -> None:
    member = network.members[0]
    db.session.delete(network.hosts[member.id])
    db.session.commit()
    head = factories.make_person(role=Role.MEMBER, member_id=member.id)
    apply_plan(series, utcnow())
    db.session.commit()
    row = next(r for r in live_rows(series.id) if r.member_id == member.id)
    auth.login_as(head)
    assert client.post(f"/rotation/assignments/{row.id}/confirm").status_code == 302
    assert live_rows(series.id)[[r.id for r in live_rows(series.id)].index(row.id)].status == (
        "confirmed"
    )


def test_chase_reminder_after_a_week_without_answer(runner, series, network) -> None:
    apply_plan(series, utcnow())
    db.session.commit()
    assert runner.invoke(args=["rotation", "chase"]).stdout.strip() == "chase reminders: 0"
    for row in live_rows(series.id):
        row.asked_at = utcnow() - timedelta(days=8)
    db.session.commit()
    result = runner.invoke(args=["rotation", "chase"])
    assert result.stdout.strip() == "chase reminders: 6"
    assert runner.invoke(args=["rotation", "chase"]).stdout.strip() == "chase reminders: 0"
    mail = outbox("rotation_chase")
    assert len(mail) == 6 and {m.recipient for m in mail} == {network.coordinator.email}
    assert actions().count("chase") == 6


def test_page_speaks_buddhist_era_and_explains(client, auth, series, network) -> None:
    today = local_today(utcnow())
    first = window_for(series, today)[0]
    last_year = first[0] - 1
    db.session.add(
        RotationAssignment(
            series_id=series.id,
            year=last_year,
            term=1,
            member_id=network.members[0].id,
            status="confirmed",
        )
    )
    db.session.commit()
    apply_plan(series, utcnow())
    db.session.commit()
    th = client.get(f"/rotation/{series.id}", headers={"Accept-Language": "th"})
    html = th.get_data(as_text=True)
    assert f"รอบที่ 1 ปี {last_year + 543}" in html
    assert "สุ่ม" in html or "ยังไม่เคยเป็นเจ้าภาพ" in html
    en = client.get(f"/rotation/{series.id}", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert f"term 1 of {last_year}" in en
    assert "has not hosted in this series yet" in en
    assert "district has not hosted" in en
    assert series.lottery_seed in en


def test_series_page_runs_a_constant_number_of_queries(client, app, network) -> None:
    from scheduler_app.rotation.services import create_series
    from tests.feeds.test_http_and_cache import count_queries

    def series_with(n: int) -> int:
        members = [factories.make_member(district_code="4203") for _ in range(n)]
        for m in members[: n // 2]:
            factories.make_person(role=Role.HOST, member_id=m.id)
            factories.make_venue(owner_member_id=m.id, capacity=100)
        values = {"name_th": f"ชุด {n}", "terms_per_year": 2, "preferred_months": [3, 11]}
        series = create_series(values, [m.id for m in members], None, utcnow())
        apply_plan(series, utcnow())
        db.session.commit()
        return series.id

    small, large = series_with(4), series_with(30)
    counts = []
    for series_id in (small, large):
        client.get(f"/rotation/{series_id}")
        with count_queries() as statements:
            assert client.get(f"/rotation/{series_id}").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_term_index_helper_is_consistent() -> None:
    assert term_index(2026, 2, 2) - term_index(2026, 1, 2) == 1


def test_a_proposal_now_inside_the_lead_time_still_shows_and_can_be_answered(
    client, auth, series, network
) -> None:
    today = local_today(utcnow())
    year, term = window_for(series, today)[0]
    earlier_year, earlier_term = (year, term - 1) if term > 1 else (year - 1, 2)
    member = network.members[0]
    row = RotationAssignment(
        series_id=series.id,
        year=earlier_year,
        term=earlier_term,
        member_id=member.id,
        status="proposed",
        reason_code="first_turn",
    )
    db.session.add(row)
    db.session.commit()
    auth.login_as(network.hosts[member.id])
    html = client.get(f"/rotation/{series.id}").get_data(as_text=True)
    assert f"/rotation/assignments/{row.id}/confirm" in html
    assert client.post(f"/rotation/assignments/{row.id}/confirm").status_code == 302
    db.session.expire_all()
    assert row.status == "confirmed" and row.event_id is not None
