"""Pages at national size (issue 16).

- Queries per page do not grow with the data: each page is read with a few rows behind
  it, then with five times more, and runs the same number of SQL statements.
- Member search ranks exact names first, then names starting with the term, then the
  rest (both engines); on PostgreSQL it is answered from the trigram indexes, and a
  member's sub-members are read by index (EXPLAIN; skipped without TEST_DATABASE_URL).
- Hostile values at scale (ids beyond 64 bits, huge page numbers, long or NUL search
  terms) answer 4xx or a clear page, never 500.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask, g
from flask.testing import FlaskClient

from scheduler_app.accounts.models import Person
from scheduler_app.directory import services
from scheduler_app.directory.models import Member
from scheduler_app.events.models import Event, Registration
from scheduler_app.events.rally.models import RallyStop
from scheduler_app.events.training.models import TrainingSession
from scheduler_app.extensions import db
from scheduler_app.venues.models import Venue

ON_POSTGRESQL = bool(os.environ.get("TEST_DATABASE_URL"))
KINDS = ("exchange", "study_visit", "rally", "training")
_serial = itertools.count(1)


def count_queries(client: FlaskClient, url: str) -> int:
    statements = [0]

    def record(*_args: Any) -> None:
        statements[0] += 1

    db.session.expire_all()
    g.pop("_login_user", None)
    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        response = client.get(url)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    assert response.status_code == 200, (url, response.status_code)
    return statements[0]


@dataclass
class World:
    """A network, a node under it, a person, an event of each kind next month; ``grow``
    adds members, people, events, venues and parts to all of them."""

    network: Member
    node: Member
    person: Person
    events: dict[str, Event]
    start: datetime
    people: list[Person] = field(default_factory=list)

    def grow(self, n: int) -> None:
        for _ in range(n):
            i = next(_serial)
            db.session.add(Member(name_th=f"บ้านเลยใหม่ {i}", kind="node", parent_id=self.node.id))
            db.session.add(Member(name_th=f"ชุมชนเลย {i}", kind="individual",
                                  parent_id=self.network.id))  # fmt: skip
            db.session.add(Venue(name_th=f"ศูนย์เรียนรู้ {i}", district_code="4201"))
            person = Person(email=f"scale{i}@example.org", given_name=f"คนที่ {i}",
                            member_id=self.node.id)  # fmt: skip
            db.session.add(person)
            db.session.flush()
            at = self.start + timedelta(hours=i % 200)
            for kind in KINDS:
                extra = Event(kind=kind, title_th=f"กิจกรรม {kind} {i}", start_at=at,
                              end_at=at + timedelta(hours=2), host_member_id=self.node.id,
                              status="published", organiser_id=self.person.id)  # fmt: skip
                past = Event(kind=kind, title_th=f"ที่ผ่านมา {i}", status="published",
                             start_at=at - timedelta(days=400),
                             end_at=at - timedelta(days=400, hours=-2),
                             host_member_id=self.node.id)  # fmt: skip
                db.session.add_all([extra, past])
                db.session.flush()
                db.session.add(Registration(event_id=extra.id, person_id=self.person.id,
                                            status="confirmed"))  # fmt: skip
                db.session.add(Registration(event_id=self.events[kind].id, person_id=person.id,
                                            status="confirmed"))  # fmt: skip
            rally = self.events["rally"]
            position = len(rally.stops) + 1
            db.session.add(RallyStop(event_id=rally.id, position=position, name=f"จุด {i}",
                                     host_member_id=self.node.id))  # fmt: skip
            training = self.events["training"]
            db.session.add(TrainingSession(event_id=training.id, position=i, start_at=at,
                                           end_at=at + timedelta(hours=1)))  # fmt: skip
            db.session.commit()
            db.session.expire_all()


@pytest.fixture
def world(app: Flask, make_member: Callable[..., Member], make_person: Callable[..., Any]) -> World:
    network = make_member(kind="network", org_type=None, name_th="เครือข่ายจังหวัดเลย")
    node = make_member(name_th="เทศบาลเมืองเลย", parent_id=network.id)
    person = make_person(member_id=node.id)
    start = (datetime.now(UTC) + timedelta(days=40)).replace(hour=2, minute=0, microsecond=0)
    events = {}
    for kind in KINDS:
        event = Event(kind=kind, title_th=f"งาน {kind}", start_at=start, status="published",
                      end_at=start + timedelta(days=1), host_member_id=node.id,
                      visiting_member_id=network.id if kind == "study_visit" else None)  # fmt: skip
        db.session.add(event)
        events[kind] = event
    db.session.commit()
    return World(network=network, node=node, person=person, events=events, start=start)


PAGES: dict[str, Callable[[World], str]] = {
    "home": lambda w: "/",
    "agenda": lambda w: "/events/",
    "calendar": lambda w: f"/events/calendar?year={w.start.year}&month={w.start.month}",
    "directory": lambda w: "/members/",
    "directory search": lambda w: "/members/?q=%E0%B9%80%E0%B8%A5%E0%B8%A2",  # เลย
    "member page": lambda w: f"/members/{w.network.id}",
    **{f"{kind} page": (lambda w, k=kind: f"/events/{w.events[k].id}") for kind in KINDS},
    "venues": lambda w: "/venues/",
    "personal feed": lambda w: f"/feeds/u/{w.person.feed_token}.ics",
}


@pytest.mark.parametrize("page", PAGES)
def test_queries_per_page_do_not_grow_with_the_data(
    client: FlaskClient, world: World, page: str
) -> None:
    url = PAGES[page](world)
    world.grow(2)
    small = count_queries(client, url)
    world.grow(10)
    assert count_queries(client, url) == small


# --- member search ------------------------------------------------------------------


def names_found(client: FlaskClient, q: str) -> list[str]:
    html = client.get("/members/", query_string={"q": q}).text
    return re.findall(r'<a href="/members/\d+"><strong>([^<]*)</strong>', html)


def test_search_ranks_exact_then_prefix_then_substring(
    client: FlaskClient, make_member: Callable[..., Member]
) -> None:
    # Alphabetically the substring matches come first ("ก" sorts before "เ"): only the
    # ranking can put them last.
    for name in ("กลางเลย", "กุดเลย", "เลยวังไสย์", "เลย", "เลยดี", "หนองบัว"):
        make_member(name_th=name, name_en="")
    assert names_found(client, "เลย") == ["เลย", "เลยดี", "เลยวังไสย์", "กลางเลย", "กุดเลย"]


def test_search_ranks_english_names_case_insensitively(
    client: FlaskClient, make_member: Callable[..., Member]
) -> None:
    make_member(name_th="ก ชุมชนริมโขง", name_en="Old Loei Town")
    make_member(name_th="ข ชุมชนเชียงคาน", name_en="Loei River Villages")
    make_member(name_th="ค เทศบาลเมือง", name_en="LOEI")
    assert names_found(client, "loei") == ["ค เทศบาลเมือง", "ข ชุมชนเชียงคาน", "ก ชุมชนริมโขง"]


def test_search_treats_like_wildcards_as_text(
    client: FlaskClient, make_member: Callable[..., Member]
) -> None:
    make_member(name_th="กลุ่ม 100% ออร์แกนิก")
    make_member(name_th="กลุ่ม 1000 ออร์แกนิก")
    assert names_found(client, "100%") == ["กลุ่ม 100% ออร์แกนิก"]


def test_more_than_the_cap_is_said_as_such(
    app: Flask, client: FlaskClient, make_member: Callable[..., Member]
) -> None:
    app.config.update(LIST_COUNT_CAP=3, DIRECTORY_PAGE_SIZE=2)
    for n in range(7):
        make_member(name_th=f"ชุมชน {n}", name_en="")
    english = {"Accept-Language": "en"}
    first = client.get("/members/", headers=english).text
    assert "More than 3 members found" in first
    # Past the cap the pages go on, one "Next" at a time, to the last row.
    third = client.get("/members/", query_string={"page": 3}, headers=english).text
    assert 'rel="next"' in third
    last = client.get("/members/", query_string={"page": 4}, headers=english).text
    assert re.findall(r"<strong>([^<]*)</strong>", last) == ["ชุมชน 6"]
    assert 'rel="next"' not in last and 'rel="prev"' in last


# --- PostgreSQL plans ---------------------------------------------------------------

needs_postgresql = pytest.mark.skipif(not ON_POSTGRESQL, reason="needs TEST_DATABASE_URL")


def _national_members() -> None:
    """80,000 members in a tree (20 networks, 400 nodes), 1 in 50 named with "เลย"."""
    db.session.execute(
        sa.text(
            """
            INSERT INTO member (id, kind, name_th, name_en, parent_id, address, contact_email,
                contact_phone, line_id, description, visitor_rules, visitor_risks,
                service_area, accepts_introductions, is_sample, is_active, created_at,
                updated_at)
            SELECT i,
                CASE WHEN i <= 20 THEN 'network' WHEN i <= 420 THEN 'node' ELSE 'individual' END,
                'ชุมชนบ้าน' || CASE WHEN i % 50 = 0 THEN 'เลย' ELSE 'หนองบัว' END || ' ' || i,
                'Community ' || i,
                CASE WHEN i <= 20 THEN NULL WHEN i <= 420 THEN 1 + i % 20 ELSE 21 + i % 400 END,
                '', '', '', '', '', '', '', '', true, false, true, now(), now()
            FROM generate_series(1, 80000) AS i
            """
        )
    )
    db.session.commit()
    with db.engine.connect() as conn:
        conn.execute(sa.text("ANALYZE member"))
        conn.commit()


def _plan_of(run: Callable[[], Any], first: bool = False) -> tuple[Any, str]:
    """What ``run`` returns and the plan of its last (or ``first``) SQL statement, as
    executed."""
    captured: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        captured.append((statement, parameters))

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        result = run()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    statement, parameters = captured[0 if first else -1]
    rows = db.session.connection().exec_driver_sql("EXPLAIN " + statement, parameters)
    return result, "\n".join(row[0] for row in rows)


@needs_postgresql
def test_search_reads_the_trigram_index(app: Flask) -> None:
    _national_members()
    stmt = services.search_members(services.MemberFilters(q="เลย")).limit(25)
    found, plan = _plan_of(lambda: db.session.execute(stmt).scalars().all())
    assert len(found) == 25
    assert "ix_member_name_th_trgm" in plan
    assert "Seq Scan on member" not in plan


@needs_postgresql
def test_sub_members_are_read_by_index(app: Flask) -> None:
    _national_members()
    below, plan = _plan_of(lambda: services.subtree_members(1))
    parents = {m: p for m, p in db.session.execute(sa.select(Member.id, Member.parent_id))}
    expected = {m for m in parents if parents[m] == 1}
    expected |= {m for m in parents if parents[m] in expected}
    assert {m.id for m in below} == expected
    assert "Seq Scan on member" not in plan
    assert "Index Cond: (parent_id = " in plan


# --- hostile input at scale ---------------------------------------------------------

HUGE = "99999999999999999999"
LONG = "ก" * 5000


@pytest.mark.parametrize(
    ("url", "statuses"),
    [
        (f"/events/{HUGE}", {404}),
        (f"/members/{HUGE}", {404}),
        (f"/venues/{HUGE}", {404}),
        (f"/events/{HUGE}.ics", {404}),
        (f"/feeds/member/{HUGE}.ics", {404}),
        ("/events/2147483648", {404}),
        ("/members/%00", {404}),
        (f"/events/?member={HUGE}", {400}),
        (f"/events/calendar?member={HUGE}", {400}),
        ("/events/?member=2147483647", {200}),
        (f"/events/?page={HUGE}", {400}),
        ("/events/?page=100000", {200}),
        ("/events/calendar?year=999999&month=99", {200}),
        ("/events/calendar?day=2031-02-31", {200}),
        (f"/events/calendar?day={LONG}", {200}),
        (f"/members/?page={HUGE}", {200}),
        ("/members/?page=100000", {200}),
        (f"/members/?q={LONG}", {200}),
        ("/members/?q=%00", {200}),
        ("/members/?q=%25%00%5C_", {200}),
        (f"/venues/?page={HUGE}", {400}),
        (f"/venues/?q={LONG}", {200}),
    ],
)
def test_hostile_values_are_a_4xx_or_a_clear_page(
    client: FlaskClient, world: World, url: str, statuses: set[int]
) -> None:
    world.grow(1)
    response = client.get(url, headers={"Accept-Language": "th"})
    assert response.status_code in statuses, (url, response.status_code)
    if not url.split("?")[0].endswith(".ics"):  # feeds answer calendar apps in plain text
        assert '<html lang="th">' in response.text


@pytest.mark.parametrize("path", ["/members/", "/events/"])
def test_a_page_past_the_end_says_so(client: FlaskClient, world: World, path: str) -> None:
    world.grow(1)
    html = client.get(path, query_string={"page": 500}, headers={"Accept-Language": "th"}).text
    assert "รายการนี้ไม่มีหน้า 500" in html
    assert "ไปหน้าแรก" in html


@needs_postgresql
def test_picker_lookup_of_a_rare_thai_word_reads_the_trigram_index(app: Flask) -> None:
    from scheduler_app.directory.lookup import lookup_members

    _national_members()
    found, plan = _plan_of(lambda: lookup_members("หนองบัว 7771"))
    assert [row.id for row in found] == [7771, *range(77710, 77720)]
    assert "ix_member_name_th_trgm" in plan
    assert "Seq Scan on member" not in plan


@needs_postgresql
def test_published_contact_rule_reads_the_lower_email_index(app: Flask) -> None:
    from scheduler_app.accounts.models import Person
    from scheduler_app.directory.publication import published_addresses

    db.session.execute(
        sa.insert(Person),
        [
            {"email": f"person{i}@example.org", "given_name": "ก", "family_name": "ข"}
            for i in range(1, 50001)
        ],
    )
    db.session.commit()
    with db.engine.connect() as conn:
        conn.execute(sa.text("ANALYZE person"))
        conn.commit()
    shown, plan = _plan_of(lambda: published_addresses(["Person77@Example.org", "x@y.org"]))
    # person77 never agreed to the public chart: a login address stays unpublished.
    assert shown == {"x@y.org"}
    assert "ix_person_email_lower" in plan
    assert "Seq Scan on person" not in plan


def _national_events(now: datetime) -> None:
    """60,000 events over a year around ``now`` (two hours to two days long, a tenth of
    them drafts), under one host."""
    member = Member(name_th="เทศบาลทดสอบ", kind="node")
    db.session.add(member)
    db.session.flush()
    db.session.execute(
        sa.text(
            """
            INSERT INTO event (kind, title_th, title_en, description, start_at, end_at,
                timezone, is_all_day, host_member_id, confirmed_count, waitlist_counter,
                status, cancel_reason, sequence, participation_level, attendance_threshold,
                term_label, is_sample, created_at, updated_at)
            SELECT (ARRAY['exchange','rally','training','study_visit'])[1 + i % 4],
                'กิจกรรม ' || i, '', '', s, s + ((2 + i % 47) * interval '1 hour'),
                'Asia/Bangkok', false, :member, 0, 0,
                CASE WHEN i % 10 = 0 THEN 'draft' ELSE 'published' END, '', 0, 'inform', 80,
                '', false, now(), now()
            FROM generate_series(1, 60000) AS i,
                LATERAL (SELECT CAST(:now AS timestamp) + (i - 30000) * interval '527 s') AS t(s)
            """
        ),
        {"member": member.id, "now": now.replace(tzinfo=None)},
    )
    db.session.commit()
    with db.engine.connect() as conn:
        conn.execute(sa.text("ANALYZE event"))
        conn.commit()


@needs_postgresql
def test_agenda_reads_no_past_event(app: Flask) -> None:
    """The upcoming list finds events under way in ix_event_during and reads the
    rest from now on; neither part reads the table or the start-time index from its first
    (oldest) entry."""
    from flask_login import AnonymousUserMixin

    from scheduler_app.events import queries

    now = datetime(2031, 5, 3, 2, 0, tzinfo=UTC)
    _national_events(now)
    stmt = queries.agenda(AnonymousUserMixin(), queries.EventFilters(), now, window=26)
    rows, plan = _plan_of(lambda: db.session.execute(stmt.limit(26)).scalars().all(), first=True)
    old = queries.event_query(AnonymousUserMixin(), queries.EventFilters())
    old = old.where(Event.end_at >= now).order_by(Event.start_at, Event.id).limit(26)
    assert [e.id for e in rows] == [e.id for e in db.session.execute(old).scalars()]
    assert "Seq Scan on event" not in plan, plan
    assert "ix_event_during" in plan, plan
    # Every read of the start-time index starts at now (an Index Cond start_at >= now).
    for line in plan.splitlines():
        if "Scan using ix_event_start_at" in line or "Scan on ix_event_start_at" in line:
            assert "start_at >=" in plan.split(line, 1)[1].splitlines()[1]
