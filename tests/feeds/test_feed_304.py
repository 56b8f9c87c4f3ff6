"""The feed 304 answered straight from the cached rendering (issue 16): the same status
and headers ``make_conditional`` gives, weak comparison, no body; and a replaced token
stops being answered, even as a 304, within ``FEEDS_VERSION_TTL`` on another worker."""

from __future__ import annotations

from email.utils import parsedate_to_datetime

from scheduler_app.accounts.models import Person
from scheduler_app.extensions import db
from scheduler_app.feeds import cache
from tests.feeds.conftest import register

VARYING = {"Date"}


def _headers(response) -> dict[str, str]:
    return {k: v for k, v in response.headers.items() if k not in VARYING}


def test_the_direct_304_matches_make_conditional(make_event, make_person, client):
    """``If-None-Match`` takes the direct path; ``If-Modified-Since`` alone still goes
    through ``make_conditional``: both 304s carry the same headers."""
    person = make_person()
    register(make_event(), person)
    db.session.commit()
    for url in ("/feeds/all.ics", f"/feeds/u/{person.feed_token}.ics"):
        full = client.get(url)
        assert full.status_code == 200
        by_etag = client.get(url, headers={"If-None-Match": full.headers["ETag"]})
        by_date = client.get(url, headers={"If-Modified-Since": full.headers["Last-Modified"]})
        assert by_etag.status_code == by_date.status_code == 304
        assert by_etag.get_data() == b""
        assert _headers(by_etag) == _headers(by_date)
        assert by_etag.headers["ETag"] == full.headers["ETag"]
        assert by_etag.headers["Cache-Control"] == full.headers["Cache-Control"]
        assert "Content-Type" not in by_etag.headers and "Last-Modified" not in by_etag.headers
        assert parsedate_to_datetime(by_etag.headers["Date"])


def test_weak_and_listed_etags_match_and_others_do_not(make_event, client):
    make_event()
    etag = client.get("/feeds/all.ics").headers["ETag"]
    for sent in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        assert client.get("/feeds/all.ics", headers={"If-None-Match": sent}).status_code == 304
    other = client.get("/feeds/all.ics", headers={"If-None-Match": '"other"'})
    assert other.status_code == 200 and other.get_data()


def test_a_download_keeps_its_file_name_on_a_304(make_event, client):
    event = make_event()
    url = f"/events/{event.id}.ics"
    full = client.get(url)
    again = client.get(url, headers={"If-None-Match": full.headers["ETag"]})
    assert again.status_code == 304
    assert again.headers["Content-Disposition"] == full.headers["Content-Disposition"]


def test_a_replaced_token_stops_even_304s_within_the_ttl(
    make_app, make_event, make_person, monkeypatch
):
    """Worker A answers polls from memory; worker B replaces the token. A keeps answering
    the old token for at most FEEDS_VERSION_TTL seconds (the clock is moved), then 404."""
    clock = [1000.0]
    monkeypatch.setattr(cache.time, "monotonic", lambda: clock[0])
    worker_a = make_app(FEEDS_VERSION_TTL=5)
    worker_b = make_app()
    with worker_a.app_context():
        person = make_person()
        register(make_event(), person)
        db.session.commit()
        person_id, old = person.id, person.feed_token
        poll = worker_a.test_client()
        etag = poll.get(f"/feeds/u/{old}.ics").headers["ETag"]
    with worker_b.app_context():
        db.session.get(Person, person_id).feed_token = "a-new-token-" + "y" * 30
        db.session.commit()
    conditional = {"If-None-Match": etag}
    clock[0] += 4
    with worker_a.app_context():
        assert poll.get(f"/feeds/u/{old}.ics", headers=conditional).status_code == 304
    clock[0] += 1
    with worker_a.app_context():
        assert poll.get(f"/feeds/u/{old}.ics", headers=conditional).status_code == 404
        assert poll.get(f"/feeds/u/{old}.ics").status_code == 404
