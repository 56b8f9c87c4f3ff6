"""Every page that offers a feed shows its webcal:// and https:// links and a copy button."""

from __future__ import annotations

import pytest


def _box_links(html: str) -> tuple[bool, bool, bool]:
    return (
        "webcal://ruamjai.test/feeds/" in html,
        'value="https://ruamjai.test/feeds/' in html,
        "data-copy-target" in html,
    )


@pytest.mark.parametrize(
    "url_part",
    ["/events/", "/events/?kind=rally", "member"],
)
def test_public_pages_offer_their_feed(client, make_member, url_part):
    member = make_member()
    url = f"/members/{member.id}" if url_part == "member" else url_part
    html = client.get(url).get_data(as_text=True)
    assert _box_links(html) == (True, True, True)
    if url_part == "member":
        assert f"/feeds/member/{member.id}.ics" in html
    if "kind=rally" in url_part:
        assert "/feeds/kind/rally.ics" in html


def test_profile_offers_the_private_feed(client, auth, make_person):
    person = auth.login_as(make_person())
    html = client.get("/profile").get_data(as_text=True)
    assert f"/feeds/u/{person.feed_token}.ics" in html
    assert _box_links(html) == (True, True, True)


def test_event_page_offers_the_ics_download(client, make_member):
    from datetime import timedelta

    from scheduler_app.events.models import Event
    from scheduler_app.extensions import db, utcnow

    start = utcnow().replace(microsecond=0) + timedelta(days=3)
    event = Event(kind="exchange", title_th="งาน", title_en="Day", start_at=start,
                  end_at=start + timedelta(hours=3), status="published", capacity=10,
                  host_member_id=make_member().id)  # fmt: skip
    db.session.add(event)
    db.session.commit()
    html = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert f"/events/{event.id}.ics" in html
