"""Member profiles: topics, size, official code, service area, offers and needs; the
directory filters by them; the shared topics list."""

from __future__ import annotations

import sqlalchemy as sa

from scheduler_app.accounts.models import Role
from scheduler_app.directory.models import Member
from scheduler_app.directory.profile_models import MemberOffer, Topic
from scheduler_app.directory.topics import DEFAULT_TOPICS, ensure_default_topics
from scheduler_app.extensions import db
from tests.directory.test_list import listed


def topics() -> dict[str, Topic]:
    ensure_default_topics()
    db.session.commit()
    return {t.code: t for t in db.session.execute(sa.select(Topic)).scalars()}


def profile_data(**kw):
    data = {"population": "5400", "households": "1320", "official_code": "6420101",
            "service_area": ["420101", "420102"], "accepts_introductions": "y"}  # fmt: skip
    data.update(kw)
    return data


def test_default_topics_come_from_the_article():
    assert len(DEFAULT_TOPICS) >= 15
    codes = {code for code, _th, _en in DEFAULT_TOPICS}
    assert {"homestay", "waste", "culture", "disaster", "health", "tourism", "youth"} <= codes
    assert all(th and en for _c, th, en in DEFAULT_TOPICS)


def test_host_edits_own_profile_and_the_page_shows_it(client, auth, make_member, make_person):
    t = topics()
    org = make_member(name_th="เทศบาลตำบลด่านซ้าย")
    host = make_person(role=Role.HOST, member_id=org.id)
    auth.login_as(host)
    assert client.get(f"/members/{org.id}/profile").status_code == 200
    response = client.post(f"/members/{org.id}/profile", data=profile_data(
        expertise=[str(t["homestay"].id)], interests=[str(t["waste"].id)]))  # fmt: skip
    assert response.status_code == 302
    db.session.expire_all()
    assert org.population == 5400 and org.official_code == "6420101"
    assert org.service_area_codes == ["420101", "420102"]
    assert org.topic_ids("expertise") == [t["homestay"].id]
    page = client.get(f"/members/{org.id}", headers={"Accept-Language": "th"}).get_data(
        as_text=True
    )
    assert "ชุมชนต้นแบบ / โฮมสเตย์" in page and "6420101" in page and "5,400" in page


def test_other_hosts_may_not_edit_coordinators_may(client, auth, make_member, make_person):
    org, other = make_member(), make_member()
    auth.login_as(make_person(role=Role.HOST, member_id=other.id))
    assert client.post(f"/members/{org.id}/profile", data=profile_data()).status_code == 403
    auth.login_as(make_person(role=Role.COORDINATOR))
    assert client.post(f"/members/{org.id}/profile", data=profile_data()).status_code == 302


def test_bad_input_is_refused_beside_the_field(client, auth, make_member, make_person):
    first, second = make_member(), make_member()
    auth.login_as(make_person(role=Role.COORDINATOR))
    client.post(f"/members/{first.id}/profile", data=profile_data(official_code="6420101"))
    cases = [
        ({"official_code": "6420101"}, "มีรหัสนี้แล้ว"),
        ({"official_code": "64-abc"}, "4 ถึง 16 หลัก"),
        ({"service_area": ["999999"]}, "นอกรายการ"),
        ({"population": "-5"}, None),
    ]
    for change, message in cases:
        response = client.post(f"/members/{second.id}/profile", data=profile_data(**change),
                               headers={"Accept-Language": "th"})  # fmt: skip
        assert response.status_code == 400, change
        if message:
            assert message in response.get_data(as_text=True), change
    db.session.expire_all()
    assert db.session.get(Member, second.id).official_code is None
    assert db.session.get(Member, second.id).population is None


def test_offers_and_needs(client, auth, make_member, make_person):
    t = topics()
    org = make_member()
    auth.login_as(make_person(role=Role.HOST, member_id=org.id))
    bus = {"kind": "lend", "description": "รถบัส 40 ที่นั่ง", "quantity": "2"}
    assert client.post(f"/members/{org.id}/offers", data=bus).status_code == 302
    assert (
        client.post(f"/members/{org.id}/offers", data={**bus, "quantity": "0"}).status_code == 400
    )
    assert client.post(f"/members/{org.id}/offers", data={**bus, "kind": "sell"}).status_code == 400
    need = {"topic_id": str(t["waste"].id), "description": "อยากตั้งธนาคารขยะ"}
    assert client.post(f"/members/{org.id}/needs", data=need).status_code == 302
    assert client.post(f"/members/{org.id}/needs", data={"description": ""}).status_code == 400
    [offer] = db.session.execute(sa.select(MemberOffer)).scalars()
    assert (offer.description, offer.quantity) == ("รถบัส 40 ที่นั่ง", 2)
    page = client.get(f"/members/{org.id}").get_data(as_text=True)
    assert "รถบัส 40 ที่นั่ง × 2" in page and "อยากตั้งธนาคารขยะ" in page
    other = make_member()
    assert client.post(f"/members/{other.id}/offers/{offer.id}/delete").status_code == 403
    assert client.post(f"/members/{org.id}/offers/{offer.id}/delete").status_code == 302
    assert db.session.execute(sa.select(MemberOffer)).first() is None


def test_directory_filters_by_topic_offer_and_need(client, auth, make_member, make_person):
    t = topics()
    teacher = make_member(name_th="ศูนย์ธนาคารขยะนาอ้อ")
    learner = make_member(name_th="อบต.ภูหลวง")
    make_member(name_th="โรงเรียนบ้านไร่")
    coordinator = make_person(role=Role.COORDINATOR)
    auth.login_as(coordinator)
    client.post(f"/members/{teacher.id}/offers", data={
        "kind": "teach", "topic_id": str(t["waste"].id), "description": "ธนาคารขยะ"})  # fmt: skip
    client.post(f"/members/{learner.id}/needs", data={
        "topic_id": str(t["waste"].id), "description": "อยากเรียนรู้"})  # fmt: skip
    client.post(f"/members/{learner.id}/profile",
                data=profile_data(official_code="", interests=[str(t["homestay"].id)]))  # fmt: skip
    auth.logout()
    by = lambda **q: listed(client.get("/members/", query_string=q).get_data(as_text=True))  # noqa: E731
    assert by(offer=t["waste"].id) == ["ศูนย์ธนาคารขยะนาอ้อ"]
    assert by(need=t["waste"].id) == ["อบต.ภูหลวง"]
    assert by(topic=t["homestay"].id) == ["อบต.ภูหลวง"]
    assert by(topic="abc") == by()  # a malformed filter is ignored
    assert by(offer=t["homestay"].id) == []


def test_coordinators_keep_the_topics_list(client, auth, make_person):
    topics()
    auth.login_as(make_person(role=Role.HOST))
    assert client.get("/members/topics").status_code == 403
    auth.login_as(make_person(role=Role.COORDINATOR))
    assert client.post("/members/topics", data={"name_th": ""}).status_code == 400
    assert (
        client.post(
            "/members/topics", data={"name_th": "ป่าชุมชน", "name_en": "Community forests"}
        ).status_code
        == 302
    )
    topic = db.session.execute(sa.select(Topic).where(Topic.name_th == "ป่าชุมชน")).scalar_one()
    client.post(f"/members/topics/{topic.id}", data={"name_th": "ป่าชุมชน", "name_en": "Forests"})
    db.session.expire_all()
    assert topic.name_en == "Forests" and topic.is_active is False
