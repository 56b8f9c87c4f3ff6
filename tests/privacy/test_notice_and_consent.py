"""The privacy notice: versioned, edited by admins, shown at sign-up and when it changes;
consent per purpose with version and time, withdrawn as easily as given."""

from __future__ import annotations

import sqlalchemy as sa

from scheduler_app.accounts.models import Person
from scheduler_app.accounts.privacy_models import ConsentRecord
from scheduler_app.extensions import db
from tests.accounts.helpers import field_error, signup_data

NOTICE_TH = "ประกาศความเป็นส่วนตัว ฉบับทดสอบ เราเก็บชื่อและอีเมลของท่าน"
NOTICE_EN = "Test privacy notice: we keep your name and e-mail address."


def _publish(client, auth, make_person, th=NOTICE_TH, en=NOTICE_EN):
    admin = make_person(role="admin", preferred_language="en")
    auth.login_as(admin)
    response = client.post("/admin/privacy/notice", data={"body_th": th, "body_en": en})
    assert response.status_code == 302
    auth.logout()
    return admin


def test_only_admins_edit_the_notice(client, auth, make_person):
    for role in ("member", "host", "coordinator"):
        auth.login_as(make_person(role=role))
        assert client.get("/admin/privacy/notice").status_code == 403
    auth.login_as(make_person(role="admin"))
    assert (
        client.post("/admin/privacy/notice", data={"body_th": "", "body_en": ""}).status_code == 400
    )


def test_sign_up_shows_the_notice_and_records_consent_with_its_version(client, auth, make_person):
    _publish(client, auth, make_person)
    page = client.get("/signup", headers={"Accept-Language": "th"}).get_data(as_text=True)
    assert NOTICE_TH in page
    data = signup_data(optional_purposes=["mail", "photos"])
    assert client.post("/signup", data=data).status_code == 302
    person = db.session.execute(
        sa.select(Person).where(Person.email == "somsri@example.org")
    ).scalar_one()
    rows = (
        db.session.execute(sa.select(ConsentRecord).where(ConsentRecord.person_id == person.id))
        .scalars()
        .all()
    )
    given = {r.purpose for r in rows if r.is_given}
    assert given == {"account", "mail", "photos"}
    assert {r.notice_version for r in rows} == {1}
    assert all(r.recorded_at is not None for r in rows)


def test_sign_up_without_accepting_the_notice_is_refused(client):
    data = signup_data()
    del data["accept_notice"]
    response = client.post("/signup", data=data, headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "privacy notice" in field_error(response.get_data(as_text=True), "accept_notice")
    assert db.session.execute(sa.select(sa.func.count()).select_from(Person)).scalar_one() == 0


def test_withdrawing_is_as_easy_as_giving(client, auth, make_person):
    person = make_person(preferred_language="en")
    auth.login_as(person)
    assert (
        client.post("/privacy/choices", data={"purposes": ["account", "mail"]}).status_code == 302
    )
    assert client.post("/privacy/choices", data={"purposes": ["account"]}).status_code == 302
    history = (
        db.session.execute(
            sa.select(ConsentRecord)
            .where(ConsentRecord.person_id == person.id, ConsentRecord.purpose == "mail")
            .order_by(ConsentRecord.id)
        )
        .scalars()
        .all()
    )
    assert [r.is_given for r in history] == [True, False]
    page = client.get("/privacy/choices").get_data(as_text=True)
    assert "Withdrawn" in page


def test_a_new_version_asks_everyone_to_read_it_again(client, auth, make_person):
    person = make_person(preferred_language="en")
    _publish(client, auth, make_person)
    auth.login_as(person)
    assert "Our privacy notice has changed." in client.get("/profile").get_data(as_text=True)
    client.post("/privacy/choices", data={"purposes": ["account"]})
    assert "Our privacy notice has changed." not in client.get("/profile").get_data(as_text=True)
    auth.logout()
    _publish(client, auth, make_person, th=NOTICE_TH + " ฉบับที่สอง", en=NOTICE_EN + " Second.")
    auth.login_as(person)
    assert "Our privacy notice has changed." in client.get("/profile").get_data(as_text=True)
    page = client.get("/privacy").get_data(as_text=True)
    assert "Second." in page and "Version 2" in page


def test_notice_text_is_escaped(client, auth, make_person):
    _publish(client, auth, make_person, en="<script>alert(1)</script> a notice long enough")
    page = client.get("/privacy", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
