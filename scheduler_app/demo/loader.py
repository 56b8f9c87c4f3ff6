"""Build the Loei demo network: services style (adds to ``db.session``; the caller commits).

Every record carries ``is_sample=True`` and a stable ``external_ref`` (members and
venues) or a fixed e-mail (people), so loading twice finds what the first run made
instead of duplicating it. Existing records are left as they are.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from scheduler_app.accounts.models import Person
from scheduler_app.accounts.notices import current_version
from scheduler_app.accounts.privacy_models import ConsentRecord, Purpose
from scheduler_app.core.geography import District, Gazetteer, SubDistrict
from scheduler_app.demo import content
from scheduler_app.demo import network as network_demo
from scheduler_app.demo.events import load_demo_events
from scheduler_app.demo.rotation import load_demo_rotation
from scheduler_app.demo.samples import Keyed, loaded_samples
from scheduler_app.directory.models import Member, MemberKind, OrgType
from scheduler_app.extensions import db
from scheduler_app.i18n import gazetteer
from scheduler_app.venues.models import Venue

CATEGORIES = ("networks", "municipalities", "communities", "individuals", "people", "venues")


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    name: str
    organisation: str


@dataclass
class DemoSummary:
    """What the demo holds after a load, and what this run added."""

    created: Counter[str] = field(default_factory=Counter)
    totals: Counter[str] = field(default_factory=Counter)
    logins: list[DemoLogin] = field(default_factory=list)
    extra: dict[str, int] = field(default_factory=dict)
    password: str = content.DEMO_PASSWORD

    @property
    def created_total(self) -> int:
        return sum(self.created.values())


class _Loader:
    """Looks records up by their stable keys (one query per table) and adds the missing."""

    def __init__(self, now: datetime, gaz: Gazetteer) -> None:
        self.now = now
        self.gaz = gaz
        self.summary = DemoSummary()
        self.members: dict[str, Member] = loaded_samples(Member)
        self.venues: dict[str, Venue] = loaded_samples(Venue)
        emails = [p.email for p in content.PEOPLE]
        self.people: dict[str, Person] = {
            p.email: p
            for p in db.session.scalars(sa.select(Person).where(Person.email.in_(emails)))
            if p.email is not None
        }
        self.new_people: list[Person] = []

    def member(self, ref: str, category: str, **values: Any) -> Member:
        return self._sample(Member, self.members, ref, category, values)

    def venue(self, ref: str, **values: Any) -> Venue:
        return self._sample(Venue, self.venues, ref, "venues", values)

    def _sample(
        self,
        model: type[Keyed],
        loaded: dict[str, Keyed],
        ref: str,
        category: str,
        values: dict[str, Any],
    ) -> Keyed:
        """The sample record keyed ``ref``: the one already loaded, or a new one added."""
        self.summary.totals[category] += 1
        found = loaded.get(ref)
        if found is not None:
            return found
        record = model(
            external_ref=ref, is_sample=True, created_at=self.now, updated_at=self.now, **values
        )
        db.session.add(record)
        loaded[ref] = record
        self.summary.created[category] += 1
        return record

    def person(self, sample: content.SamplePerson) -> Person:
        self.summary.totals["people"] += 1
        found = self.people.get(sample.email)
        if found is not None:
            return found
        person = Person(
            email=sample.email,
            honorific=sample.honorific,
            given_name=sample.given_name,
            family_name=sample.family_name,
            position=sample.position,
            chart_order=sample.chart_order,
            member=self.members[sample.member_ref],
            role=sample.role or "member",
            preferred_language="th",
            is_sample=True,
            created_at=self.now,
            updated_at=self.now,
        )
        if sample.role:  # only the demo logins get a password; the rest cannot sign in
            person.set_password(content.DEMO_PASSWORD)
        db.session.add(person)
        self.people[sample.email] = person
        self.new_people.append(person)
        self.summary.created["people"] += 1
        return person


def municipality_names(district: District) -> tuple[str, str]:
    """Thai and English names of the sample municipality for ``district``."""
    if district.code.endswith("01"):  # the province seat is a town municipality
        town_th = district.name_th.removeprefix("เมือง")
        town_en = district.name_en.removeprefix("Mueang ")
        return f"เทศบาลเมือง{town_th}", f"{town_en} Town Municipality"
    return f"เทศบาลตำบล{district.name_th}", f"{district.name_en} Subdistrict Municipality"


def community_names(sub: SubDistrict) -> tuple[str, str]:
    """Thai and English names of the sample community in ``sub``."""
    name_th = sub.name_th.removeprefix("บ้าน")
    name_en = sub.name_en.removeprefix("Ban ")
    return f"ชุมชนบ้าน{name_th}", f"Ban {name_en} Community"


def _load_network(loader: _Loader) -> Member:
    seat = loader.gaz.districts[0]
    return loader.member(
        content.NETWORK_REF,
        "networks",
        kind=MemberKind.NETWORK.value,
        org_type=OrgType.PAO.value,
        name_th=content.NETWORK_NAME_TH,
        name_en=content.NETWORK_NAME_EN,
        district_code=seat.code,
        subdistrict_code=seat.subdistricts[0].code,
        latitude=seat.lat,
        longitude=seat.lon,
        contact_email=f"network@{content.DEMO_DOMAIN}",
        description=content.NETWORK_DESCRIPTION,
    )


def _load_municipalities_and_communities(loader: _Loader, network: Member) -> None:
    for district in loader.gaz.districts:
        first = district.subdistricts[0].code if district.subdistricts else None
        municipality = _node(
            loader, content.district_ref(district.code), "municipalities", OrgType.MUNICIPALITY,
            municipality_names(district), parent=network, district=district,
            subdistrict_code=first, point=district,
        )  # fmt: skip
        for sub in district.subdistricts:
            _node(
                loader, content.subdistrict_ref(sub.code), "communities", OrgType.COMMUNITY_GROUP,
                community_names(sub), parent=municipality, district=district,
                subdistrict_code=sub.code, point=sub,
            )  # fmt: skip


def _node(
    loader: _Loader,
    ref: str,
    category: str,
    org_type: OrgType,
    names: tuple[str, str],
    *,
    parent: Member,
    district: District,
    subdistrict_code: str | None,
    point: District | SubDistrict,
) -> Member:
    """A municipality or a community of ``district``, drawn at ``point`` on maps."""
    name_th, name_en = names
    return loader.member(
        ref, category, kind=MemberKind.NODE.value, org_type=org_type.value,
        name_th=name_th, name_en=name_en, parent=parent, district_code=district.code,
        subdistrict_code=subdistrict_code, latitude=point.lat, longitude=point.lon,
    )  # fmt: skip


def _load_individuals(loader: _Loader) -> None:
    for sample in content.INDIVIDUALS:
        sub = loader.gaz.subdistrict(sample.subdistrict_code)
        loader.member(
            sample.ref,
            "individuals",
            kind=MemberKind.INDIVIDUAL.value,
            org_type=None,
            name_th=sample.name_th,
            name_en=sample.name_en,
            parent=loader.members[content.district_ref(sample.district_code)],
            district_code=sample.district_code,
            subdistrict_code=sample.subdistrict_code,
            latitude=sub.lat if sub else None,
            longitude=sub.lon if sub else None,
            description=sample.description,
        )


def _apply_briefings(loader: _Loader) -> None:
    """Fill visitor briefings only where they are still empty (never overwrite edits)."""
    for briefing in content.BRIEFINGS:
        member = loader.members[briefing.ref]
        if not member.visitor_rules and not member.visitor_risks:
            member.visitor_rules = briefing.rules
            member.visitor_risks = briefing.risks


def _load_venues(loader: _Loader) -> None:
    for sample in content.VENUES:
        sub = loader.gaz.subdistrict(sample.subdistrict_code)
        loader.venue(
            sample.ref,
            name_th=sample.name_th,
            name_en=sample.name_en,
            owner=loader.members[sample.owner_ref],
            address=sample.address,
            district_code=sub.district_code if sub else None,
            subdistrict_code=sample.subdistrict_code,
            latitude=sub.lat if sub else None,
            longitude=sub.lon if sub else None,
            capacity=sample.capacity,
            facilities=sample.facilities,
            is_exchange_centre=sample.is_exchange_centre,
        )


def _load_people(loader: _Loader) -> None:
    for sample in content.PEOPLE:
        person = loader.person(sample)
        if sample.role:
            organisation = loader.members[sample.member_ref].name_th
            loader.summary.logins.append(
                DemoLogin(sample.role, sample.email, person.display_name, organisation)
            )


def _publish_sample_charts(loader: _Loader, now: datetime) -> None:
    """The fictional demo people agree to appear in their organisations' public charts
    (real people appear only with their own consent; see directory/publication.py)."""
    version = current_version()
    for person in loader.new_people:
        db.session.add(
            ConsentRecord(
                person_id=person.id,
                purpose=Purpose.PUBLIC_CHART.value,
                is_given=True,
                notice_version=version,
                recorded_at=now,
            )
        )


def load_demo(now: datetime) -> DemoSummary:
    """Add the Loei demo network to the session (idempotent); the caller commits.

    Builds the province network, one municipality per district, one community per
    sub-district, a few individuals, people with positions (four of them demo logins),
    visitor briefings and three venues, then any optional parts (sample events).
    """
    loader = _Loader(now, gazetteer())
    network = _load_network(loader)
    _load_municipalities_and_communities(loader, network)
    _load_individuals(loader)
    _apply_briefings(loader)
    _load_venues(loader)
    _load_people(loader)
    db.session.flush()
    _publish_sample_charts(loader, now)
    loader.summary.extra = _load_optional_parts(now)
    load_demo_rotation(now)
    loader.summary.extra.update(network_demo.load_network_history(now))
    return loader.summary


def _load_optional_parts(now: datetime) -> dict[str, int]:
    """The sample activities of the demo year (counts reported as extra lines)."""
    return {str(key): int(value) for key, value in load_demo_events(now).items()}
