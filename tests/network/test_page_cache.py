"""The network pages' bodies are rendered once per network version: a repeat view reads
no stored computation, and any change to what they show renders them again."""

from __future__ import annotations

import re

import pytest

from scheduler_app.extensions import db, utcnow
from scheduler_app.network import compute, page_cache
from tests.directory.test_list import counting_queries
from tests.network.conftest import add_event, attend

PAGES = (
    "/network/health",
    "/network/health?role=isolated",
    "/network/suggestions",
    "/network",
    "/network/participation?period=all",
)
# What the bodies are built from; a repeat view reads none of it.
DATA_TABLES = ("member_measure", "network_tie", "network_suggestion", "network_snapshot",
               "introduction", "registration", "event", "member ", "member\n", "topic")  # fmt: skip


def _statements(client, url: str) -> list[str]:
    db.session.remove()  # each request starts with an empty session, as in production
    with counting_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return statements


@pytest.mark.parametrize("url", PAGES)
def test_a_repeat_view_reads_only_the_version(client, auth, net, url):
    auth.login_as(net.coordinator)
    client.get("/network/health")  # computes once
    page_cache.cache_for(client.application).clear()
    first = _statements(client, url)
    again = _statements(client, url)
    assert len(again) < len(first)
    assert len(again) <= 5, again
    read = " ".join(s.lower() for s in again)
    assert "network_state" in read
    for table in DATA_TABLES:
        assert f"from {table}" not in read and f"join {table}" not in read, (table, again)


# A CSRF token is signed with the second it was made in, so two views a second apart
# carry different tokens; everything else must be the same.
_CSRF = re.compile(r'(name="csrf_token"[^>]*? value=")[^"]+"')


def _body(client, url: str) -> str:
    return _CSRF.sub(r'\1…"', client.get(url).get_data(as_text=True))


def test_a_repeat_view_shows_the_same_page(client, auth, net):
    auth.login_as(net.coordinator)
    for url in PAGES:
        first = _body(client, url)
        assert 'value="…"' in first, url
        assert _body(client, url) == first, url


def test_a_change_in_activities_shows_at_once(client, auth, net):
    auth.login_as(net.coordinator)
    e, f = net.members["E"], net.members["F"]
    before = client.get("/network/health?role=isolated").get_data(as_text=True)
    assert "อบต.ภูหลวง" in before
    event = add_event("exchange", e, 1)
    attend(event, net.hosts["F"])
    db.session.commit()
    after = client.get("/network/health?role=isolated").get_data(as_text=True)
    assert "อบต.ภูหลวง" not in after  # E is tied to F now
    part = client.get("/network/participation?period=all").get_data(as_text=True)
    row = re.search(rf'data-member="{e.id}">.*?</tr>', part, re.S)
    assert row and '<td class="num">1</td>' in row.group(0)  # hosted one
    e.name_th = "อบต.ภูหลวงใหม่"
    db.session.commit()
    assert "อบต.ภูหลวงใหม่" in client.get("/network/health").get_data(as_text=True)
    assert f.id  # F's row stays


def test_a_recompute_by_cron_shows_at_once(client, auth, net, app):
    app.config["NETWORK_RECOMPUTE_INLINE"] = False
    auth.login_as(net.coordinator)
    client.get("/network/health")
    compute.recompute(utcnow())
    db.session.commit()
    stale = client.get("/network/health?role=isolated").get_data(as_text=True)
    assert "อบต.ภูหลวง" in stale
    attend(add_event("exchange", net.members["E"], 1), net.hosts["F"])
    db.session.commit()
    # Not recomputed yet (cron): the page still shows the stored computation.
    assert "อบต.ภูหลวง" in client.get("/network/health?role=isolated").get_data(as_text=True)
    compute.recompute(utcnow())
    db.session.commit()
    fresh = client.get("/network/health?role=isolated").get_data(as_text=True)
    assert "อบต.ภูหลวง" not in fresh


def _tokens(html: str) -> set[str]:
    return set(re.findall(r'name="csrf_token" type="hidden" value="([^"]+)"', html)) | set(
        re.findall(r'name="csrf_token" value="([^"]+)"', html)
    )


def test_each_reader_gets_their_own_form_tokens(app, client, auth, net):
    app.config["WTF_CSRF_ENABLED"] = True
    other = app.test_client()
    auth.login_as(net.coordinator)
    with other.session_transaction() as session:
        session["_user_id"] = str(net.coordinator.id)
        session["_fresh"] = True
    mine = client.get("/network/suggestions").get_data(as_text=True)
    theirs = other.get("/network/suggestions").get_data(as_text=True)
    assert page_cache.CSRF_MARK not in mine and page_cache.CSRF_MARK not in theirs
    assert len(_tokens(mine)) == 1 and len(_tokens(theirs)) == 1
    assert _tokens(mine) != _tokens(theirs)
    health = other.get("/network/health").get_data(as_text=True)
    (token,) = _tokens(health)
    refused = client.post("/network/recompute", data={"csrf_token": token})
    assert refused.status_code == 400  # another session's token
    accepted = other.post("/network/recompute", data={"csrf_token": token})
    assert accepted.status_code == 302


@pytest.mark.parametrize(
    "url",
    ["/network/measures.csv", "/network/ties.csv", "/network/graph.graphml",
     "/network/participation.csv?period=all"],
)  # fmt: skip
def test_downloads_answer_304_until_the_network_changes(client, auth, net, url):
    auth.login_as(net.coordinator)
    first = client.get(url)
    assert first.status_code == 200 and first.headers["ETag"]
    etag = first.headers["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert client.get(url).data == first.data
    net.members["E"].name_th = "อบต.ภูหลวงใหม่"  # every download names or counts members
    attend(add_event("exchange", net.members["E"], 1), net.hosts["F"])
    db.session.commit()
    client.get("/network/health")  # recomputes inline
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200


@pytest.mark.parametrize("url", ["/network/snapshots.csv", "/network/introductions.csv"])
def test_a_download_whose_content_did_not_change_keeps_its_etag(client, auth, net, url):
    auth.login_as(net.coordinator)
    first = client.get(url)
    attend(add_event("exchange", net.members["E"], 1), net.hosts["F"])
    db.session.commit()
    client.get("/network/health")  # recomputes inline: a new version, no new snapshot
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_a_changed_download_shows_the_change(client, auth, net):
    auth.login_as(net.coordinator)
    before = client.get("/network/ties.csv").get_data(as_text=True)
    assert len(before.strip().splitlines()) == 6  # header and 5 ties
    attend(add_event("exchange", net.members["E"], 1), net.hosts["F"])
    db.session.commit()
    client.get("/network/health")  # recomputes inline
    after = client.get("/network/ties.csv").get_data(as_text=True)
    assert len(after.strip().splitlines()) == 7
