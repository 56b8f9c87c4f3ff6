"""Bad input re-renders with messages and saves nothing; edge cases of the workflow."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from scheduler_app.events.models import Event
from scheduler_app.extensions import db, utcnow
from scheduler_app.mail.models import OutboxMessage
from scheduler_app.rotation import workflow
from scheduler_app.rotation.models import (
    RotationAssignment,
    RotationBlackout,
    RotationLogEntry,
    RotationPastHost,
    RotationSeries,
)
from scheduler_app.rotation.planning import apply_plan, compute_plan, window_for
from scheduler_app.rotation.services import RotationError, assignments, local_today


def good_series(network) -> dict:
    return {
        "name_th": "เวที",
        "members": [m.id for m in network.members],
        "network_id": "0",
        "terms_per_year": "2",
        "preferred_months": "3, 11",
        "horizon_terms": "4",
        "lead_weeks": "8",
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name_th", "", "This field is required."),
        ("name_th", "ก" * 201, "Please use between 1 and 200 characters."),
        ("preferred_months", "3, 13", "Please enter month numbers from 1 to 12."),
        ("preferred_months", "march", "Please enter month numbers from 1 to 12."),
        ("preferred_months", "3", "Please give exactly one month for each term."),
        ("terms_per_year", "0", "Please enter a number between 1 and 12."),
        ("terms_per_year", "two", "Not a valid integer value."),
        ("horizon_terms", "99", "Please enter a number between 1 and 48."),
        ("members", "999999", "Not a valid choice."),
        ("lead_weeks", "105", "Please enter a number between 0 and 104."),
        ("lead_weeks", "-1", "Please enter a number between 0 and 104."),
    ],
)
def test_bad_series_input_shows_a_message_and_saves_nothing(
    client, auth, network, field, value, message
) -> None:
    auth.login_as(network.coordinator)
    data = good_series(network) | {field: value}
    response = client.post("/rotation/new", data=data, headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.execute(sa.select(sa.func.count()).select_from(RotationSeries)).scalar() == 0


def test_series_needs_members_or_a_network(client, auth, network) -> None:
    auth.login_as(network.coordinator)
    data = good_series(network) | {"members": []}
    response = client.post("/rotation/new", data=data, headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "Choose member communities or a network." in response.get_data(as_text=True)


def test_bad_form_errors_are_in_thai(client, auth, network) -> None:
    auth.login_as(network.coordinator)
    data = good_series(network) | {"preferred_months": "13"}
    with client.session_transaction() as sess:
        sess["lang"] = "th"
    response = client.post("/rotation/new", data=data)
    assert "โปรดใส่เลขเดือนตั้งแต่ 1 ถึง 12" in response.get_data(as_text=True)


def test_blackout_ending_before_it_starts_is_refused(client, auth, network, series) -> None:
    auth.login_as(network.coordinator)
    response = client.post(
        f"/rotation/{series.id}/blackouts",
        data={"name": "x", "start_date": "2027-04-15", "end_date": "2027-04-13"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert "The last day cannot be before the first day." in response.get_data(as_text=True)
    assert db.session.execute(sa.select(RotationBlackout)).first() is None


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"weight": "0"}, "weight", "Please enter a number between 1 and 10."),
        ({"weight": "11"}, "weight", "Please enter a number between 1 and 10."),
        ({"weight": "x"}, "weight", "Not a valid integer value."),
        (
            {"weight": "1", "not_before_year": "2570"},
            "not_before_term",
            "Give both the year and the term, or neither.",
        ),
        (
            {"weight": "1", "not_before_year": "2570", "not_before_term": "1"},
            "not_before_reason",
            "Please say why.",
        ),
    ],
)
def test_bad_pool_entry_shows_beside_the_field(
    client, auth, network, series, data, field, message
) -> None:
    auth.login_as(network.coordinator)
    member = network.members[0]
    response = client.post(
        f"/rotation/{series.id}/pool/{member.id}", data=data, headers={"Accept-Language": "en"}
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    # The message sits right after the field's own input.
    beside = re.search(
        rf'id="{field}-{member.id}"[^>]*>\s*<p class="field-error">([^<]+)</p>', html
    )
    assert beside is not None and message in beside.group(1)
    db.session.expire_all()
    assert all(e.weight == 1 and e.not_before_year is None for e in series.entries)


def test_not_before_keeps_a_member_out_until_then(client, auth, network, series) -> None:
    auth.login_as(network.coordinator)
    member = network.members[0]
    window = window_for(series, local_today(utcnow()))
    year, term = window[3]
    response = client.post(
        f"/rotation/{series.id}/pool/{member.id}",
        data={
            "weight": "1",
            "not_before_year": str(year + 543),
            "not_before_term": str(term),
            "not_before_reason": "อยู่ระหว่างสร้างศาลาใหม่",
        },
    )
    assert response.status_code == 302
    plan = compute_plan(series, local_today(utcnow()))
    assert member.id not in [a.host_id for a in plan[:3]]
    page = client.get(f"/rotation/{series.id}", headers={"Accept-Language": "en"})
    assert "อยู่ระหว่างสร้างศาลาใหม่" in page.get_data(as_text=True)


def test_decline_needs_a_reason_beside_the_field(client, auth, network, series) -> None:
    apply_plan(series, utcnow())
    db.session.commit()
    row = assignments(series)[0]
    auth.login_as(network.hosts[row.member_id])
    response = client.post(
        f"/rotation/assignments/{row.id}/decline",
        data={"reason": ""},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert re.search(rf'id="decline-{row.id}-error">This field is required', html)
    db.session.expire_all()
    assert row.status == "proposed"
    assert (
        db.session.execute(
            sa.select(RotationLogEntry).where(RotationLogEntry.action == "decline")
        ).first()
        is None
    )


def test_swap_with_a_past_term_is_refused(client, auth, network, series) -> None:
    apply_plan(series, utcnow())
    db.session.commit()
    row = assignments(series)[0]
    other_member = next(m for m in network.members if m.id != row.member_id)
    past = RotationAssignment(
        series_id=series.id, year=2020, term=1, member_id=other_member.id, status="confirmed"
    )
    db.session.add(past)
    db.session.commit()
    auth.login_as(network.hosts[row.member_id])
    response = client.post(
        f"/rotation/assignments/{row.id}/swap",
        data={"other": past.id},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert "A term that has passed cannot be swapped." in response.get_data(as_text=True)
    db.session.expire_all()
    assert row.swap_with_id is None


@pytest.mark.parametrize(
    ("year", "term", "message"),
    [
        ("3000", "1", "A past host cannot be in the future."),
        ("2999", "1", "A past host cannot be in the future."),
        ("2020", "3", "This series has no such term."),
        ("1800", "1", "Please enter a number between 1900 and 3000."),
    ],
)
def test_history_in_the_future_is_refused(client, auth, network, series, year, term, message):
    auth.login_as(network.coordinator)
    response = client.post(
        f"/rotation/{series.id}/history",
        data={"past-year": year, "past-term": term, "past-member_id": network.members[0].id},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.execute(sa.select(RotationPastHost)).first() is None


def test_weight_and_unable_flag_change_the_plan(client, auth, network, series) -> None:
    auth.login_as(network.coordinator)
    first = network.members[0]
    response = client.post(
        f"/rotation/{series.id}/pool/{first.id}", data={"weight": "1", "is_unable_to_host": "y"}
    )
    assert response.status_code == 302
    apply_plan(series, utcnow())
    db.session.commit()
    assert first.id not in {a.member_id for a in assignments(series)}


def test_override_needs_a_reason(client, auth, network, series) -> None:
    apply_plan(series, utcnow())
    db.session.commit()
    row = assignments(series)[0]
    auth.login_as(network.coordinator)
    response = client.post(
        f"/rotation/{series.id}/override",
        data={"term": f"{row.year}-{row.term}", "member_id": network.members[3].id, "reason": ""},
    )
    assert response.status_code == 400
    db.session.expire_all()
    assert row.status == "proposed"


def test_answering_twice_is_a_conflict_not_an_error(client, auth, network, series) -> None:
    apply_plan(series, utcnow())
    db.session.commit()
    row = assignments(series)[0]
    auth.login_as(network.hosts[row.member_id])
    assert client.post(f"/rotation/assignments/{row.id}/confirm").status_code == 302
    response = client.post(f"/rotation/assignments/{row.id}/decline", data={"reason": "ไม่ว่าง"})
    assert response.status_code == 409
    assert client.post(f"/rotation/assignments/{row.id}/confirm").status_code == 409


def test_swap_with_own_term_is_refused(client, auth, network, series) -> None:
    apply_plan(series, utcnow())
    db.session.commit()
    row = assignments(series)[0]
    auth.login_as(network.hosts[row.member_id])
    response = client.post(f"/rotation/assignments/{row.id}/swap", data={"other": row.id})
    assert response.status_code == 400
    db.session.expire_all()
    assert row.swap_with_id is None


def test_leaving_host_of_a_confirmed_term_is_flagged(network, series) -> None:
    apply_plan(series, utcnow())
    row = assignments(series)[0]
    workflow.confirm(row, None, utcnow())
    db.session.commit()
    row.member.is_active = False
    db.session.commit()
    apply_plan(series, utcnow())
    db.session.commit()
    assert row.needs_reassignment is True
    # Its proposed later terms go to others.
    later = [a for a in assignments(series) if a.status == "proposed"]
    assert row.member_id not in {a.member_id for a in later}


def test_confirming_again_after_override_updates_the_same_event(network, series) -> None:
    apply_plan(series, utcnow())
    row = assignments(series)[0]
    event = workflow.confirm(row, None, utcnow())
    db.session.commit()
    other = next(m for m in network.members if m.id != row.member_id)
    new = workflow.override(series, row.year, row.term, other, "ย้ายตามมติ", None, utcnow())
    db.session.commit()
    assert new.event_id == event.id
    assert db.session.get(Event, event.id).host_member_id == other.id
    assert db.session.execute(sa.select(sa.func.count()).select_from(Event)).scalar() == 1


def test_accept_without_a_request_is_refused(network, series) -> None:
    apply_plan(series, utcnow())
    row = assignments(series)[0]
    with pytest.raises(RotationError):
        workflow.accept_swap(row, None, utcnow())


def test_proposal_mail_is_in_the_hosts_language(network, series) -> None:
    network.hosts[network.members[0].id].preferred_language = "en"
    db.session.commit()
    apply_plan(series, utcnow())
    db.session.commit()
    mails = (
        db.session.execute(
            sa.select(OutboxMessage).where(OutboxMessage.kind == "rotation_proposed")
        )
        .scalars()
        .all()
    )
    assert len(mails) == 6
    th = [m for m in mails if m.language == "th"]
    en = [m for m in mails if m.language == "en"]
    assert en and th
    assert en[0].subject.startswith("Will you host term")
    assert "ท่านจะเป็นเจ้าภาพรอบที่" in th[0].subject
    assert "ยังไม่เคยเป็นเจ้าภาพ" in th[0].body_text or "สุ่ม" in th[0].body_text
    # Planning again proposes nothing new and sends nothing twice.
    assert apply_plan(series, utcnow()) == []
    db.session.commit()
    count = db.session.execute(sa.select(sa.func.count()).select_from(OutboxMessage)).scalar()
    assert count == 6


def test_network_pool_includes_sub_members(make_member, network) -> None:
    from scheduler_app.rotation.services import create_series, pool_rows

    parent = make_member(kind="network", name_th="เครือข่ายเลย")
    children = [make_member(name_th=f"ลูก{i}", parent_id=parent.id) for i in range(3)]
    series = create_series(
        {"name_th": "x", "network_id": parent.id, "preferred_months": [3, 11]}, [], None, utcnow()
    )
    db.session.commit()
    assert {r.member.id for r in pool_rows(series)} == {c.id for c in children}
    assert isinstance(series.id, int) and RotationAssignment is not None


def test_buttons_carry_a_csrf_token(make_app, network, series) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    with client.session_transaction() as sess:
        sess["_user_id"] = str(network.coordinator.id)
        sess["_fresh"] = True
    page = client.get(f"/rotation/{series.id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post(f"/rotation/{series.id}/plan").status_code == 400
    assert client.post(f"/rotation/{series.id}/plan", data={"csrf_token": token}).status_code == 302
    with app.app_context():
        assert db.session.execute(sa.select(RotationAssignment)).first() is not None


def test_a_member_says_itself_when_it_can_host(client, auth, network, series) -> None:
    member = network.members[1]
    auth.login_as(network.hosts[member.id])
    html = client.get(f"/rotation/{series.id}").get_data(as_text=True)
    assert f"/rotation/{series.id}/readiness/{member.id}" in html
    assert f"/rotation/{series.id}/readiness/{network.members[0].id}" not in html
    bad = client.post(
        f"/rotation/{series.id}/readiness/{member.id}",
        data={"ready-not_before_year": "2580", "ready-not_before_term": "1"},
        headers={"Accept-Language": "en"},
    )
    assert bad.status_code == 400
    assert re.search(
        r'id="ready-not_before_reason-error">Please say why', bad.get_data(as_text=True)
    )
    db.session.expire_all()
    assert all(e.not_before_year is None for e in series.entries)
    window = window_for(series, local_today(utcnow()))
    year, term = window[2]
    ok = client.post(
        f"/rotation/{series.id}/readiness/{member.id}",
        data={
            "ready-not_before_year": str(year + 543),
            "ready-not_before_term": str(term),
            "ready-not_before_reason": "ผู้บริหารชุดใหม่เพิ่งเข้ารับตำแหน่ง",
        },
    )
    assert ok.status_code == 302
    plan = compute_plan(series, local_today(utcnow()))
    assert member.id not in [a.host_id for a in plan[:2]]
    entry = db.session.execute(
        sa.select(RotationLogEntry).where(RotationLogEntry.action == "readiness")
    ).scalar_one()
    assert entry.actor_id == network.hosts[member.id].id and "ผู้บริหาร" in entry.reason


def test_a_term_inside_the_lead_time_can_still_be_set_by_hand(client, auth, network, series):
    today = local_today(utcnow())
    year, term = window_for(series, today)[0]
    earlier = (year, term - 1) if term > 1 else (year - 1, 2)
    if (earlier[0], series.month_of_term(earlier[1])) < (today.year, today.month):
        pytest.skip("today is in the first term of the window")
    member = network.members[0]
    db.session.add(
        RotationAssignment(
            series_id=series.id,
            year=earlier[0],
            term=earlier[1],
            member_id=member.id,
            status="declined",
            decline_reason="ไม่ว่าง",
        )
    )
    db.session.commit()
    auth.login_as(network.coordinator)
    chosen = network.members[1]
    response = client.post(
        f"/rotation/{series.id}/override",
        data={"term": f"{earlier[0]}-{earlier[1]}", "member_id": chosen.id, "reason": "ตามมติ"},
    )
    assert response.status_code == 302
    row = db.session.execute(
        sa.select(RotationAssignment).where(
            RotationAssignment.year == earlier[0],
            RotationAssignment.term == earlier[1],
            RotationAssignment.status == "confirmed",
        )
    ).scalar_one()
    assert row.member_id == chosen.id and row.event_id is not None
    past = client.post(
        f"/rotation/{series.id}/override",
        data={"term": "2020-1", "member_id": chosen.id, "reason": "ตามมติ"},
    )
    assert past.status_code == 400


def test_swap_into_a_term_one_declined_is_refused(client, auth, network, series) -> None:
    """A member that declined a term is not put back into it by a swap (the plan would
    otherwise move terms other than the two swapped)."""
    apply_plan(series, utcnow())
    db.session.commit()
    row, other = assignments(series)[0], assignments(series)[1]
    db.session.add(
        RotationAssignment(
            series_id=series.id, year=other.year, term=other.term, member_id=row.member_id,
            status="declined", decline_reason="ไม่ว่าง",
        )
    )  # fmt: skip
    db.session.commit()
    auth.login_as(network.hosts[row.member_id])
    response = client.post(
        f"/rotation/assignments/{row.id}/swap",
        data={"other": other.id},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert "declined the other&#39;s term" in response.get_data(as_text=True)
    db.session.expire_all()
    assert row.swap_with_id is None
