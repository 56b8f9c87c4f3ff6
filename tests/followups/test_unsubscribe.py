"""One-click unsubscribe (RFC 8058) without login or CSRF token, and the preferences form."""

from __future__ import annotations

import pytest

from scheduler_app.accounts.mail_preferences import Category, unsubscribe_token
from scheduler_app.accounts.models import Person
from scheduler_app.events.registration.operations import register_participant
from scheduler_app.extensions import db, utcnow
from scheduler_app.mail.models import OutboxStatus
from tests.delivery import outbox
from tests.events.conftest import build_event
from tests.factories import make_person


@pytest.fixture
def csrf_client(make_app):
    """A client of an app with CSRF protection on, as in production."""
    application = make_app(WTF_CSRF_ENABLED=True)
    with application.app_context():
        yield application.test_client()
        db.session.remove()


def test_one_click_post_unsubscribes_without_login_or_csrf(csrf_client):
    person = make_person()
    event = build_event()
    register_participant(event, person, utcnow())
    db.session.commit()
    [row, *_] = outbox(kind="reminder", person_id=person.id)
    path = row.list_unsubscribe_url.removeprefix("https://ruamjai.test")
    response = csrf_client.post(
        path,
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.get(Person, person.id).wants_reminders is False
    assert all(r.status == OutboxStatus.WITHDRAWN.value
               for r in outbox(kind="reminder", person_id=person.id))  # fmt: skip
    assert outbox(kind="event_registered", person_id=person.id)[0].status == "pending"


def test_other_posts_still_need_csrf(csrf_client):
    person = make_person()
    csrf_client.post("/login", data={"email": person.email, "password": "x"})
    response = csrf_client.post("/language", data={"lang": "en"})
    assert response.status_code == 400


@pytest.mark.parametrize("category", list(Category))
def test_get_page_says_what_stops_and_changes_nothing(client, app, category):
    person = make_person()
    token = unsubscribe_token(person, category)
    page = client.get(f"/unsubscribe/{token}", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'action="/unsubscribe/{token}"' in html and "<button" in html
    db.session.expire_all()
    assert db.session.get(Person, person.id).wants_reminders is True
    client.post(f"/unsubscribe/{token}")
    db.session.expire_all()
    fresh = db.session.get(Person, person.id)
    expected = {
        Category.REMINDERS: ("wants_reminders", False),
        Category.FOLLOWUPS: ("wants_followups", False),
        Category.NETWORK: ("wants_network_news", False),
        Category.DIGEST: ("digest_frequency", "never"),
    }[category]
    assert getattr(fresh, expected[0]) == expected[1]


@pytest.mark.parametrize("token", ["nonsense", "WzEsInJlbWluZGVycyJd.forged"])
def test_forged_tokens_are_404(client, app, token):
    make_person()
    assert client.get(f"/unsubscribe/{token}").status_code == 404
    assert client.post(f"/unsubscribe/{token}").status_code == 404


def test_profile_shows_and_saves_mail_preferences(client, auth, app):
    person = auth.login_as(make_person())
    profile = client.get("/profile")
    html = profile.get_data(as_text=True)
    assert 'action="/account/mail"' in html and 'name="digest_frequency"' in html
    response = client.post("/account/mail", data={"wants_reminders": "y",
                                                  "digest_frequency": "weekly"})  # fmt: skip
    assert response.status_code == 302
    db.session.expire_all()
    fresh = db.session.get(Person, person.id)
    assert (fresh.wants_reminders, fresh.wants_followups, fresh.digest_frequency) == (
        True, False, "weekly",
    )  # fmt: skip


@pytest.mark.parametrize("bad", ["daily", "", "x" * 50])
def test_bad_digest_frequency_is_400(client, auth, app, bad):
    person = auth.login_as(make_person())
    response = client.post("/account/mail", data={"digest_frequency": bad})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Person, person.id).digest_frequency == "monthly"


def test_preferences_need_login(client, app):
    response = client.get("/account/mail")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
