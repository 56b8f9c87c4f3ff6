"""``flask users create`` / ``users set-role``: stdin passwords, validation, exit codes."""

from __future__ import annotations

import pytest
from flask.testing import FlaskCliRunner

from scheduler_app.accounts.models import Person
from scheduler_app.extensions import db
from tests.accounts.helpers import person_count

PASSWORD = "cli password 12345"


def get(email: str) -> Person | None:
    db.session.expire_all()
    return db.session.execute(db.select(Person).where(Person.email == email)).scalar_one_or_none()


def test_create_reads_password_from_stdin(runner: FlaskCliRunner, make_member) -> None:
    member = make_member()
    result = runner.invoke(
        args=[
            "users",
            "create",
            "Admin@Example.org",
            "--role",
            "admin",
            "--password-stdin",
            "--name",
            "สมชาย ใจดี",
            "--member-id",
            str(member.id),
        ],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert result.output.count("\n") == 1
    assert "admin@example.org" in result.output
    person = get("admin@example.org")
    assert person is not None
    assert (person.role, person.given_name, person.family_name) == ("admin", "สมชาย", "ใจดี")
    assert person.member_id == member.id
    assert person.password_hash != PASSWORD
    assert person.check_password(PASSWORD)


def test_create_duplicate_fails_cleanly(runner: FlaskCliRunner, make_person) -> None:
    make_person(email="taken@example.org")
    result = runner.invoke(
        args=["users", "create", "TAKEN@example.org", "--role", "coordinator", "--password-stdin"],
        input=PASSWORD + "\n",
    )
    assert result.exit_code != 0
    assert "already registered" in result.output
    assert person_count() == 1


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["not-an-email", "--role", "host"], PASSWORD, "valid e-mail"),
        (["a@example.org", "--role", "king"], PASSWORD, "king"),
        (["a@example.org", "--role", "member"], "short", "10 to 200"),
        (["a@example.org", "--role", "host"], PASSWORD, "give --member-id"),
        (["a@example.org", "--role", "host", "--member-id", "424242"], PASSWORD, "no member"),
        (["a@example.org", "--name", "x" * 101], PASSWORD, "at most 100"),
    ],
)
def test_create_rejects_bad_input(
    runner: FlaskCliRunner, args: list[str], stdin: str, message: str
) -> None:
    result = runner.invoke(args=["users", "create", *args, "--password-stdin"], input=stdin + "\n")
    assert result.exit_code != 0
    assert message in result.output
    assert person_count() == 0


def test_set_role(runner: FlaskCliRunner, make_person) -> None:
    make_person(email="someone@example.org")
    result = runner.invoke(args=["users", "set-role", "Someone@example.org", "coordinator"])
    assert result.exit_code == 0, result.output
    assert get("someone@example.org").role == "coordinator"


@pytest.mark.parametrize(
    ("args", "message"),
    [(["nobody@example.org", "host"], "no account"), (["x@example.org", "emperor"], "emperor")],
)
def test_set_role_errors(runner: FlaskCliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(args=["users", "set-role", *args])
    assert result.exit_code != 0
    assert message in result.output


def test_set_role_host_needs_an_organisation(runner: FlaskCliRunner, make_person, make_member):
    make_person(email="someone@example.org")
    refused = runner.invoke(args=["users", "set-role", "someone@example.org", "host"])
    assert refused.exit_code != 0
    assert "give --member-id" in refused.output
    assert get("someone@example.org").role == "member"
    wrong = runner.invoke(
        args=["users", "set-role", "someone@example.org", "host", "--member-id", "424242"]
    )
    assert wrong.exit_code != 0 and "no member" in wrong.output
    member = make_member()
    given = runner.invoke(
        args=["users", "set-role", "someone@example.org", "host", "--member-id", str(member.id)]
    )
    assert given.exit_code == 0, given.output
    person = get("someone@example.org")
    assert (person.role, person.member_id) == ("host", member.id)
