"""'Erase me': the name appears nowhere afterwards (pages, feeds, CSVs, outbox, any text
column), counts stay true, the feed token and every session die at once."""

from __future__ import annotations

import sqlalchemy as sa

from scheduler_app.events.models import Event, Registration
from scheduler_app.extensions import db
from tests.factories import DEFAULT_PASSWORD
from tests.privacy.conftest import NAME_FAMILY, NAME_GIVEN


def _log_in(client, person) -> None:
    response = client.post("/login", data={"email": person.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302


def _every_text_value() -> list[str]:
    """Every string stored in every text column of every table."""
    values = []
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, sa.String | sa.Text)]
        if not columns:
            continue
        for row in db.session.execute(sa.select(*columns)).all():
            values += [v for v in row if isinstance(v, str)]
    return values


def _pages(client, footprint, old_token: str) -> dict[str, str]:
    urls = [
        "/",
        "/events/",
        f"/events/{footprint.exchange.id}",
        f"/events/{footprint.training.id}",
        f"/events/{footprint.exchange.id}/registrations",
        f"/events/{footprint.exchange.id}/registrations.csv",
        f"/events/{footprint.training.id}/registrations.csv",
        f"/members/{footprint.member.id}",
        f"/members/{footprint.member.id}/people",
        "/feeds/all.ics",
        f"/events/{footprint.exchange.id}.ics",
        f"/feeds/member/{footprint.member.id}.ics",
        "/admin/people",
        "/admin/outbox",
        "/admin/audit",
    ]
    return {url: client.get(url).get_data(as_text=True) for url in urls}


def test_erase_me_leaves_the_name_nowhere(app, client, auth, footprint, make_person):
    person = footprint.person
    old_token, person_id = person.feed_token, person.id
    assert client.get(f"/feeds/u/{old_token}.ics").status_code == 200
    _log_in(client, person)
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    assert any(NAME_GIVEN in v for v in _every_text_value())
    response = client.post(
        "/privacy/erase", data={"erase-password": DEFAULT_PASSWORD, "erase-confirm": "y"}
    )
    assert response.status_code == 302
    # Sessions and the feed token die at once.
    assert client.get("/profile").status_code == 302
    assert thief.get("/profile").status_code == 302
    assert client.get(f"/feeds/u/{old_token}.ics").status_code == 404
    # Nowhere in storage …
    for value in _every_text_value():
        assert NAME_GIVEN not in value and NAME_FAMILY not in value
        assert "srisamorn@example.org" not in value and "081-234-5678" not in value
    # … nor on any page, feed or CSV, even for an admin.
    auth.login_as(make_person(role="admin"))
    for url, page in _pages(client, footprint, old_token).items():
        assert NAME_GIVEN not in page and NAME_FAMILY not in page, url
        assert "srisamorn@example.org" not in page, url
    search = client.get("/admin/people", query_string={"q": NAME_GIVEN})
    assert "/admin/people/" + str(person_id) not in search.get_data(as_text=True)
    # Counts stay true: the places are still taken, anonymously.
    db.session.expire_all()
    exchange = db.session.get(Event, footprint.exchange.id)
    assert exchange.confirmed_count == 1
    registrations = db.session.execute(
        sa.select(Registration).where(Registration.person_id == person_id)
    ).scalars()
    assert len(list(registrations)) == 2
    # And nobody can log in as them any more.
    login = app.test_client().post(
        "/login", data={"email": "srisamorn@example.org", "password": DEFAULT_PASSWORD}
    )
    assert login.status_code == 400


def test_erase_me_needs_the_password(client, footprint):
    _log_in(client, footprint.person)
    response = client.post("/privacy/erase", data={"erase-password": "wrong", "erase-confirm": "y"})
    assert response.status_code == 400
    db.session.refresh(footprint.person)
    assert footprint.person.erased_at is None and footprint.person.given_name == NAME_GIVEN


def test_hosts_and_coordinators_cannot_erase_others(client, auth, footprint, make_person):
    url = f"/admin/people/{footprint.person.id}/erase"
    for role in ("host", "coordinator"):
        auth.login_as(make_person(role=role, member=footprint.member))
        assert client.post(url, data={"confirm": "y"}).status_code == 403
    db.session.refresh(footprint.person)
    assert footprint.person.erased_at is None


def test_an_admin_erases_on_request_and_it_is_audited(client, auth, footprint, make_person):
    admin = make_person(role="admin", preferred_language="en")
    auth.login_as(admin)
    url = f"/admin/people/{footprint.person.id}/erase"
    assert client.post(url, data={}).status_code == 400  # the confirmation box is required
    assert client.post(url, data={"confirm": "y"}).status_code == 302
    db.session.refresh(footprint.person)
    assert footprint.person.erased_at is not None and footprint.person.given_name == ""
    log = client.get("/admin/audit").get_data(as_text=True)
    assert "Erased" in log and NAME_GIVEN not in log
    assert client.post(url, data={"confirm": "y"}).status_code == 409
