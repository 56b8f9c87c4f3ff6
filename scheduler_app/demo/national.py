"""A Thailand-sized data set for measuring pages (``flask demo --scale national``).

At scale 1 (``national``) it holds what the design brief calls all of Thailand: 82,927
members (77 province networks, 7,850 local administrative organisations under them and
75,000 communities under those), 1,000,000 people, 100,000 events over the year around
``now`` (exchanges, study visits with their requests and programmes, trainings with
sessions, rallies with stops), ~2,000,000 registrations and 200,000 outbox rows, most of
them sent. ``--scale 0.01`` makes a hundredth of it (every kind still present).

Rows go in through PostgreSQL ``COPY`` (psycopg 3) or, on SQLite, ``executemany`` in
large batches, with explicit ids after the largest existing one, in one transaction the
caller commits. Nothing goes through the ORM, so the feed and network versions are moved
here by hand. Every person shares one password hash (hashing a million passwords would
take hours); the password is the demo's. Names and places are invented (see
``national_places``). Loading twice does nothing the second time.
"""

from __future__ import annotations

import random
import secrets
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app
from werkzeug.security import generate_password_hash

from scheduler_app.accounts.models import Person, Role
from scheduler_app.demo.content import DEMO_PASSWORD
from scheduler_app.demo.national_places import (
    FAMILY_NAMES,
    GIVEN_NAMES,
    NAME_HEADS,
    NAME_TAILS,
    PROVINCES,
    TOPICS,
    Province,
)
from scheduler_app.directory.models import Member, MemberKind, OrgType
from scheduler_app.events.models import Event, EventKind, EventStatus, Registration
from scheduler_app.events.rally.models import RallyStop
from scheduler_app.events.study_visits.models import (
    ProgrammeItem,
    StudyVisitRequest,
    VisitStatus,
)
from scheduler_app.events.training.models import TrainingSession
from scheduler_app.extensions import UTCDateTime, db
from scheduler_app.feeds import cache as feed_cache
from scheduler_app.mail.models import OutboxMessage, OutboxStatus
from scheduler_app.network.models import NetworkState
from scheduler_app.venues.models import Venue

NATIONAL = {
    "networks": 77,
    "organisations": 7_850,
    "communities": 75_000,
    "people": 1_000_000,
    "events": 100_000,
    "registrations": 2_000_000,
    "outbox": 200_000,
}
DOMAIN = "national.ruamjai.local"
MARKER = "national:network:1"  # external_ref of the first province network
BANGKOK = timedelta(hours=7)
BATCH = 20_000
Progress = Callable[[str, int, float], None]


def parse_scale(text: str) -> float:
    """``national`` is 1; otherwise a fraction in (0, 1]."""
    if text == "national":
        return 1.0
    value = float(text)
    if not 0 < value <= 1:
        raise ValueError(text)
    return value


def sizes(scale: float) -> dict[str, int]:
    """Row counts for ``scale``: at least one province network and a few of the rest."""
    floor = {"networks": 1, "organisations": 4, "communities": 8, "people": 60, "events": 40}
    return {name: max(floor.get(name, 0), round(count * scale)) for name, count in NATIONAL.items()}


def is_loaded() -> bool:
    found = db.session.execute(sa.select(Member.id).where(Member.external_ref == MARKER))
    return found.first() is not None


def email_of(index: int) -> str:
    """The address of the ``index``-th generated person (0 is the coordinator login)."""
    return f"p{index:07d}@{DOMAIN}"


# --- writing rows -------------------------------------------------------------------


class _Writer:
    """COPY on PostgreSQL, batched ``executemany`` on SQLite, on the session's connection."""

    def __init__(self, now: datetime, progress: Progress) -> None:
        self.connection = db.session.connection()
        self.postgres = self.connection.dialect.name == "postgresql"
        self.raw: Any = self.connection.connection.dbapi_connection
        self.now = now
        self.progress = progress
        self.counts: dict[str, int] = {}

    def next_id(self, table: sa.Table) -> int:
        found = self.connection.execute(sa.select(sa.func.max(table.c.id))).scalar()
        return int(found or 0) + 1

    def write(
        self, table: sa.Table, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]
    ) -> int:
        constants = _constants(table, columns, self.now)
        names = [*columns, *constants]
        tail = tuple(constants.values())
        started = time.perf_counter()
        if self.postgres:
            count = self._copy(table.name, names, rows, tail)
        else:
            count = self._insert(table.name, names, rows, tail)
        self.counts[table.name] = self.counts.get(table.name, 0) + count
        self.progress(table.name, count, time.perf_counter() - started)
        return count

    def _copy(
        self, name: str, names: list[str], rows: Iterable[tuple[Any, ...]], tail: tuple[Any, ...]
    ) -> int:
        count = 0
        statement = f"COPY {name} ({', '.join(names)}) FROM STDIN"  # our own table names
        with self.raw.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row + tail)
                count += 1
        return count

    def _insert(
        self, name: str, names: list[str], rows: Iterable[tuple[Any, ...]], tail: tuple[Any, ...]
    ) -> int:
        statement = (
            f"INSERT INTO {name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"  # noqa: S608  # nosec B608
        )
        tail = tuple(_sqlite_value(v) for v in tail)
        cursor = self.raw.cursor()
        count = 0
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(tuple(_sqlite_value(v) for v in row) + tail)
            if len(batch) >= BATCH:
                cursor.executemany(statement, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(statement, batch)
            count += len(batch)
        cursor.close()
        return count

    def finish(self) -> None:
        """Sequences past the ids written here (PostgreSQL); feed and network versions moved."""
        if self.postgres:
            for name in self.counts:
                self.connection.execute(
                    sa.text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "  # noqa: S608  # nosec B608
                        f"(SELECT max(id) FROM {name}))"
                    )
                )
        feed_cache.bump(db.session)
        state = NetworkState.__table__
        self.connection.execute(
            sa.update(state).where(state.c.id == 1).values(version=state.c.version + 1)
        )


def _constants(table: sa.Table, given: Sequence[str], now: datetime) -> dict[str, Any]:
    """Values for the columns not generated: their scalar defaults, ``now`` for times."""
    out: dict[str, Any] = {}
    for column in table.columns:
        if column.name in given or column.primary_key:
            continue
        default = column.default
        if default is None:
            continue  # nullable or a server default
        if getattr(default, "is_scalar", False):
            out[column.name] = default.arg  # type: ignore[attr-defined]
        elif isinstance(column.type, UTCDateTime):
            out[column.name] = _naive(now)
        else:
            raise ValueError(f"{table.name}.{column.name} needs a generated value")
    return out


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def _sqlite_value(value: Any) -> Any:
    """SQLAlchemy's SQLite storage formats (so the ORM reads and compares them alike)."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value


# --- the data -----------------------------------------------------------------------


@dataclass
class _Place:
    member_id: int
    province: Province
    district_code: str
    subdistrict_code: str
    lat: float
    lon: float
    name_th: str
    name_en: str


@dataclass
class _State:
    rng: random.Random
    now: datetime
    size: dict[str, int]
    networks: list[_Place] = field(default_factory=list)
    organisations: list[_Place] = field(default_factory=list)
    communities: list[_Place] = field(default_factory=list)
    lao_host: dict[int, int] = field(default_factory=dict)  # LAO member id → host person id
    parent_of: dict[int, int] = field(default_factory=dict)
    venue_of: dict[int, int] = field(default_factory=dict)  # LAO member id → venue id
    first_person: int = 1
    people: int = 0


def _root(rng: random.Random) -> tuple[str, str]:
    head_th, head_en = rng.choice(NAME_HEADS)
    tail_th, tail_en = rng.choice(NAME_TAILS)
    return head_th + tail_th, f"{head_en} {tail_en}"


def _spread(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` near-equal whole counts."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _members(writer: _Writer, state: _State) -> None:
    rng = state.rng
    now = _naive(state.now)
    next_id = writer.next_id(Member.__table__)
    provinces = [PROVINCES[i % len(PROVINCES)] for i in range(state.size["networks"])]
    rows: list[tuple[Any, ...]] = []

    def add(
        place: _Place, kind: str, org_type: str, parent: int | None, ref: str, extra: int
    ) -> None:
        rows.append(
            (
                place.member_id,
                kind,
                org_type,
                place.name_th,
                place.name_en,
                parent,
                place.district_code,
                place.subdistrict_code,
                f"{place.name_th} จังหวัด{place.province.name_th}",
                round(place.lat, 5),
                round(place.lon, 5),
                f"m{place.member_id}@{DOMAIN}",
                ref,
                extra,
                extra // 3,
                True,
                True,
                now,
                now,
            )
        )

    for number, province in enumerate(provinces, start=1):
        place = _Place(
            next_id,
            province,
            f"{province.code}01",
            f"{province.code}0101",
            province.lat,
            province.lon,
            f"เครือข่ายองค์กรปกครองส่วนท้องถิ่นจังหวัด{province.name_th}",
            f"{province.name_en} Local Government Network",
        )
        state.networks.append(place)
        add(
            place,
            MemberKind.NETWORK.value,
            OrgType.PAO.value,
            None,
            f"national:network:{number}",
            0,
        )
        next_id += 1
    laos = _spread(state.size["organisations"], len(state.networks))
    communities = _spread(state.size["communities"], state.size["organisations"])
    lao_number = 0
    for network, count in zip(state.networks, laos, strict=True):
        province = network.province
        districts = max(1, round(count / 9))
        for i in range(count):
            district = i % districts + 1
            lat = province.lat + rng.uniform(-0.45, 0.45)
            lon = province.lon + rng.uniform(-0.45, 0.45)
            root_th, root_en = _root(rng)
            if i == 0 and province.code != "10":
                org_type = OrgType.PAO.value
                name_th, name_en = (
                    f"องค์การบริหารส่วนจังหวัด{province.name_th}",
                    f"{province.name_en} Provincial Administrative Organisation",
                )
            elif i % 3 == 1:
                org_type = OrgType.MUNICIPALITY.value
                name_th, name_en = f"เทศบาลตำบล{root_th}", f"{root_en} Subdistrict Municipality"
            else:
                org_type = OrgType.SAO.value
                name_th, name_en = (
                    f"องค์การบริหารส่วนตำบล{root_th}",
                    f"{root_en} Subdistrict Administrative Organisation",
                )
            code = f"{province.code}{district:02d}"
            lao = _Place(
                next_id,
                province,
                code,
                f"{code}{i // districts + 1:02d}",
                lat,
                lon,
                name_th,
                name_en,
            )
            state.organisations.append(lao)
            state.parent_of[lao.member_id] = network.member_id
            add(
                lao,
                MemberKind.NODE.value,
                org_type,
                network.member_id,
                f"national:lao:{lao_number + 1}",
                rng.randint(3_000, 30_000),
            )
            next_id += 1
            for moo in range(1, communities[lao_number] + 1):
                root_th, root_en = _root(rng)
                community = _Place(
                    next_id,
                    province,
                    code,
                    lao.subdistrict_code,
                    lat + rng.uniform(-0.04, 0.04),
                    lon + rng.uniform(-0.04, 0.04),
                    f"ชุมชนบ้าน{root_th} หมู่ {moo}",
                    f"Ban {root_en} Community, Moo {moo}",
                )
                state.communities.append(community)
                state.parent_of[community.member_id] = lao.member_id
                add(
                    community,
                    MemberKind.NODE.value,
                    OrgType.COMMUNITY_GROUP.value,
                    lao.member_id,
                    f"national:community:{next_id}",
                    rng.randint(300, 2_000),
                )
                next_id += 1
            lao_number += 1
    columns = (
        "id",
        "kind",
        "org_type",
        "name_th",
        "name_en",
        "parent_id",
        "district_code",
        "subdistrict_code",
        "address",
        "latitude",
        "longitude",
        "contact_email",
        "external_ref",
        "population",
        "households",
        "is_sample",
        "is_active",
        "created_at",
        "updated_at",
    )
    writer.write(Member.__table__, columns, rows)


def _venues(writer: _Writer, state: _State) -> None:
    """A learning centre for every fourth organisation, a third of them exchange centres."""
    rng = state.rng
    now = _naive(state.now)
    next_id = writer.next_id(Venue.__table__)
    rows = []
    for lao in state.organisations[::4]:
        topic_th, topic_en = rng.choice(TOPICS)
        state.venue_of[lao.member_id] = next_id
        rows.append(
            (
                next_id,
                f"ศูนย์เรียนรู้{topic_th} {lao.name_th}",
                f"{lao.name_en} {topic_en} learning centre",
                lao.member_id,
                lao.district_code,
                lao.subdistrict_code,
                round(lao.lat, 5),
                round(lao.lon, 5),
                rng.choice((30, 60, 120, 200)),
                next_id % 3 == 0,
                f"national:venue:{next_id}",
                True,
                now,
                now,
            )
        )
        next_id += 1
    columns = (
        "id",
        "name_th",
        "name_en",
        "owner_member_id",
        "district_code",
        "subdistrict_code",
        "latitude",
        "longitude",
        "capacity",
        "is_exchange_centre",
        "external_ref",
        "is_sample",
        "created_at",
        "updated_at",
    )
    writer.write(Venue.__table__, columns, rows)


def _people(writer: _Writer, state: _State, password_hash: str) -> None:
    """The first person is a coordinator login; one host per organisation; the rest are
    members of a random member (a third without an address, chart contacts)."""
    rng = state.rng
    now = _naive(state.now)
    state.first_person = writer.next_id(Person.__table__)
    total = state.size["people"]
    organisations = state.organisations
    every = [p.member_id for p in (*state.networks, *organisations, *state.communities)]
    for i, lao in enumerate(organisations[: total - 1]):
        state.lao_host[lao.member_id] = state.first_person + 1 + i
    state.people = total

    def rows() -> Iterator[tuple[Any, ...]]:
        for i in range(total):
            person_id = state.first_person + i
            if i == 0:
                role, member, position = (
                    Role.COORDINATOR.value,
                    state.networks[0].member_id,
                    "ผู้ประสานงานเครือข่าย",
                )
            elif i <= len(organisations):
                role, member, position = Role.HOST.value, organisations[i - 1].member_id, "ปลัด"
            else:
                role, member, position = Role.MEMBER.value, every[rng.randrange(len(every))], ""
            yield (
                person_id,
                email_of(i),
                password_hash,
                rng.choice(("นาย", "นาง", "นางสาว")),
                rng.choice(GIVEN_NAMES),
                rng.choice(FAMILY_NAMES),
                position,
                member,
                role,
                "th",
                secrets.token_urlsafe(32),
                True,
                now,
                now,
            )

    columns = (
        "id",
        "email",
        "password_hash",
        "honorific",
        "given_name",
        "family_name",
        "position",
        "member_id",
        "role",
        "preferred_language",
        "feed_token",
        "is_sample",
        "created_at",
        "updated_at",
    )
    writer.write(Person.__table__, columns, rows())


KINDS = ("exchange", "study_visit", "training", "rally")
KIND_SHARE = (
    (EventKind.EXCHANGE, 0.35),
    (EventKind.STUDY_VISIT, 0.25),
    (EventKind.TRAINING, 0.25),
    (EventKind.RALLY, 0.15),
)
TITLES = {
    EventKind.EXCHANGE: ("เวทีแลกเปลี่ยนเรียนรู้{topic} {host}", "Exchange on {topic}, {host}"),
    EventKind.STUDY_VISIT: ("ศึกษาดูงาน{topic} ณ {host}", "Study visit: {topic} at {host}"),
    EventKind.TRAINING: ("อบรม{topic} รุ่นที่ {n}", "Training in {topic}, class {n}"),
    EventKind.RALLY: ("ปั่นจักรยานเชื่อมชุมชน{topic} {host}", "Cycling rally for {topic}, {host}"),
}


@dataclass
class _Plan:
    """One event and what hangs off it, decided before any row is written."""

    id: int
    kind: EventKind
    host: _Place
    start: datetime  # naive UTC
    end: datetime
    status: EventStatus
    capacity: int | None
    statuses: bytes  # one letter per registration: C confirmed, W waitlisted, X cancelled
    visitor: _Place | None = None
    days: int = 1


def _plan_events(writer: _Writer, state: _State) -> list[_Plan]:
    rng = state.rng
    now = _naive(state.now)
    first = writer.next_id(Event.__table__)
    count = state.size["events"]
    per_event = state.size["registrations"] / count
    kinds = [kind for kind, share in KIND_SHARE for _ in range(round(share * 20))]
    plans = []
    for i in range(count):
        kind = kinds[i % len(kinds)]
        day = (now + BANGKOK).date() + timedelta(days=rng.randint(-182, 182))
        local_start = datetime.combine(day, datetime.min.time()) + timedelta(
            hours=rng.choice((8, 9, 10, 13)), minutes=rng.choice((0, 30))
        )
        days = {
            EventKind.TRAINING: rng.randint(2, 3),
            EventKind.STUDY_VISIT: rng.randint(1, 2),
        }.get(kind, 1)
        hours = 8 if kind == EventKind.RALLY else 3
        start = local_start - BANGKOK
        end = start + timedelta(days=days - 1, hours=hours)
        pick = rng.random()
        host = (
            rng.choice(state.organisations)
            if pick < 0.7
            else rng.choice(state.communities)
            if pick < 0.95
            else rng.choice(state.networks)
        )
        if start > now:
            status = (
                EventStatus.DRAFT
                if rng.random() < 0.08
                else EventStatus.CANCELLED
                if rng.random() < 0.04
                else EventStatus.PUBLISHED
            )
        else:
            status = EventStatus.CANCELLED if rng.random() < 0.04 else EventStatus.PUBLISHED
        capacity = None if rng.random() < 0.4 else rng.randint(10, 40)
        registrations = (
            0
            if status == EventStatus.DRAFT
            else min(rng.randint(0, round(2 * per_event / 0.93)), state.people)
        )
        letters = []
        confirmed = 0
        for _ in range(registrations):
            if rng.random() < 0.05:
                letters.append("X")
            elif capacity is None or confirmed < capacity:
                letters.append("C")
                confirmed += 1
            else:
                letters.append("W")
        visitor = None
        if kind == EventKind.STUDY_VISIT:
            visitor = rng.choice(state.organisations)
        plans.append(
            _Plan(
                first + i,
                kind,
                host,
                start,
                end,
                status,
                capacity,
                "".join(letters).encode(),
                visitor,
                days,
            )
        )
    return plans


def _organiser(state: _State, member_id: int) -> int | None:
    """The host person of the organisation that answers for ``member_id``."""
    return state.lao_host.get(member_id) or state.lao_host.get(state.parent_of.get(member_id, 0))


def _events(writer: _Writer, state: _State, plans: list[_Plan]) -> None:
    rng = state.rng

    def rows() -> Iterator[tuple[Any, ...]]:
        for n, plan in enumerate(plans, start=1):
            topic_th, topic_en = rng.choice(TOPICS)
            title_th, title_en = TITLES[plan.kind]
            created = min(plan.start - timedelta(days=rng.randint(20, 60)), _naive(state.now))
            published = created + timedelta(days=1) if plan.status != EventStatus.DRAFT else None
            cancelled = (
                plan.start - timedelta(days=3) if plan.status == EventStatus.CANCELLED else None
            )
            confirmed = plan.statuses.count(b"C")
            waiting = plan.statuses.count(b"W")
            yield (
                plan.id,
                plan.kind.value,
                title_th.format(topic=topic_th, host=plan.host.name_th, n=n),
                title_en.format(topic=topic_en, host=plan.host.name_en, n=n),
                f"กิจกรรม{topic_th}ของ{plan.host.name_th} จังหวัด{plan.host.province.name_th}",
                plan.start,
                plan.end,
                False,
                state.venue_of.get(plan.host.member_id),
                plan.host.member_id,
                plan.visitor.member_id if plan.visitor else None,
                _organiser(state, plan.host.member_id),
                plan.capacity,
                confirmed,
                waiting,
                plan.status.value,
                "ผู้จัดเลื่อนกิจกรรม" if cancelled else "",
                cancelled,
                published,
                plan.start - timedelta(days=1),
                True,
                created,
                published or created,
            )

    columns = (
        "id",
        "kind",
        "title_th",
        "title_en",
        "description",
        "start_at",
        "end_at",
        "is_all_day",
        "venue_id",
        "host_member_id",
        "visiting_member_id",
        "organiser_id",
        "capacity",
        "confirmed_count",
        "waitlist_counter",
        "status",
        "cancel_reason",
        "cancelled_at",
        "published_at",
        "registration_closes_at",
        "is_sample",
        "created_at",
        "updated_at",
    )
    writer.write(Event.__table__, columns, rows())


def _event_parts(writer: _Writer, state: _State, plans: list[_Plan]) -> None:
    """Rally stops at communities of the host's province, training sessions one a day,
    study-visit programmes and requests (plus open requests without an event)."""
    rng = state.rng
    by_province: dict[str, list[_Place]] = {}
    for community in state.communities:
        by_province.setdefault(community.province.code, []).append(community)

    def stops(stop_id: int) -> Iterator[tuple[Any, ...]]:
        for plan in plans:
            if plan.kind != EventKind.RALLY:
                continue
            nearby = by_province.get(plan.host.province.code) or state.communities
            for position in range(rng.randint(3, 5)):
                place = rng.choice(nearby)
                arrive = plan.start + timedelta(minutes=90 * position)
                yield (
                    stop_id,
                    plan.id,
                    position,
                    f"จุดพัก {place.name_th}",
                    place.member_id,
                    round(place.lat, 5),
                    round(place.lon, 5),
                    arrive,
                    arrive + timedelta(minutes=30),
                )
                stop_id += 1

    writer.write(
        RallyStop.__table__,
        (
            "id",
            "event_id",
            "position",
            "name",
            "host_member_id",
            "latitude",
            "longitude",
            "arrive_at",
            "depart_at",
        ),
        stops(writer.next_id(RallyStop.__table__)),
    )

    def sessions(session_id: int) -> Iterator[tuple[Any, ...]]:
        for plan in plans:
            if plan.kind != EventKind.TRAINING:
                continue
            for day in range(plan.days):
                start = plan.start + timedelta(days=day)
                yield (
                    session_id,
                    plan.id,
                    day,
                    f"วันที่ {day + 1}",
                    start,
                    start + timedelta(hours=3),
                )
                session_id += 1

    writer.write(
        TrainingSession.__table__,
        ("id", "event_id", "position", "title", "start_at", "end_at"),
        sessions(writer.next_id(TrainingSession.__table__)),
    )
    visits = [plan for plan in plans if plan.kind == EventKind.STUDY_VISIT]

    def programme(item_id: int) -> Iterator[tuple[Any, ...]]:
        titles = ("ลงทะเบียนและต้อนรับ", "บรรยายสรุปการดำเนินงาน", "ศึกษาดูงานในพื้นที่")
        for plan in visits:
            for position, title in enumerate(titles):
                yield (item_id, plan.id, position, plan.start + timedelta(hours=position), title)
                item_id += 1

    writer.write(
        ProgrammeItem.__table__,
        ("id", "event_id", "position", "starts_at", "title"),
        programme(writer.next_id(ProgrammeItem.__table__)),
    )
    now = _naive(state.now)

    def requests(request_id: int) -> Iterator[tuple[Any, ...]]:
        for plan in visits:
            assert plan.visitor is not None
            status = VisitStatus.COMPLETED if plan.end < now else VisitStatus.SCHEDULED
            first_day = (plan.start + BANGKOK).date()
            yield _request(
                state,
                request_id,
                plan.visitor,
                plan.host,
                first_day,
                plan.days,
                status,
                plan.id,
                plan.start,
            )
            request_id += 1
        for _ in range(max(1, len(visits) // 5)):  # open requests: no event yet
            visitor, host = rng.choice(state.organisations), rng.choice(state.organisations)
            first_day = (now + BANGKOK).date() + timedelta(days=rng.randint(14, 120))
            status = rng.choice((VisitStatus.REQUESTED, VisitStatus.ACCEPTED, VisitStatus.DECLINED))
            yield _request(state, request_id, visitor, host, first_day, 1, status, None, now)
            request_id += 1

    columns = (
        "id",
        "visiting_member_id",
        "host_member_id",
        "requested_by_id",
        "proposed_start",
        "proposed_end",
        "delegation_size",
        "purpose",
        "link_kinds",
        "status",
        "decline_reason",
        "event_id",
        "created_at",
        "updated_at",
    )
    writer.write(
        StudyVisitRequest.__table__, columns, requests(writer.next_id(StudyVisitRequest.__table__))
    )


def _request(
    state: _State,
    request_id: int,
    visitor: _Place,
    host: _Place,
    first_day: date,
    days: int,
    status: VisitStatus,
    event_id: int | None,
    moment: datetime,
) -> tuple[Any, ...]:
    created = min(moment, _naive(state.now)) - timedelta(days=30)
    reason = "ช่วงเวลาดังกล่าวมีภารกิจประจำปี" if status == VisitStatus.DECLINED else ""
    return (
        request_id,
        visitor.member_id,
        host.member_id,
        _organiser(state, visitor.member_id),
        first_day,
        first_day + timedelta(days=days - 1),
        state.rng.randint(8, 40),
        f"ศึกษาแนวทางการดำเนินงานของ{host.name_th}",
        "knowledge,management",
        status.value,
        reason,
        event_id,
        created,
        created,
    )


def _registrations(writer: _Writer, state: _State, plans: list[_Plan]) -> None:
    rng = state.rng
    now = _naive(state.now)
    first, people = state.first_person, state.people

    def rows(registration_id: int) -> Iterator[tuple[Any, ...]]:
        for plan in plans:
            if not plan.statuses:
                continue
            persons = rng.sample(range(people), len(plan.statuses))
            position = 0
            past = plan.end < now
            for letter, person in zip(plan.statuses, persons, strict=True):
                created = plan.start - timedelta(
                    days=rng.randint(2, 19), minutes=rng.randint(0, 900)
                )
                created = min(created, now)
                confirmed_at = cancelled_at = checked_in = waitlist = None
                if letter == ord("C"):
                    status, confirmed_at = "confirmed", created
                    checked_in = (
                        plan.start + timedelta(minutes=rng.randint(0, 40))
                        if past and rng.random() < 0.7
                        else None
                    )
                elif letter == ord("W"):
                    position += 1
                    status, waitlist = "waitlisted", position
                else:
                    status, cancelled_at = "cancelled", min(created + timedelta(days=1), now)
                yield (
                    registration_id,
                    plan.id,
                    first + person,
                    status,
                    waitlist,
                    created,
                    confirmed_at,
                    cancelled_at,
                    checked_in,
                )
                registration_id += 1

    columns = (
        "id",
        "event_id",
        "person_id",
        "status",
        "waitlist_position",
        "created_at",
        "confirmed_at",
        "cancelled_at",
        "checked_in_at",
    )
    writer.write(Registration.__table__, columns, rows(writer.next_id(Registration.__table__)))


def _outbox(writer: _Writer, state: _State) -> None:
    """Mail already handled: 92 % sent, the rest withdrawn, failed or still pending."""
    rng = state.rng
    now = _naive(state.now)

    def rows(message_id: int) -> Iterator[tuple[Any, ...]]:
        for i in range(state.size["outbox"]):
            person = rng.randrange(state.people)
            queued = now - timedelta(days=rng.randint(0, 180), minutes=rng.randint(0, 1_440))
            pick = rng.random()
            status = (
                OutboxStatus.SENT
                if pick < 0.92
                else OutboxStatus.WITHDRAWN
                if pick < 0.96
                else OutboxStatus.FAILED
                if pick < 0.98
                else OutboxStatus.PENDING
            )
            sent = status == OutboxStatus.SENT
            send_after = (
                queued
                if status != OutboxStatus.PENDING
                else now + timedelta(days=rng.randint(1, 7))
            )
            yield (
                message_id,
                f"national:reminder:{i}",
                email_of(person),
                state.first_person + person,
                "reminder",
                "th",
                "แจ้งเตือนกิจกรรมที่ท่านลงทะเบียนไว้",
                "เรียน ท่านผู้ลงทะเบียน\nกิจกรรมที่ท่านลงทะเบียนไว้จะเริ่มในอีก 1 วัน",
                "<p>เรียน ท่านผู้ลงทะเบียน</p><p>กิจกรรมที่ท่านลงทะเบียนไว้จะเริ่มในอีก 1 วัน</p>",
                send_after,
                status.value,
                1 if status != OutboxStatus.PENDING else 0,
                "550 mailbox unavailable" if status == OutboxStatus.FAILED else "",
                f"<national.{i}@{DOMAIN}>" if sent else None,
                queued + timedelta(seconds=5) if sent else None,
                queued,
            )
            message_id += 1

    columns = (
        "id",
        "dedupe_key",
        "recipient",
        "person_id",
        "kind",
        "language",
        "subject",
        "body_text",
        "body_html",
        "send_after",
        "status",
        "attempts",
        "last_error",
        "message_id",
        "sent_at",
        "created_at",
    )
    writer.write(OutboxMessage.__table__, columns, rows(writer.next_id(OutboxMessage.__table__)))


@dataclass(frozen=True)
class NationalSummary:
    counts: dict[str, int]
    seconds: float
    login: str
    password: str = DEMO_PASSWORD


def load_national(
    now: datetime, scale: float, progress: Progress, seed: int = 16
) -> NationalSummary:
    """Write the data set at ``scale`` into the session's transaction; the caller commits."""
    started = time.perf_counter()
    state = _State(random.Random(seed), now, sizes(scale))  # nosec B311
    writer = _Writer(now, progress)
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    password_hash = generate_password_hash(DEMO_PASSWORD, method=method)
    _members(writer, state)
    _venues(writer, state)
    _people(writer, state, password_hash)
    plans = _plan_events(writer, state)
    _events(writer, state, plans)
    _event_parts(writer, state, plans)
    _registrations(writer, state, plans)
    _outbox(writer, state)
    writer.finish()
    if writer.postgres:
        for name in writer.counts:
            writer.connection.execute(sa.text(f"ANALYZE {name}"))  # nosec B608 (our table names)
    return NationalSummary(dict(writer.counts), time.perf_counter() - started, email_of(0))


def expected_counts(scale: float) -> dict[str, int]:
    """What ``load_national`` writes of the sized tables (members split by level)."""
    size = sizes(scale)
    return {
        "member": size["networks"] + size["organisations"] + size["communities"],
        "person": size["people"],
        "event": size["events"],
        "outbox_message": size["outbox"],
    }
