"""Introductions reach whoever answers for each side (hosts, else the organisation
chart, else the contact e-mail), and the "request a study visit" button shows only to
people it will work for."""

from __future__ import annotations

import re

from scheduler_app.accounts.models import Role
from scheduler_app.extensions import db, utcnow
from scheduler_app.network.introductions import send_introduction
from scheduler_app.network.models import Introduction
from tests.html_forms import read_page
from tests.network.test_introductions import outbox


def _without_hosts(net, key: str) -> None:
    db.session.delete(net.hosts[key])
    db.session.commit()


def test_chart_people_and_contact_address_are_introduced(net, make_person):
    a, b = net.members["A"], net.members["B"]
    _without_hosts(net, "A")  # A keeps its chart: plain@example.org
    _without_hosts(net, "B")
    b.contact_email = "office-b@example.org"
    db.session.commit()
    send_introduction(a, b, sender=net.coordinator, now=utcnow())
    db.session.commit()
    assert sorted(r.recipient for r in outbox("introduction")) == [
        "office-b@example.org",
        "plain@example.org",
    ]


def test_a_side_nobody_answers_for_is_refused(client, auth, net):
    _without_hosts(net, "E")
    auth.login_as(net.coordinator)
    response = client.post(
        "/network/introductions",
        data={"a_member_id": net.members["A"].id, "b_member_id": net.members["E"].id},
    )
    assert response.status_code == 409
    assert outbox("introduction") == []


def _accepted(net) -> tuple[Introduction, list[str]]:
    intro = send_introduction(
        net.members["B"], net.members["C"], sender=net.coordinator, now=utcnow()
    )
    db.session.commit()
    links = [
        re.findall(r"https://ruamjai\.test(/network/introductions/[^?\s]+)", r.body_text)[0]
        for r in outbox("introduction")
    ]
    return intro, links


def test_visit_button_only_for_people_it_works_for(client, auth, net, make_person):
    intro, links = _accepted(net)
    for link in links:
        client.post(link, data={"answer": "yes"})
    db.session.expire_all()
    assert db.session.get(Introduction, intro.id).is_accepted
    visit_url = f"/network/introductions/{intro.id}/visit"
    # signed in but answering for neither side: no button, a sentence instead
    bystander = make_person(
        role=Role.MEMBER, email="bystander@example.org", preferred_language="en"
    )
    auth.login_as(bystander)
    html = client.post(links[0], data={"answer": "yes"}).get_data(as_text=True)
    assert visit_url not in html
    assert "can now request a study visit" in read_page(html).text_by_id["who-requests-visit"]
    assert client.get(visit_url).status_code == 403
    # B's host: the button, and it works
    auth.login_as(net.hosts["B"])
    html = client.post(links[0], data={"answer": "yes"}).get_data(as_text=True)
    assert visit_url in html
    assert client.get(visit_url).status_code == 200


def test_chart_person_of_a_side_without_hosts_may_request_the_visit(client, auth, net):
    _without_hosts(net, "A")
    intro = send_introduction(
        net.members["A"], net.members["D"], sender=net.coordinator, now=utcnow()
    )
    intro.a_answer = intro.b_answer = "yes"
    db.session.commit()
    auth.login_as(net.plain)  # on A's chart, and A has no host now
    assert client.get(f"/network/introductions/{intro.id}/visit").status_code == 200
