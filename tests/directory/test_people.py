"""Managing the organisation chart: adding, editing, removing people, and their photos."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image

from scheduler_app.accounts.models import Person, Role
from scheduler_app.directory.models import Member
from scheduler_app.extensions import db
from tests.directory.conftest import count, field_error, fresh
from tests.directory.test_photos import image_bytes


@pytest.fixture
def member(
    make_member: Callable[..., Member],
    make_person: Callable[..., Person],
    login: Callable[[Person | None], None],
) -> Member:
    """A member whose host is signed in."""
    member = make_member(name_th="เทศบาลตำบลท่าลี่")
    login(make_person(role=Role.HOST, member_id=member.id, given_name="เจ้าบ้าน"))
    return member


def add_data(**overrides: str) -> dict[str, str]:
    data = {
        "email": "Arunee@Example.org",
        "honorific": "นาง",
        "given_name": "อรุณี",
        "family_name": "แสงทอง",
        "position": "ปลัดเทศบาล",
        "chart_order": "2",
    }
    data.update(overrides)
    return data


def photo_dir(app: Flask) -> Path:
    return Path(app.config["UPLOAD_DIR"]) / "photos"


def test_add_person_creates_an_account_without_password(
    client: FlaskClient, member: Member
) -> None:
    response = client.post(f"/members/{member.id}/people", data=add_data())
    assert response.status_code == 302
    person = db.session.execute(
        db.select(Person).where(Person.email == "arunee@example.org")
    ).scalar_one()
    assert person.member_id == member.id
    assert person.role == Role.MEMBER
    assert person.password_hash is None
    assert (person.honorific, person.position, person.chart_order) == ("นาง", "ปลัดเทศบาล", 2)
    # Nobody ticked that she agreed to the public chart: only the chart page shows her.
    assert "อรุณี" not in client.get(f"/members/{member.id}").text
    assert "อรุณี" in client.get(f"/members/{member.id}/people").text


@pytest.mark.parametrize("email", ["arunee@example.org", "ARUNEE@EXAMPLE.ORG"])
def test_duplicate_email_is_a_clear_error(
    client: FlaskClient,
    member: Member,
    make_person: Callable[..., Person],
    email: str,
) -> None:
    existing = make_person(email="arunee@example.org", given_name="มีอยู่แล้ว")
    before = count(Person)
    response = client.post(
        f"/members/{member.id}/people",
        data=add_data(email=email),
        headers={"Accept-Language": "th"},
    )
    assert response.status_code == 400
    assert field_error(response.text, "email") == "อีเมลนี้มีผู้ใช้สมัครบัญชีไว้แล้ว"
    assert count(Person) == before
    assert fresh(existing).member_id is None  # not pulled into the chart


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("email", {"email": "ก" * 250 + "@example.org"}),
        ("email", {"email": "not an email"}),
        ("given_name", {"given_name": ""}),
        ("given_name", {"given_name": "ก" * 101}),
        ("family_name", {"family_name": "ก" * 101}),
        ("honorific", {"honorific": "ก" * 41}),
        ("position", {"position": "ก" * 201}),
        ("chart_order", {"chart_order": "first"}),
        ("chart_order", {"chart_order": "-1"}),
        ("chart_order", {"chart_order": "99999999999"}),
    ],
)
def test_bad_person_input(
    client: FlaskClient, member: Member, field: str, overrides: dict[str, str]
) -> None:
    before = count(Person)
    response = client.post(f"/members/{member.id}/people", data=add_data(**overrides))
    assert response.status_code == 400
    assert field_error(response.text, field)
    assert count(Person) == before


def test_edit_person(
    client: FlaskClient, member: Member, make_person: Callable[..., Person]
) -> None:
    person = make_person(member_id=member.id, given_name="เดิม", email="keep@example.org")
    data = {"honorific": "ดร.", "given_name": "ใหม่", "family_name": "ดี", "position": "ประธาน",
            "chart_order": "", "email": "thief@example.org"}  # fmt: skip
    url = f"/members/{member.id}/people/{person.id}/edit"
    assert client.post(url, data=data).status_code == 302
    person = fresh(person)
    assert (person.honorific, person.given_name, person.position) == ("ดร.", "ใหม่", "ประธาน")
    assert person.chart_order == 0
    assert person.email == "keep@example.org"  # the chart cannot move someone's account
    bad = client.post(url, data={**data, "given_name": ""})
    assert bad.status_code == 400
    assert field_error(bad.text, "given_name")
    assert fresh(person).given_name == "ใหม่"


def test_remove_from_chart_keeps_the_account(
    client: FlaskClient, member: Member, make_person: Callable[..., Person]
) -> None:
    person = make_person(member_id=member.id, given_name="ลาออก")
    response = client.post(f"/members/{member.id}/people/{person.id}/remove")
    assert response.status_code == 302
    person = fresh(person)
    assert person is not None and person.member_id is None
    html = client.get(f"/members/{member.id}").text
    assert "ลาออก" not in html[html.index('id="chart"') :]


def upload(client: FlaskClient, member: Member, person: Person, data: bytes, name: str) -> object:
    return client.post(
        f"/members/{member.id}/people/{person.id}/photo",
        data={"photo": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
        headers={"Accept-Language": "th"},
    )


def test_photo_upload_replaces_the_old_file(
    app: Flask, client: FlaskClient, member: Member, make_person: Callable[..., Person]
) -> None:
    person = make_person(member_id=member.id)
    assert (
        upload(client, member, person, image_bytes("PNG", (900, 600)), "me.png").status_code == 302
    )
    first = fresh(person).photo_filename
    assert first and re.fullmatch(r"[0-9a-f]{32}\.jpg", first)
    with Image.open(photo_dir(app) / first) as stored:
        assert stored.format == "JPEG" and stored.size == (400, 267)

    # Without the person's consent only those who manage the chart see it, uncached.
    served = client.get(f"/members/photos/{first}")
    assert served.status_code == 200
    assert served.mimetype == "image/jpeg"
    assert served.headers["Cache-Control"] == "private, no-store"
    served.close()

    assert upload(client, member, person, image_bytes("WEBP"), "me.webp").status_code == 302
    second = fresh(person).photo_filename
    assert second and second != first
    assert not (photo_dir(app) / first).exists()
    assert (photo_dir(app) / second).exists()
    assert f"/members/photos/{second}" in client.get(f"/members/{member.id}/people").text


def bad_uploads() -> list[tuple[str, bytes, str]]:
    jpeg = image_bytes("JPEG", (600, 600))
    return [
        ("text renamed", b"hello, not an image\n" * 50, "photo.jpg"),
        ("truncated", jpeg[: len(jpeg) // 2], "photo.jpg"),
        ("gif", image_bytes("GIF", (40, 40), "L"), "photo.gif"),
        ("huge dimensions", image_bytes("PNG", (9000, 20), "1"), "wide.png"),
        ("empty", b"", "empty.jpg"),
    ]


@pytest.mark.parametrize(("case", "data", "name"), bad_uploads(), ids=[c[0] for c in bad_uploads()])
def test_bad_photo_is_refused_and_nothing_saved(
    app: Flask,
    client: FlaskClient,
    member: Member,
    make_person: Callable[..., Person],
    case: str,
    data: bytes,
    name: str,
) -> None:
    person = make_person(member_id=member.id)
    response = upload(client, member, person, data, name)
    assert response.status_code == 400
    assert field_error(response.text, "photo")
    assert fresh(person).photo_filename is None
    assert not photo_dir(app).exists() or not any(photo_dir(app).iterdir())


def test_photo_over_the_configured_limit(
    app: Flask, client: FlaskClient, member: Member, make_person: Callable[..., Person]
) -> None:
    data = image_bytes("PNG", (300, 300))
    app.config["PHOTO_MAX_BYTES"] = len(data) - 1
    person = make_person(member_id=member.id)
    response = upload(client, member, person, data, "big.png")
    assert response.status_code == 400
    assert "ใหญ่เกินไป" in field_error(response.text, "photo")
    assert fresh(person).photo_filename is None


def test_request_over_max_content_length_is_413(
    app: Flask, client: FlaskClient, member: Member, make_person: Callable[..., Person]
) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    person = make_person(member_id=member.id)
    response = upload(client, member, person, b"x" * 20_000, "big.jpg")
    assert response.status_code == 413
    assert fresh(person).photo_filename is None


SECRET = b"top-secret-file-content"


@pytest.mark.parametrize(
    "path",
    [
        "/members/photos/..%2F..%2Fconfig.py",
        "/members/photos/../../config.py",
        "/members/photos/%2E%2E%2Fsecret.jpg",
        "/members/photos/" + "a" * 32 + ".png",
        "/members/photos/secret.jpg",
        "/members/photos/" + "0" * 32 + ".jpg",
    ],
)
def test_photo_route_refuses_anything_but_stored_photos(
    app: Flask, client: FlaskClient, path: str
) -> None:
    folder = photo_dir(app)
    folder.mkdir(parents=True)
    (folder.parent / "secret.jpg").write_bytes(SECRET)
    (folder / "secret.jpg").write_bytes(SECRET)
    response = client.get(path)
    assert response.status_code == 404
    assert SECRET not in response.data
