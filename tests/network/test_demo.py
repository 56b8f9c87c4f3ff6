"""The Loei demo holds enough network history for every network page to show something."""

from __future__ import annotations

import json

import sqlalchemy as sa

from scheduler_app.accounts.models import Person
from scheduler_app.extensions import db
from scheduler_app.followups.models import ConfirmedTie
from scheduler_app.network.models import (
    Introduction,
    MemberMeasure,
    NetworkSnapshot,
    NetworkState,
)


def test_demo_network_history(runner, client, auth):
    assert runner.invoke(args=["demo"]).exit_code == 0
    summary = json.loads(db.session.get(NetworkState, 1).summary)
    assert summary["isolated"] == 1
    assert summary["periphery"] >= 1 and summary["core_size"] >= 3
    assert summary["confirmed_ties"] >= 1 and summary["reciprocity"] > 0
    roles = set(db.session.execute(sa.select(MemberMeasure.role)).scalars())
    assert {"isolated", "periphery", "bridge"} <= roles
    assert db.session.scalar(sa.select(sa.func.count(NetworkSnapshot.id))) >= 4
    answers = db.session.execute(sa.select(Introduction.a_answer, Introduction.b_answer)).all()
    assert ("yes", "yes") in answers and len(answers) == 3
    assert db.session.scalar(sa.select(sa.func.count(ConfirmedTie.id))) == 3
    coordinator = db.session.scalar(sa.select(Person).where(Person.role == "coordinator"))
    auth.login_as(coordinator)
    for url in ("/network", "/network/health", "/network/suggestions"):
        page = client.get(url)
        assert page.status_code == 200, url
    health = client.get("/network/health").get_data(as_text=True)
    assert "แลกเปลี่ยนเรียนรู้เครือข่าย ครั้งที่ 2/2569" in health
    before = db.session.scalar(sa.select(sa.func.count(Introduction.id)))
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert db.session.scalar(sa.select(sa.func.count(Introduction.id))) == before
