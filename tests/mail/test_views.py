"""The development outbox and the admin outbox: who sees what, and the resend button."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from scheduler_app.accounts.models import Role
from scheduler_app.extensions import db
from scheduler_app.mail.models import OutboxMessage, OutboxStatus
from tests.conftest import AuthActions

Queue = Callable[..., OutboxMessage]
ROLES = [Role.ADMIN, Role.COORDINATOR, Role.HOST, Role.MEMBER]


def login(auth: AuthActions, make_person: Callable[..., Any], role: Role | None) -> None:
    if role is not None:
        auth.login_as(make_person(role=role))


@pytest.mark.parametrize(
    ("role", "expected"),
    [(None, 302), (Role.MEMBER, 403), (Role.HOST, 403), (Role.COORDINATOR, 403), (Role.ADMIN, 200)],
)
def test_dev_outbox_without_debug_is_for_admins(
    client: FlaskClient,
    auth: AuthActions,
    make_person: Callable[..., Any],
    queue_notice: Queue,
    role: Role | None,
    expected: int,
) -> None:
    row = queue_notice(context={"heading": "ข่าวลับ", "body": "ลิงก์ส่วนตัว"})
    login(auth, make_person, role)
    for url in ("/dev/outbox", f"/dev/outbox/{row.id}", f"/dev/outbox/{row.id}/html"):
        response = client.get(url)
        assert response.status_code == expected, url
        if expected == 302:
            assert "/login" in response.headers["Location"]
        if expected != 200:
            assert "ข่าวลับ".encode() not in response.data


def test_dev_outbox_in_debug_mode_is_open(
    app: Flask, client: FlaskClient, queue_notice: Queue
) -> None:
    app.debug = True
    row = queue_notice(context={"heading": "ประกาศเครือข่าย", "body": "เนื้อหา"})
    listing = client.get("/dev/outbox")
    assert listing.status_code == 200
    assert "ประกาศเครือข่าย" in listing.get_data(as_text=True)
    detail = client.get(f"/dev/outbox/{row.id}").get_data(as_text=True)
    assert "เนื้อหา" in detail
    assert f'src="/dev/outbox/{row.id}/html"' in detail
    html = client.get(f"/dev/outbox/{row.id}/html")
    assert html.mimetype == "text/html"
    assert "sandbox" in html.headers["Content-Security-Policy"]
    assert "script-src" not in html.headers["Content-Security-Policy"]
    raw = client.get(f"/dev/outbox/{row.id}.eml")
    assert raw.status_code == 200
    assert b"Content-Type: multipart/alternative" in raw.data
    assert client.get("/dev/outbox/999999").status_code == 404


@pytest.mark.parametrize("debug", [True, False])
def test_dev_outbox_is_gone_when_mail_is_really_sent(
    make_app: Callable[..., Flask], make_person: Callable[..., Any], debug: bool
) -> None:
    app = make_app(MAIL_SERVER="smtp.example.org")
    app.debug = debug
    client = app.test_client()
    with app.app_context():
        admin = make_person(role=Role.ADMIN)
        AuthActions(client).login_as(admin)
    assert client.get("/dev/outbox").status_code == 404


def test_dev_outbox_can_be_forced_on(
    make_app: Callable[..., Flask], make_person: Callable[..., Any]
) -> None:
    app = make_app(MAIL_SERVER="smtp.example.org", DEV_OUTBOX=True)
    client = app.test_client()
    assert client.get("/dev/outbox").status_code == 302
    with app.app_context():
        AuthActions(client).login_as(make_person(role=Role.ADMIN))
    assert client.get("/dev/outbox").status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_admin_outbox_is_for_admins(
    client: FlaskClient,
    auth: AuthActions,
    make_person: Callable[..., Any],
    queue_notice: Queue,
    role: Role,
) -> None:
    row = queue_notice()
    row.status = OutboxStatus.FAILED.value
    db.session.commit()
    auth.login_as(make_person(role=role))
    page = client.get("/admin/outbox")
    resend = client.post(f"/admin/outbox/{row.id}/resend")
    if role == Role.ADMIN:
        assert page.status_code == 200
        assert resend.status_code == 302
    else:
        assert page.status_code == 403
        assert resend.status_code == 403
        db.session.expire_all()
        assert db.session.get(OutboxMessage, row.id).status == "failed"


def test_admin_outbox_anonymous_goes_to_login(client: FlaskClient) -> None:
    response = client.get("/admin/outbox")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert client.post("/admin/outbox/1/resend").status_code in (302, 401, 403)


def test_admin_outbox_lists_failed_and_pending_and_resends(
    client: FlaskClient, auth: AuthActions, make_person: Callable[..., Any], queue_notice: Queue
) -> None:
    failed = queue_notice(to_email="failed@example.org")
    failed.status, failed.attempts, failed.last_error = "failed", 8, "550 no such user"
    pending = queue_notice(to_email="waiting@example.org")
    sent = queue_notice(to_email="done@example.org")
    sent.status = "sent"
    db.session.commit()
    auth.login_as(make_person(role=Role.ADMIN))
    html = client.get("/admin/outbox").get_data(as_text=True)
    assert "failed@example.org" in html and "waiting@example.org" in html
    assert "done@example.org" not in html
    assert "550 no such user" in html
    assert len(re.findall(r'action="/admin/outbox/\d+/resend"', html)) == 1
    only_failed = client.get("/admin/outbox?status=failed").get_data(as_text=True)
    assert "waiting@example.org" not in only_failed

    response = client.post(f"/admin/outbox/{failed.id}/resend", follow_redirects=True)
    assert response.status_code == 200
    assert "failed@example.org" in response.get_data(as_text=True)
    db.session.expire_all()
    again = db.session.get(OutboxMessage, failed.id)
    assert (again.status, again.attempts) == ("pending", 0)

    # Not failed: nothing changes and the admin is told why.
    response = client.post(f"/admin/outbox/{pending.id}/resend", follow_redirects=True)
    assert "ส่งอีกครั้งได้เฉพาะอีเมลที่ส่งไม่สำเร็จเท่านั้น" in response.get_data(as_text=True)
    assert client.post("/admin/outbox/999999/resend").status_code == 404


def test_resend_needs_csrf_token(
    make_app: Callable[..., Flask], make_person: Callable[..., Any], queue_notice: Queue
) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    with app.app_context():
        row = queue_notice()
        row.status = "failed"
        db.session.commit()
        row_id = row.id
        AuthActions(client).login_as(make_person(role=Role.ADMIN))
    assert client.post(f"/admin/outbox/{row_id}/resend").status_code == 400
    page = client.get("/admin/outbox").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    token = token or re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    response = client.post(f"/admin/outbox/{row_id}/resend", data={"csrf_token": token.group(1)})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(OutboxMessage, row_id).status == "pending"


@pytest.mark.parametrize(("lang", "title"), [("th", "กล่องอีเมลขาออก"), ("en", "Outbox")])
def test_admin_outbox_is_translated(
    client: FlaskClient,
    auth: AuthActions,
    make_person: Callable[..., Any],
    lang: str,
    title: str,
) -> None:
    auth.login_as(make_person(role=Role.ADMIN, preferred_language=lang))
    assert f"<h1>{title}</h1>" in client.get("/admin/outbox").get_data(as_text=True)
