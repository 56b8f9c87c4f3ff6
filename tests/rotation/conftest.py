"""Fixtures for the rotation area: six communities with a host each, and a coordinator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from scheduler_app.accounts.models import Role
from scheduler_app.extensions import db, utcnow
from scheduler_app.rotation.models import RotationSeries
from scheduler_app.rotation.services import create_series
from tests import factories


@dataclass
class Network:
    coordinator: Any
    members: list[Any]
    hosts: dict[int, Any]  # member id -> its host person


@pytest.fixture
def network(app: Any) -> Network:
    names = ["กุดป่อง", "นาอาน", "นาโป่ง", "เมืองเลย", "ศรีสองรัก", "ชัยพฤกษ์"]
    districts = ["4201", "4201", "4203", "4203", "4205", "4205"]
    members = [
        factories.make_member(
            name_th=f"ชุมชน{n}", name_en=f"Community {i}", district_code=districts[i - 1]
        )
        for i, n in enumerate(names, start=1)
    ]
    hosts = {m.id: factories.make_person(role=Role.HOST, member_id=m.id) for m in members}
    coordinator = factories.make_person(role=Role.COORDINATOR)
    return Network(coordinator, members, hosts)


@pytest.fixture
def series(network: Network) -> RotationSeries:
    values = {
        "name_th": "เวทีแลกเปลี่ยนเรียนรู้",
        "name_en": "Exchange forum",
        "terms_per_year": 2,
        "preferred_months": [3, 11],
        "horizon_terms": 6,
    }
    created = create_series(values, [m.id for m in network.members], network.coordinator, utcnow())
    db.session.commit()
    return created
