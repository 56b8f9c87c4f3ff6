"""The profile page: details, language switch, password change, feed-link revocation."""

from __future__ import annotations

from flask.testing import FlaskClient

from scheduler_app.accounts.models import Person
from scheduler_app.extensions import db
from tests.accounts.helpers import field_error
from tests.factories import DEFAULT_PASSWORD


def profile_data(**overrides: str) -> dict[str, str]:
    data = {
        "profile-honorific": "ดร.",
        "profile-given_name": "วิไล",
        "profile-family_name": "ศรีสุข",
        "profile-position": "ปลัดเทศบาล",
        "profile-phone": "042-811-000",
        "profile-preferred_language": "th",
    }
    data.update(overrides)
    return data


def reload(person: Person) -> Person:
    db.session.expire_all()
    return db.session.get(Person, person.id)


def test_profile_needs_login(client: FlaskClient) -> None:
    response = client.get("/profile")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_profile_saves_details(client: FlaskClient, auth, make_person) -> None:
    person = auth.login_as(make_person())
    response = client.post("/profile", data=profile_data())
    assert response.status_code == 302
    person = reload(person)
    assert (person.honorific, person.given_name, person.family_name) == ("ดร.", "วิไล", "ศรีสุข")
    assert (person.position, person.phone) == ("ปลัดเทศบาล", "042-811-000")


def test_profile_rejects_overlong_values(client: FlaskClient, auth, make_person) -> None:
    person = auth.login_as(make_person(preferred_language="en"))
    response = client.post(
        "/profile",
        data=profile_data(**{"profile-position": "x" * 201, "profile-preferred_language": "en"}),
    )
    assert response.status_code == 400
    assert "at most 200" in field_error(response.get_data(as_text=True), "profile-position")
    assert reload(person).position == ""


def test_switching_language_to_english_switches_the_ui(
    client: FlaskClient, auth, make_person
) -> None:
    person = auth.login_as(make_person(preferred_language="th"))
    thai = client.get("/profile").get_data(as_text=True)
    assert 'lang="th"' in thai
    assert "Your profile" not in thai
    response = client.post(
        "/profile", data=profile_data(**{"profile-preferred_language": "en"}), follow_redirects=True
    )
    html = response.get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Your profile" in html
    assert "Your profile has been saved." in html
    assert reload(person).preferred_language == "en"


def test_change_password_requires_current_password(client: FlaskClient, auth, make_person) -> None:
    person = auth.login_as(make_person(preferred_language="en"))
    new = "another good password"
    wrong = client.post(
        "/profile/password",
        data={
            "password-current_password": "not my password",
            "password-password": new,
            "password-confirm": new,
        },
    )
    assert wrong.status_code == 400
    assert "not correct" in field_error(wrong.get_data(as_text=True), "password-current_password")
    assert reload(person).check_password(DEFAULT_PASSWORD)

    right = client.post(
        "/profile/password",
        data={
            "password-current_password": DEFAULT_PASSWORD,
            "password-password": new,
            "password-confirm": new,
        },
    )
    assert right.status_code == 302
    person = reload(person)
    assert person.check_password(new)
    assert person.password_hash != new


def test_change_password_rejects_short_new_password(client: FlaskClient, auth, make_person) -> None:
    person = auth.login_as(make_person(preferred_language="en"))
    response = client.post(
        "/profile/password",
        data={
            "password-current_password": DEFAULT_PASSWORD,
            "password-password": "short",
            "password-confirm": "short",
        },
    )
    assert response.status_code == 400
    assert "between 10" in field_error(response.get_data(as_text=True), "password-password")
    assert reload(person).check_password(DEFAULT_PASSWORD)


def test_regenerate_feed_token_replaces_it(client: FlaskClient, auth, make_person) -> None:
    person = auth.login_as(make_person())
    old = person.feed_token
    assert client.post("/profile/feed-token").status_code == 302
    new = reload(person).feed_token
    assert new != old and len(new) >= 40


def test_regenerate_feed_token_needs_login(client: FlaskClient, make_person) -> None:
    person = make_person()
    old = person.feed_token
    assert client.post("/profile/feed-token").status_code == 302
    assert reload(person).feed_token == old
