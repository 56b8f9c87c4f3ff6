"""'My data': the zip holds every section as JSON and CSV, and what it says matches, field
by field, what the person's own pages show."""

from __future__ import annotations

import csv
import io
import json
import zipfile

from tests.factories import DEFAULT_PASSWORD
from tests.privacy.conftest import NAME_FAMILY, NAME_GIVEN, inputs_of

SECTIONS = ("registrations", "attendance", "certificates", "feedback", "consents", "mail")


def _log_in(client, person) -> None:
    response = client.post("/login", data={"email": person.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302


def _download(client) -> tuple[dict, zipfile.ZipFile]:
    response = client.get("/privacy/my-data.zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    return json.loads(archive.read("my-data.json").decode("utf-8")), archive


def _csv_rows(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    text = archive.read(name).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_zip_matches_the_profile_page_field_by_field(client, footprint):
    _log_in(client, footprint.person)
    data, archive = _download(client)
    form = inputs_of(client.get("/profile").get_data(as_text=True)).values
    profile = data["profile"]
    for field in ("honorific", "given_name", "family_name", "position", "phone"):
        assert profile[field] == form[f"profile-{field}"], field
    assert profile["given_name"] == NAME_GIVEN and profile["family_name"] == NAME_FAMILY
    page = client.get("/profile").get_data(as_text=True)
    assert profile["email"] in page
    assert profile["organisation_th"] in page or profile["organisation_en"] in page
    (row,) = _csv_rows(archive, "profile.csv")
    assert row["given_name"] == NAME_GIVEN and row["email"] == profile["email"]


def test_registrations_attendance_and_certificates_match_my_pages(client, footprint):
    _log_in(client, footprint.person)
    data, archive = _download(client)
    mine = client.get("/events/mine").get_data(as_text=True)
    titles = {r["event_title_en"] for r in data["registrations"]}
    assert titles == {"Exchange day", "Bookkeeping class"}
    for registration in data["registrations"]:
        assert f"/events/{registration['event_id']}" in mine
    assert {(a["session_title"], a["is_present"]) for a in data["attendance"]} == {
        ("ครั้งที่ 1", True),
        ("ครั้งที่ 2", False),
    }
    (certificate,) = data["certificates"]
    training = footprint.training.id
    assert certificate["event_id"] == training
    # The certificate the zip lists is the one the site prints.
    assert client.get(f"/events/{training}/certificate/{footprint.person.id}").status_code == 200
    for section in SECTIONS:
        rows = _csv_rows(archive, f"{section}.csv")
        assert len(rows) == len(data[section]), section


def test_consents_match_the_choices_page(client, footprint):
    _log_in(client, footprint.person)
    data, _ = _download(client)
    ticked = inputs_of(client.get("/privacy/choices").get_data(as_text=True)).checked["purposes"]
    given = {c["purpose"] for c in data["consents"] if c["is_given"]}
    assert given == set(ticked) == {"account", "mail", "public_chart"}


def test_feedback_and_mail_are_in_the_zip(client, footprint):
    _log_in(client, footprint.person)
    data, archive = _download(client)
    assert [f["rating"] for f in data["feedback"]] == [4]
    assert [m["kind"] for m in data["mail"]] == ["generic_notice"]
    assert data["mail"][0]["recipient"] == footprint.person.email
    # Mail to others about the person is theirs, not in this person's zip.
    assert all(m["recipient"] == footprint.person.email for m in data["mail"])
    assert _csv_rows(archive, "mail.csv")[0]["subject"] == data["mail"][0]["subject"]


def test_my_data_needs_a_login(client, footprint):
    response = client.get("/privacy/my-data.zip")
    assert response.status_code == 302 and "/login" in response.location


def test_admin_export_on_request_is_audited_and_others_are_refused(
    client, auth, footprint, make_person
):
    url = f"/admin/people/{footprint.person.id}/export.zip"
    auth.login_as(make_person(role="coordinator"))
    assert client.get(url).status_code == 403
    auth.login_as(make_person(role="admin"))
    response = client.get(url)
    assert response.status_code == 200
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.data)).read("my-data.json"))
    assert data["profile"]["id"] == footprint.person.id
    log = client.get("/admin/audit").get_data(as_text=True)
    assert "Data exported" in log or "ส่งออกข้อมูล" in log
