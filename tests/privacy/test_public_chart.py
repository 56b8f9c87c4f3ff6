"""The public organisation chart honours each person's consents: a person appears only
with ``public_chart``, their photo only with ``photos`` too; a chart contact without a
login appears only if the person adding it confirmed they agreed. Read as an anonymous
visitor would, through the pages and the photo URL."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from scheduler_app.accounts import notices
from scheduler_app.accounts.models import Person
from scheduler_app.extensions import db, utcnow

PHOTO = "b" * 32 + ".jpg"


class Chart(HTMLParser):
    """The names, photo URLs and initials in a page's public ``<ul class="org-chart">``."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []
        self.photos: list[str] = []
        self.initials: list[str] = []
        self._depth = 0
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "ul" and "org-chart" in (a.get("class") or "").split():
            self._depth = 1
            return
        if not self._depth:
            return
        if tag == "ul":
            self._depth += 1
        elif tag == "img":
            self.photos.append(a.get("src") or "")
        elif tag == "strong":
            self._in = "name"
        elif tag == "span" and "avatar-placeholder" in (a.get("class") or ""):
            self._in = "initials"

    def handle_endtag(self, tag: str) -> None:
        if self._depth and tag == "ul":
            self._depth -= 1
        if tag in ("strong", "span"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "name":
            self.names.append(data.strip())
        elif self._in == "initials":
            self.initials.append(data.strip())


def chart_of(client, member_id: int) -> Chart:
    response = client.get(f"/members/{member_id}")
    assert response.status_code == 200
    parser = Chart()
    parser.feed(response.get_data(as_text=True))
    return parser


@pytest.fixture
def photo_file(app):
    from pathlib import Path

    folder = Path(app.config["UPLOAD_DIR"]) / "photos"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / PHOTO).write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    return PHOTO


def test_an_account_appears_only_with_consent_and_its_photo_only_with_photo_consent(
    client, auth, make_member, make_person, photo_file
):
    member = make_member()
    person = make_person(member=member, honorific="นาง", given_name="ดวงใจ",
                         family_name="ศรีสุข", photo_filename=photo_file,
                         preferred_language="en")  # fmt: skip
    # Never asked: not in the public chart, and the photo URL is not public either.
    assert chart_of(client, member.id).names == []
    assert client.get(f"/members/photos/{photo_file}").status_code == 404

    # The person agrees to the chart, through their own privacy page.
    auth.login_as(person)
    assert client.post("/privacy/choices", data={"purposes": ["account", "public_chart"]}
                       ).status_code == 302  # fmt: skip
    auth.logout()
    chart = chart_of(client, member.id)
    assert chart.names == ["นางดวงใจ ศรีสุข"]
    assert chart.photos == [] and chart.initials == ["ดศ"]
    assert client.get(f"/members/photos/{photo_file}").status_code == 404

    # ...and to their photo.
    auth.login_as(person)
    client.post("/privacy/choices", data={"purposes": ["account", "public_chart", "photos"]})
    auth.logout()
    chart = chart_of(client, member.id)
    assert chart.photos == [f"/members/photos/{photo_file}"]
    served = client.get(f"/members/photos/{photo_file}")
    assert served.status_code == 200
    # Caches must ask again every time, so a withdrawal is not served from a cache.
    assert served.headers["Cache-Control"] == "public, no-cache"
    assert served.headers.get("ETag")
    served.close()

    # Withdrawing the photo hides it at once, from the page and from its URL.
    auth.login_as(person)
    client.post("/privacy/choices", data={"purposes": ["account", "public_chart"]})
    auth.logout()
    assert chart_of(client, member.id).photos == []
    assert client.get(f"/members/photos/{photo_file}").status_code == 404
    # The person still sees their own photo.
    auth.login_as(person)
    own = client.get(f"/members/photos/{photo_file}")
    assert own.status_code == 200 and own.headers["Cache-Control"] == "private, no-store"
    own.close()

    # Withdrawing the chart hides the person at once.
    client.post("/privacy/choices", data={"purposes": ["account"]})
    auth.logout()
    assert chart_of(client, member.id).names == []


def test_a_photo_consent_alone_does_not_put_anyone_in_the_public_chart(
    client, make_member, make_person, photo_file
):
    member = make_member()
    person = make_person(member=member, photo_filename=photo_file)
    notices.record_consents(person, ["account", "photos"], utcnow())
    db.session.commit()
    assert chart_of(client, member.id).names == []
    assert client.get(f"/members/photos/{photo_file}").status_code == 404


def test_a_member_page_never_shows_account_emails_to_anonymous_visitors(
    client, make_member, make_person
):
    member = make_member(contact_email="")
    people = [
        make_person(member=member, email=f"staff{n}@village.example", role=role)
        for n, role in enumerate(("host", "member", "member"))
    ]
    notices.record_consents(people[0], ["account", "public_chart", "photos"], utcnow())
    notices.record_consents(people[1], ["account", "public_chart"], utcnow())
    db.session.commit()
    page = client.get(f"/members/{member.id}").get_data(as_text=True)
    assert len(chart_of(client, member.id).names) == 2
    assert "@village.example" not in page
    assert "mailto:" not in page


def _add_contact(client, member, **extra):
    data = {"honorific": "ลุง", "given_name": "คำ", "family_name": "บุญมา",
            "position": "ผู้ใหญ่บ้าน", "chart_order": "1", "email": ""}  # fmt: skip
    data.update(extra)
    return client.post(f"/members/{member.id}/people", data=data,
                       headers={"Accept-Language": "en"})  # fmt: skip


def _contact(member_id: int) -> Person:
    return db.session.execute(
        sa.select(Person).where(Person.member_id == member_id, Person.given_name == "คำ")
    ).scalar_one()


def test_a_contact_without_email_is_public_only_if_the_adder_confirms_agreement(
    client, auth, make_member, make_person, photo_file
):
    member = make_member()
    host = make_person(role="host", member=member, given_name="ผู้เพิ่ม", preferred_language="en")
    auth.login_as(host)
    # Nothing ticked: the contact exists, but the public chart does not show it.
    assert _add_contact(client, member).status_code == 302
    contact = _contact(member.id)
    assert contact.email is None and contact.password_hash is None and contact.is_contact
    assert contact.added_by_id == host.id
    manage = client.get(f"/members/{member.id}/people").get_data(as_text=True)
    assert "No e-mail address" in manage and "Not shown publicly" in manage
    assert "Contact without a login, added by นายผู้เพิ่ม ใจดี on" in manage
    auth.logout()
    assert chart_of(client, member.id).names == []

    # The host edits the entry: the person agreed to appear, and to their photo.
    auth.login_as(host)
    contact.photo_filename = photo_file
    db.session.commit()
    edit_url = f"/members/{member.id}/people/{contact.id}/edit"
    form = client.get(edit_url).get_data(as_text=True)
    assert 'name="shown_publicly"' in form and 'name="photo_public"' in form
    data = {"honorific": "ลุง", "given_name": "คำ", "family_name": "บุญมา",
            "position": "ผู้ใหญ่บ้าน", "chart_order": "1", "shown_publicly": "y",
            "photo_public": "y"}  # fmt: skip
    assert client.post(edit_url, data=data).status_code == 302
    auth.logout()
    chart = chart_of(client, member.id)
    assert chart.names == ["ลุงคำ บุญมา"]
    assert chart.photos == [f"/members/photos/{photo_file}"]
    page = client.get(f"/members/{member.id}").get_data(as_text=True)
    assert "ผู้ใหญ่บ้าน" in page

    # The person changes their mind: unticking hides them at once.
    auth.login_as(host)
    del data["shown_publicly"], data["photo_public"]
    assert client.post(edit_url, data=data).status_code == 302
    auth.logout()
    assert chart_of(client, member.id).names == []
    assert client.get(f"/members/photos/{photo_file}").status_code == 404
    history = notices.consent_history(contact.id)
    assert [(r.purpose, r.is_given) for r in history] == [
        ("public_chart", True), ("photos", True), ("public_chart", False), ("photos", False),
    ]  # fmt: skip


def test_staff_cannot_answer_for_a_person_with_an_account(client, auth, make_member, make_person):
    member = make_member()
    host = make_person(role="host", member=member)
    person = make_person(member=member, given_name="มีบัญชี")
    auth.login_as(host)
    edit_url = f"/members/{member.id}/people/{person.id}/edit"
    form = client.get(edit_url, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'name="shown_publicly"' not in form
    assert "decides on their own privacy page" in form
    data = {"given_name": "มีบัญชี", "chart_order": "0", "shown_publicly": "y",
            "photo_public": "y"}  # fmt: skip
    assert client.post(edit_url, data=data).status_code == 302
    assert notices.consent_history(person.id) == []
    auth.logout()
    assert chart_of(client, member.id).names == []


def test_adding_a_contact_ticked_at_once_shows_it_without_a_photo(
    client, auth, make_member, make_person
):
    member = make_member()
    auth.login_as(make_person(role="coordinator"))
    assert _add_contact(client, member, shown_publicly="y").status_code == 302
    auth.logout()
    chart = chart_of(client, member.id)
    assert chart.names == ["ลุงคำ บุญมา"] and chart.initials == ["คบ"]


def test_contacts_without_email_do_not_collide_and_an_address_stays_unique(
    client, auth, make_member, make_person
):
    member = make_member()
    auth.login_as(make_person(role="host", member=member))
    assert _add_contact(client, member).status_code == 302
    assert _add_contact(client, member, given_name="แดง").status_code == 302
    count = db.session.execute(
        sa.select(sa.func.count()).select_from(Person).where(Person.email.is_(None))
    ).scalar_one()
    assert count == 2
    assert _add_contact(client, member, given_name="ขาว", email="Khao@Example.org"
                        ).status_code == 302  # fmt: skip
    again = _add_contact(client, member, given_name="ดำ", email="khao@example.org")
    assert again.status_code == 400
    assert "already has an account" in again.get_data(as_text=True)
    # What was typed is kept.
    assert re.search(r'name="given_name"[^>]*value="ดำ"', again.get_data(as_text=True))


def test_the_demo_charts_stay_public_with_their_fictional_consent(app, client):
    from scheduler_app.demo.loader import load_demo

    load_demo(utcnow())
    db.session.commit()
    member_id = (
        db.session.execute(
            sa.select(Person.member_id).where(Person.is_sample, Person.member_id.is_not(None))
        )
        .scalars()
        .first()
    )
    assert member_id is not None
    assert chart_of(client, member_id).names
    page = client.get(f"/members/{member_id}").get_data(as_text=True)
    logins = db.session.execute(sa.select(Person.email).where(Person.member_id == member_id))
    assert not [email for email in logins.scalars() if email and email in page]
