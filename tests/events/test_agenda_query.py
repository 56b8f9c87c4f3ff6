"""The agenda's upcoming list, read as "under way" plus "still to start" (queries.agenda),
is row for row the old definition: visible events matching the filters that end at or
after now, by start time then id. Past, ongoing, future, draft and cancelled events, ties
in start time, every filter, three kinds of reader, every page (SQLite, and PostgreSQL
when TEST_DATABASE_URL is set)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask_login import AnonymousUserMixin

from scheduler_app.events import queries
from scheduler_app.events.models import Event, Registration
from scheduler_app.extensions import db

NOW = datetime(2031, 5, 3, 2, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def _old_definition(person: Any, filters: queries.EventFilters) -> list[int]:
    stmt = queries.event_query(person, filters).where(Event.end_at >= NOW)
    return list(db.session.execute(stmt.order_by(Event.start_at, Event.id)).scalars().all())


@pytest.fixture
def people(app: Any, make_member: Any, make_person: Any) -> dict[str, Any]:
    network = make_member(kind="network", org_type=None)
    node = make_member(parent_id=network.id)
    other = make_member()
    host = make_person(role="host", member=node)
    reader = make_person(member=other)
    # (start offset in hours, length in hours, status, kind, host): past, ended exactly
    # now, under way (some for weeks), starting exactly now, future, drafts, cancelled,
    # and several sharing a start time (ties go by id).
    shapes = [
        (-500, 2, "published", "exchange", other),
        (-30, 29, "published", "rally", node),
        (-30, 30, "published", "rally", node),  # ends exactly now: still listed
        (-30, 31, "published", "training", other),
        (-24 * 40, 24 * 60, "published", "study_visit", other),  # under way for weeks
        (-2, 5, "draft", "exchange", node),  # under way, a draft of the host's
        (-2, 5, "cancelled", "exchange", other),
        (-2, 5, "published", "exchange", other),
        (0, 0, "published", "training", node),  # starts (and ends) exactly now
        (0, 3, "draft", "training", other),  # someone else's draft
        *((h % 7, 2, "published", ("exchange", "rally")[h % 2], (node, other)[h % 3 == 0])
          for h in range(40)),  # ties: seven start times for forty events
        (24, 2, "cancelled", "training", node),
        (48, 1, "draft", "rally", node),
    ]  # fmt: skip
    events = []
    for i, (offset, length, status, kind, member) in enumerate(shapes):
        start = NOW + offset * HOUR
        events.append(
            Event(
                kind=kind,
                title_th=f"กิจกรรม {i}",
                start_at=start,
                end_at=start + length * HOUR,
                status=status,
                host_member_id=member.id,
            )
        )
    db.session.add_all(events)
    db.session.flush()
    db.session.add(Registration(event_id=events[4].id, person_id=reader.id, status="confirmed"))
    db.session.add(Registration(event_id=events[20].id, person_id=reader.id, status="confirmed"))
    db.session.commit()
    staff = make_person(role="coordinator", member=network)
    return {"anonymous": AnonymousUserMixin(), "host": host, "reader": reader, "staff": staff,
            "network": network}  # fmt: skip


FILTERS = ["none", "kind", "member", "mine"]


@pytest.mark.parametrize("who", ["anonymous", "host", "reader", "staff"])
@pytest.mark.parametrize("which", FILTERS)
def test_upcoming_rows_and_order_are_the_old_definitions(
    people: dict[str, Any], who: str, which: str
) -> None:
    person = people[who]
    filters = {
        "none": queries.EventFilters(),
        "kind": queries.EventFilters(kind="rally"),
        "member": queries.EventFilters(member_id=people["network"].id),
        "mine": queries.EventFilters(mine=True),
    }[which]
    expected = _old_definition(person, filters)
    if which == "none":
        assert len(expected) > 40  # the data set has what it claims
    found = db.session.execute(queries.agenda(person, filters, NOW)).scalars().all()
    assert [e.id for e in found] == [e.id for e in expected]
    for per_page in (1, 4, 25):
        for number in range(1, len(expected) // per_page + 3):
            page = queries.agenda_page(person, filters, NOW, False, number, per_page)
            window = expected[(number - 1) * per_page : number * per_page]
            assert [e.id for e in page.items] == [e.id for e in window], (per_page, number)
            assert page.more == (len(expected) > number * per_page)
            assert page.total == len(expected)


def test_the_hosts_drafts_under_way_are_listed_to_them_only(people: dict[str, Any]) -> None:
    titles = {
        who: [e.title_th for e in db.session.execute(
            queries.agenda(people[who], queries.EventFilters(), NOW)).scalars()]
        for who in ("anonymous", "host")
    }  # fmt: skip
    assert "กิจกรรม 5" in titles["host"] and "กิจกรรม 5" not in titles["anonymous"]
    assert "กิจกรรม 9" not in titles["host"]
    # Under way for weeks, ended exactly now, and past: listed, listed, not listed.
    assert "กิจกรรม 4" in titles["anonymous"] and "กิจกรรม 2" in titles["anonymous"]
    assert "กิจกรรม 0" not in titles["anonymous"] and "กิจกรรม 1" not in titles["anonymous"]


def test_the_page_reads_no_further_than_the_page(people: dict[str, Any]) -> None:
    """With a window, the events still to start are read with a LIMIT of the window."""
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        queries.agenda_page(people["anonymous"], queries.EventFilters(), NOW, False, 2, 10)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    assert statements[0].count("LIMIT") == 2  # the page's, and the window's inside
