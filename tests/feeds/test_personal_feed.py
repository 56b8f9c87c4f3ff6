"""The personal feed: only the person's own events, at a secret, revocable address."""

from __future__ import annotations

from scheduler_app.accounts import services as account_services
from scheduler_app.extensions import db
from tests.feeds.conftest import add_stop, register


def _uids(feed) -> set[str]:
    return {u for u in feed.by_uid() if u.startswith("event-")}


def test_registered_hosted_and_organised_events_only(
    make_event, make_member, make_person, get_feed
):
    home = make_member()
    person = make_person(member=home)
    other = make_person()
    confirmed = make_event(title_th="ยืนยันแล้ว")
    waiting = make_event(title_th="รอคิว")
    withdrawn = make_event(title_th="ถอนตัว")
    theirs = make_event(title_th="ของคนอื่น")
    draft = make_event(title_th="ร่างลับ", status="draft")
    hosted = make_event(title_th="เจ้าภาพ", host_member=home)
    organised = make_event(title_th="ผู้จัด", organiser_id=person.id)
    register(confirmed, person)
    register(waiting, person, status="waitlisted", waitlist_position=1)
    register(withdrawn, person, status="cancelled")
    register(draft, person)
    register(theirs, other)
    feed = get_feed(f"/feeds/u/{person.feed_token}.ics")
    by_uid = feed.by_uid()
    assert _uids(feed) == {
        f"event-{e.id}@ruamjai.test" for e in (confirmed, waiting, hosted, organised)
    }
    assert str(by_uid[f"event-{waiting.id}@ruamjai.test"]["STATUS"]) == "TENTATIVE"
    assert str(by_uid[f"event-{confirmed.id}@ruamjai.test"]["STATUS"]) == "CONFIRMED"
    body = feed.data.decode()
    for secret in ("ร่างลับ", "ของคนอื่น", person.feed_token, person.email, other.email):
        assert secret not in body
    assert str(feed.loose["X-WR-CALNAME"]) == "ร่วมใจ: กิจกรรมของฉัน"


def test_other_peoples_registrations_do_not_leak(make_event, make_person, get_feed):
    me, you = make_person(), make_person()
    yours = make_event()
    register(yours, you)
    assert _uids(get_feed(f"/feeds/u/{me.feed_token}.ics")) == set()
    assert _uids(get_feed(f"/feeds/u/{you.feed_token}.ics")) == {f"event-{yours.id}@ruamjai.test"}


def test_private_headers(make_person, client):
    person = make_person()
    response = client.get(f"/feeds/u/{person.feed_token}.ics")
    assert response.status_code == 200
    assert response.headers["Cache-Control"].startswith("private")
    assert "public" not in response.headers["Cache-Control"]
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_regenerated_token_answers_404_at_once(make_person, client):
    person = make_person()
    old = person.feed_token
    assert client.get(f"/feeds/u/{old}.ics").status_code == 200  # now cached
    new = account_services.regenerate_feed_token(person)
    db.session.commit()
    assert client.get(f"/feeds/u/{old}.ics").status_code == 404
    assert client.get(f"/feeds/u/{new}.ics").status_code == 200


def test_unknown_token_and_inactive_account_404(make_person, client):
    assert client.get("/feeds/u/not-a-token.ics").status_code == 404
    assert client.get("/feeds/u/" + "x" * 200 + ".ics").status_code == 404
    person = make_person(is_active_account=False)
    assert client.get(f"/feeds/u/{person.feed_token}.ics").status_code == 404


def test_waitlisted_to_confirmed_changes_status_and_last_modified(
    make_event, make_person, get_feed
):
    from datetime import timedelta

    from scheduler_app.extensions import utcnow

    person = make_person()
    event = make_event()
    registration = register(event, person, status="waitlisted", waitlist_position=1)
    url = f"/feeds/u/{person.feed_token}.ics"
    before = get_feed(url).vevents()[0]
    assert str(before["STATUS"]) == "TENTATIVE"
    registration.status = "confirmed"
    registration.waitlist_position = None
    registration.promoted_at = utcnow() + timedelta(minutes=5)
    db.session.commit()
    after = get_feed(url).vevents()[0]
    assert str(after["STATUS"]) == "CONFIRMED"
    assert after.decoded("LAST-MODIFIED") > before.decoded("LAST-MODIFIED")


def test_rider_sees_only_the_stops_they_ride(make_event, make_person, get_feed):
    person = make_person()
    rally = make_event(kind="rally")
    stops = [add_stop(rally, n, f"จุดที่ {n}") for n in (1, 2, 3, 4)]
    register(rally, person, from_stop_id=stops[1].id, to_stop_id=stops[2].id)
    feed = get_feed(f"/feeds/u/{person.feed_token}.ics")
    assert {u for u in feed.by_uid() if u.startswith("stop-")} == {
        f"stop-{stops[1].id}@ruamjai.test",
        f"stop-{stops[2].id}@ruamjai.test",
    }
    assert len(get_feed("/feeds/all.ics").by_uid()) == 5
