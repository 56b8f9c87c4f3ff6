"""``flask --app scheduler_app users …``: create accounts and set roles from a shell."""

from __future__ import annotations

import sys

import click
import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask.cli import AppGroup
from sqlalchemy.exc import IntegrityError

from scheduler_app.accounts import services
from scheduler_app.accounts.forms import PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH
from scheduler_app.accounts.models import Role
from scheduler_app.extensions import db

users_cli = AppGroup("users", help="Manage accounts and roles.")

ROLE_CHOICE = click.Choice([r.value for r in Role], case_sensitive=False)


def _check_email(email: str) -> str:
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as exc:
        raise click.BadParameter(f"not a valid e-mail address ({exc})", param_hint="EMAIL") from exc
    return services.normalise_email(email)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if not PASSWORD_MIN_LENGTH <= len(password) <= PASSWORD_MAX_LENGTH:
        raise click.UsageError(
            f"the password must be {PASSWORD_MIN_LENGTH} to {PASSWORD_MAX_LENGTH} characters long"
        )
    return password


# The directory's table, read without importing the directory (accounts sits below it).
_MEMBER = sa.table("member", sa.column("id"))


def _member_exists(member_id: int) -> bool:
    found = db.session.execute(sa.select(_MEMBER.c.id).where(_MEMBER.c.id == member_id))
    return found.first() is not None


def _split_name(name: str | None, email: str) -> tuple[str, str]:
    if not name or not name.strip():
        return email.split("@", 1)[0][:100], ""
    given, _sep, family = name.strip().partition(" ")
    if len(given) > 100 or len(family.strip()) > 100:
        raise click.BadParameter("names must be at most 100 characters", param_hint="--name")
    return given, family.strip()


def _check_host_member(role: str, member_id: int | None) -> None:
    """A host acts for an organisation; one without any would meet a refusal on every page."""
    if role.lower() == Role.HOST.value and member_id is None:
        raise click.BadParameter(
            "a host acts for an organisation: give --member-id", param_hint="--member-id"
        )


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=ROLE_CHOICE, default=Role.MEMBER.value, show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--name", default=None, help='Full name, e.g. "สมชาย ใจดี".')
@click.option("--member-id", type=int, default=None, help="The organisation (member) id.")
@click.option("--language", type=click.Choice(["th", "en"]), default="th", show_default=True)
def create_user(
    email: str,
    role: str,
    password_stdin: bool,
    name: str | None,
    member_id: int | None,
    language: str,
) -> None:
    """Create an account with ROLE (the password is never a command-line argument)."""
    email = _check_email(email)
    given, family = _split_name(name, email)
    if member_id is not None and not _member_exists(member_id):
        raise click.BadParameter(f"no member with id {member_id}", param_hint="--member-id")
    _check_host_member(role, member_id)
    password = _read_password(password_stdin)
    try:
        person = services.register_person(
            email=email,
            password=password,
            given_name=given,
            family_name=family,
            role=role.lower(),
            preferred_language=language,
            member_id=member_id,
        )
        db.session.commit()
    except (services.EmailTaken, IntegrityError) as exc:
        db.session.rollback()
        raise click.ClickException(f"{email} is already registered") from exc
    click.echo(f"Created {person.role} {person.email} (id {person.id}).")


@users_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=ROLE_CHOICE)
@click.option("--member-id", type=int, default=None, help="The organisation a host acts for.")
def set_role(email: str, role: str, member_id: int | None) -> None:
    """Give the account with EMAIL the role ROLE."""
    person = services.find_person_by_email(email)
    if person is None:
        raise click.ClickException(f"no account with e-mail {services.normalise_email(email)}")
    if member_id is not None:
        if not _member_exists(member_id):
            raise click.BadParameter(f"no member with id {member_id}", param_hint="--member-id")
        person.member_id = member_id
    _check_host_member(role, person.member_id)
    services.set_role(person, role.lower())
    db.session.commit()
    click.echo(f"{person.email} is now {person.role}.")
