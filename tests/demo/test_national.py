"""`flask demo --scale`: the national data set at a tiny scale (SQLite, or PostgreSQL
with ``TEST_DATABASE_URL``): its sizes, its invariants, and the pages on it."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient, FlaskCliRunner

from scheduler_app.accounts.models import Person
from scheduler_app.demo import national
from scheduler_app.demo.content import DEMO_PASSWORD
from scheduler_app.extensions import db

SCALE = "0.002"
EN = {"Accept-Language": "en"}


def _scalar(sql: str) -> int:
    return int(db.session.execute(sa.text(sql)).scalar_one())


def _load(runner: FlaskCliRunner) -> str:
    result = runner.invoke(args=["demo", "--scale", SCALE])
    assert result.exit_code == 0, result.output
    return result.output


def test_tiny_national_data_set_has_its_sizes_and_keeps_the_rules(
    runner: FlaskCliRunner,
) -> None:
    output = _load(runner)
    assert "registration" in output and "Coordinator login" in output
    size = national.sizes(float(SCALE))
    for table, count in national.expected_counts(float(SCALE)).items():
        assert _scalar(f"SELECT count(*) FROM {table}") == count, table  # noqa: S608
    assert _scalar("SELECT count(*) FROM member WHERE kind = 'network'") == size["networks"]
    assert (
        _scalar("SELECT count(*) FROM member WHERE org_type = 'community_group'")
        == (size["communities"])
    )
    registrations = _scalar("SELECT count(*) FROM registration")
    assert 0.7 * size["registrations"] < registrations < 1.3 * size["registrations"]
    # Every community sits under an organisation, every organisation under a network.
    assert (
        _scalar(
            "SELECT count(*) FROM member c JOIN member p ON p.id = c.parent_id "
            "WHERE c.org_type = 'community_group' AND p.kind = 'node'"
        )
        == size["communities"]
    )
    # Counters agree with the rows; nobody is confirmed beyond capacity.
    assert (
        _scalar(
            "SELECT count(*) FROM event e WHERE confirmed_count <> (SELECT count(*) FROM "
            "registration r WHERE r.event_id = e.id AND r.status = 'confirmed') "
            "OR (capacity IS NOT NULL AND confirmed_count > capacity) "
            "OR waitlist_counter <> (SELECT count(*) FROM registration r "
            "WHERE r.event_id = e.id AND r.status = 'waitlisted')"
        )
        == 0
    )
    # Each kind has what it needs: stops, sessions, a request with its visitor.
    for kind, part in (("rally", "rally_stop"), ("training", "training_session")):
        assert (
            _scalar(
                f"SELECT count(*) FROM event e WHERE kind = '{kind}' AND NOT EXISTS "  # noqa: S608
                f"(SELECT 1 FROM {part} p WHERE p.event_id = e.id)"
            )
            == 0
        ), kind
    assert (
        _scalar(
            "SELECT count(*) FROM event e WHERE kind = 'study_visit' AND (visiting_member_id "
            "IS NULL OR NOT EXISTS (SELECT 1 FROM study_visit_request r WHERE r.event_id = e.id))"
        )
        == 0
    )
    assert _scalar("SELECT count(*) FROM outbox_message WHERE status = 'sent'") > (
        0.8 * size["outbox"]
    )
    # Loading again adds nothing.
    assert "Skipped" in _load(runner)
    assert _scalar("SELECT count(*) FROM person") == size["people"]


def _login(client: FlaskClient, email: str) -> None:
    response = client.post("/login", data={"email": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def _first(sql: str) -> int:
    return _scalar(sql + " LIMIT 1")


def test_the_pages_answer_on_the_national_data_set(
    runner: FlaskCliRunner, client: FlaskClient
) -> None:
    _load(runner)
    _login(client, national.email_of(0))
    community = _first("SELECT id FROM member WHERE org_type = 'community_group' ORDER BY id")
    network = _first("SELECT id FROM member WHERE kind = 'network' ORDER BY id")
    upcoming = "SELECT id FROM event WHERE status = 'published' AND kind = '{}' ORDER BY id"
    pages = [
        "/",
        "/events/",
        "/events/calendar",
        "/members/",
        "/members/?q=หนอง",
        f"/members/{community}",
        f"/members/{network}",
        "/venues/",
        "/map",
        "/network",
        *(f"/events/{_first(upcoming.format(kind))}" for kind in national.KINDS),
        f"/events/{_first(upcoming.format('rally'))}.ics",
    ]
    for page in pages:
        response = client.get(page, headers=EN)
        assert response.status_code == 200, page
    token = db.session.execute(
        sa.select(Person.feed_token).where(Person.email == national.email_of(0))
    ).scalar_one()
    feed = client.get(f"/feeds/u/{token}.ics")
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    assert (
        client.get(
            f"/feeds/u/{token}.ics", headers={"If-None-Match": feed.headers["ETag"]}
        ).status_code
        == 304
    )
    # The community page names its organisation (the tree is real).
    parent = db.session.execute(
        sa.text(
            "SELECT p.name_th FROM member c JOIN member p ON p.id = c.parent_id WHERE c.id = :id"
        ),
        {"id": community},
    ).scalar_one()
    assert parent in client.get(f"/members/{community}").get_data(as_text=True)


@pytest.mark.parametrize("scale", ["0", "1.5", "lots", "-0.1"])
def test_a_scale_out_of_range_is_refused(runner: FlaskCliRunner, scale: str) -> None:
    result = runner.invoke(args=["demo", "--scale", scale])
    assert result.exit_code == 2
    assert re.search(r"national, or a fraction", result.output)
    assert _scalar("SELECT count(*) FROM member") == 0
