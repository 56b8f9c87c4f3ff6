"""Who may change what: every changing rotation route against every kind of person."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from scheduler_app.accounts.models import Role
from scheduler_app.extensions import db, utcnow
from scheduler_app.rotation.models import (
    PublicHoliday,
    RotationAssignment,
    RotationLogEntry,
    RotationPastHost,
    RotationPoolEntry,
)
from scheduler_app.rotation.services import add_blackout, apply_plan
from tests import factories

ROLES = ["anonymous", "member", "other_host", "host", "coordinator", "admin"]
STAFF = {"coordinator", "admin"}
ANSWERING = {"host", "coordinator", "admin"}
ADMIN = {"admin"}


@pytest.fixture
def setup(series, network) -> dict[str, Any]:
    apply_plan(series, utcnow())
    blackout = add_blackout(series, "Songkran", *_songkran())
    db.session.commit()
    rows = list(
        db.session.execute(
            sa.select(RotationAssignment)
            .where(RotationAssignment.series_id == series.id)
            .order_by(RotationAssignment.year, RotationAssignment.term)
        ).scalars()
    )
    first, second = rows[0], rows[1]
    # ``second``'s host already asked ``first``'s host to swap (for the accept/reject routes).
    second.swap_with_id = first.id
    db.session.commit()
    return {
        "series": series,
        "network": network,
        "first": first,
        "second": second,
        "blackout": blackout,
    }


def _songkran() -> tuple[Any, Any]:
    from datetime import date

    return date(2027, 4, 13), date(2027, 4, 15)


def person_for(role: str, setup: dict[str, Any]) -> Any:
    network = setup["network"]
    first = setup["first"]
    if role == "anonymous":
        return None
    if role == "member":
        return factories.make_person(role=Role.MEMBER, member_id=first.member_id)
    if role == "other_host":
        other = next(m for m in network.members if m.id not in (first.member_id,))
        return network.hosts[other.id]
    if role == "host":
        return network.hosts[first.member_id]
    if role == "coordinator":
        return network.coordinator
    return factories.make_person(role=Role.ADMIN)


def routes(setup: dict[str, Any]) -> list[tuple[str, str, dict[str, Any], set[str]]]:
    s, first, second = setup["series"].id, setup["first"], setup["second"]
    term = f"{first.year}-{first.term}"
    return [
        ("get", "/rotation/new", {}, STAFF),
        ("post", "/rotation/new", {"name_th": "x"}, STAFF),
        ("get", f"/rotation/{s}/edit", {}, STAFF),
        ("post", f"/rotation/{s}/edit", {"name_th": "x"}, STAFF),
        ("post", f"/rotation/{s}/plan", {}, STAFF),
        ("post", f"/rotation/{s}/pool/{first.member_id}", {"weight": "2"}, STAFF),
        (
            "post",
            f"/rotation/{s}/blackouts",
            {"name": "Lent", "start_date": "2027-07-20", "end_date": "2027-10-17"},
            STAFF,
        ),
        ("post", f"/rotation/{s}/blackouts/{setup['blackout'].id}/delete", {}, STAFF),
        (
            "post",
            f"/rotation/{s}/override",
            {"term": term, "member_id": second.member_id, "reason": "ตามมติที่ประชุม"},
            STAFF,
        ),
        ("post", f"/rotation/assignments/{first.id}/confirm", {}, ANSWERING),
        ("post", f"/rotation/assignments/{first.id}/decline", {"reason": "ไม่ว่าง"}, ANSWERING),
        ("post", f"/rotation/assignments/{first.id}/swap", {"other": second.id}, ANSWERING),
        ("post", f"/rotation/assignments/{first.id}/swap/accept", {}, ANSWERING),
        ("post", f"/rotation/assignments/{first.id}/swap/reject", {}, ANSWERING),
        (
            "post",
            f"/rotation/{s}/history",
            {"past-year": "2560", "past-term": "1", "past-member_id": first.member_id},
            STAFF,
        ),
        ("get", f"/rotation/{s}/what-if?leave={first.member_id}", {}, STAFF),
        ("post", f"/rotation/{s}/what-if", {"leave": str(first.member_id)}, STAFF),
        ("post", "/rotation/holidays", {"day": "2027-02-20", "name_th": "วันมาฆบูชา"}, ADMIN),
        (
            "post",
            f"/rotation/{s}/readiness/{first.member_id}",
            {
                "ready-not_before_year": "2580",
                "ready-not_before_term": "1",
                "ready-not_before_reason": "ซ่อมศาลา",
            },
            ANSWERING,
        ),
        ("post", "/rotation/holidays/2026-12-31/hide", {}, ADMIN),
    ]


ROUTE_ENDPOINTS = {
    "rotation.create",
    "rotation.edit",
    "rotation.plan",
    "rotation.pool_entry",
    "rotation.add_blackout",
    "rotation.remove_blackout",
    "rotation.override",
    "rotation.confirm",
    "rotation.decline",
    "rotation.request_swap",
    "rotation.accept_swap",
    "rotation.reject_swap",
    "rotation.add_past_host",
    "rotation.save_what_if",
    "rotation.add_holiday",
    "rotation.hide_holiday",
    "rotation.readiness",
}


def test_every_rotation_post_route_is_in_the_matrix(app, setup) -> None:
    posted = {
        r.endpoint
        for r in app.url_map.iter_rules()
        if "POST" in (r.methods or set()) and r.endpoint.startswith("rotation.")
    }
    assert posted == ROUTE_ENDPOINTS
    urls = [url.split("?")[0] for method, url, _data, _allowed in routes(setup) if method == "post"]
    adapter = app.url_map.bind("localhost")
    assert {adapter.match(u, method="POST")[0] for u in urls} == ROUTE_ENDPOINTS


def snapshot() -> tuple[Any, ...]:
    db.session.expire_all()
    rows = db.session.execute(
        sa.select(
            RotationAssignment.id,
            RotationAssignment.member_id,
            RotationAssignment.status,
            RotationAssignment.swap_with_id,
        ).order_by(RotationAssignment.id)
    ).all()
    logs = db.session.execute(sa.select(sa.func.count()).select_from(RotationLogEntry)).scalar()
    others = [
        db.session.execute(sa.select(sa.func.count()).select_from(model)).scalar()
        for model in (RotationPastHost, PublicHoliday, RotationPoolEntry)
    ]
    weights = db.session.execute(
        sa.select(
            RotationPoolEntry.weight,
            RotationPoolEntry.is_unable_to_host,
            RotationPoolEntry.not_before_year,
        ).order_by(RotationPoolEntry.id)
    ).all()
    return (tuple(rows), logs, tuple(others), tuple(weights))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("index", range(20))
def test_permission_matrix(client, auth, setup, role, index) -> None:
    method, url, data, allowed = routes(setup)[index]
    person = person_for(role, setup)
    if person is not None:
        auth.login_as(person)
    before = snapshot()
    response = getattr(client, method)(url, data=data)
    if role == "anonymous":
        assert response.status_code in (302, 401, 403)
        if response.status_code == 302:
            assert "/login" in response.headers["Location"]
    elif role not in allowed:
        assert response.status_code == 403
    else:
        assert response.status_code in (200, 302, 400, 409)
        return
    assert snapshot() == before


@pytest.mark.parametrize("role", ROLES)
def test_series_pages_are_public(client, auth, setup, role) -> None:
    person = person_for(role, setup)
    if person is not None:
        auth.login_as(person)
    assert client.get("/rotation/").status_code == 200
    page = client.get(f"/rotation/{setup['series'].id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    can_answer = role in ANSWERING
    assert (f"/rotation/assignments/{setup['first'].id}/confirm" in html) == can_answer
    assert (f"/rotation/{setup['series'].id}/override" in html) == (role in STAFF)


def test_missing_series_and_assignment_are_404(client, auth, network) -> None:
    auth.login_as(network.coordinator)
    assert client.get("/rotation/999").status_code == 404
    assert client.post("/rotation/999/plan").status_code == 404
    assert client.post("/rotation/assignments/999/confirm").status_code == 404
