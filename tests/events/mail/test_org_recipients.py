"""Mail about a study visit reaches the people who answer for each organisation
(``directory.contacts``): its host accounts, else its organisation-chart people, else
its contact e-mail. Read from real messages through the SMTP server."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from scheduler_app.accounts.models import Person
from scheduler_app.extensions import db, utcnow
from scheduler_app.followups.jobs import queue_briefings
from tests.events.parts_helpers import login

DATES = {"proposed_start": "2031-03-02", "proposed_end": "2031-03-02"}


@pytest.fixture
def orgs(make_member, make_person):
    """Three organisations, one per branch of the rule, plus the other side of a visit."""
    with_hosts = make_member(name_th="เทศบาลมีเจ้าภาพ", contact_email="office-a@example.org")
    make_person(role="host", member=with_hosts, email="host@a.example")
    make_person(role="member", member=with_hosts, email="staff@a.example")  # not told
    chart_only = make_member(name_th="ชุมชนประธานเป็นสมาชิก", contact_email="office-b@example.org")
    make_person(role="member", member=chart_only, email="chair@b.example", chart_order=1)
    make_person(role="member", member=chart_only, email="clerk@b.example", chart_order=2)
    contact_only = make_member(name_th="วิสาหกิจชุมชน", contact_email="office-c@example.org")
    other = make_member(name_th="อีกฝ่าย", contact_email="")
    make_person(role="host", member=other, email="host@other.example")
    return {
        "hosts": (with_hosts, ["host@a.example"]),
        "chart": (chart_only, ["chair@b.example", "clerk@b.example"]),
        "contact": (contact_only, ["office-c@example.org"]),
        "other": (other, ["host@other.example"]),
    }


@pytest.fixture
def coordinator(auth, make_person):
    person = make_person(role="coordinator", email="coord@example.org", preferred_language="en")
    login(auth, person)
    return person


def _to(messages) -> list[str]:
    return sorted(str(m["To"].addresses[0].addr_spec) for m in messages)


def _request(client, visitors, hosts) -> int:
    data = {
        "visiting_member_id": str(visitors.id),
        "host_member_id": str(hosts.id),
        "delegation_size": "12",
        "purpose": "เรียนรู้การจัดการขยะ",
        **DATES,
    }
    response = client.post("/events/visits/new", data=data)
    assert response.status_code == 302
    return int(response.headers["Location"].rsplit("/", 1)[1])


@pytest.mark.parametrize("rule", ["hosts", "chart", "contact"])
def test_a_request_reaches_whoever_answers_for_the_host(
    client, coordinator, orgs, deliver_all, rule
):
    hosts, expected = orgs[rule]
    visit_id = _request(client, orgs["other"][0], hosts)
    messages = deliver_all()
    assert _to(messages) == expected
    for message in messages:
        assert f"/events/visits/{visit_id}" in message.get_body(("plain",)).get_content()


@pytest.mark.parametrize("rule", ["hosts", "chart", "contact"])
def test_an_accepted_visit_reaches_whoever_answers_for_the_visitors(
    client, coordinator, orgs, deliver_all, rule
):
    visitors, expected = orgs[rule]
    visit_id = _request(client, visitors, orgs["other"][0])
    deliver_all()  # the request itself, to the host side
    answer = {
        "action": "accept",
        "answer-start_date": DATES["proposed_start"],
        "answer-end_date": DATES["proposed_end"],
        "answer-start_time": "09:00",
        "answer-end_time": "15:00",
    }
    assert client.post(f"/events/visits/{visit_id}/answer", data=answer).status_code == 302
    assert _to(deliver_all()) == expected


@pytest.mark.parametrize("rule", ["hosts", "chart", "contact"])
def test_the_briefing_reaches_whoever_answers_for_the_visitors(orgs, make_event, deliver_all, rule):
    visitors, expected = orgs[rule]
    now = utcnow()
    make_event(
        kind="study_visit",
        host_member=orgs["other"][0],
        visiting_member_id=visitors.id,
        start_at=now + timedelta(days=3),
    )
    queue_briefings(now)
    db.session.commit()
    assert _to(deliver_all()) == expected


def test_the_chair_of_a_community_without_hosts_can_open_and_answer_the_request(
    client, auth, coordinator, orgs, deliver_all
):
    """The chart people who are told can also act: the mail leads somewhere."""
    chart_only, _ = orgs["chart"]
    visit_id = _request(client, orgs["other"][0], chart_only)
    chair = db.session.execute(sa.select(Person).filter_by(email="chair@b.example")).scalar_one()
    login(auth, chair)
    assert client.get(f"/events/visits/{visit_id}").status_code == 200
    response = client.post(f"/events/visits/{visit_id}/decline", data={"decline-reason": "ติดงานบุญ"})
    assert response.status_code == 302
