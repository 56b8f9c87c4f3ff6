"""The chart page offers Edit / Remove only for people the signed-in person may change:
a host sees no buttons for a coordinator who sits in their chart (they would be 403)."""

from __future__ import annotations

from scheduler_app.accounts.models import Role


def test_host_gets_buttons_only_for_people_they_may_change(client, make_member, make_person, login):
    member = make_member()
    login(make_person(role=Role.HOST, member_id=member.id))
    clerk = make_person(role=Role.MEMBER, member_id=member.id, chart_order=2)
    coordinator = make_person(role=Role.COORDINATOR, member_id=member.id, chart_order=3)
    html = client.get(f"/members/{member.id}/people").get_data(as_text=True)
    assert f"/members/{member.id}/people/{clerk.id}/edit" in html
    assert f"/members/{member.id}/people/{coordinator.id}/edit" not in html
    assert f"/members/{member.id}/people/{coordinator.id}/remove" not in html
    # the buttons that are hidden are exactly the ones that would be refused
    assert client.get(f"/members/{member.id}/people/{coordinator.id}/edit").status_code == 403
    assert client.get(f"/members/{member.id}/people/{clerk.id}/edit").status_code == 200


def test_coordinator_gets_buttons_for_everyone(client, make_member, make_person, login):
    member = make_member()
    other = make_person(role=Role.COORDINATOR, member_id=member.id)
    login(make_person(role=Role.COORDINATOR))
    html = client.get(f"/members/{member.id}/people").get_data(as_text=True)
    assert f"/members/{member.id}/people/{other.id}/edit" in html
