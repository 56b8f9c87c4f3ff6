"""The audit log of changes about people (admins read it) and the retention purge."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from scheduler_app.accounts.models import Person
from scheduler_app.accounts.privacy_models import AuditEntry
from scheduler_app.events.models import Registration
from scheduler_app.extensions import db, utcnow
from scheduler_app.mail.models import OutboxMessage
from tests.events.conftest import build_event


def test_role_changes_and_deactivations_are_audited(client, auth, make_person):
    admin = make_person(role="admin", preferred_language="en")
    target = make_person()
    auth.login_as(admin)
    response = client.post(f"/admin/people/{target.id}", data={"role": "host", "member_id": ""})
    assert response.status_code == 302
    entries = db.session.execute(sa.select(AuditEntry).order_by(AuditEntry.id)).scalars().all()
    assert [(e.action, e.actor_id, e.subject_id) for e in entries] == [
        ("role_changed", admin.id, target.id),
        ("deactivated", admin.id, target.id),
    ]
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Role changed" in page and "member -&gt; host" in page


def test_only_admins_read_the_audit_log(client, auth, make_person):
    for role in ("member", "host", "coordinator"):
        auth.login_as(make_person(role=role))
        assert client.get("/admin/audit").status_code == 403


def test_purge_removes_what_outlived_its_period(app, runner, make_person):
    now = utcnow()
    old = now - timedelta(days=400)
    event = build_event()
    keeper, leaver = make_person(), make_person()
    stale = make_person(email="never-confirmed@example.org", is_email_confirmed=False,
                        created_at=now - timedelta(days=30))  # fmt: skip
    fresh = make_person(email="just-signed-up@example.org", is_email_confirmed=False)
    db.session.add_all(
        [
            Registration(event_id=event.id, person_id=keeper.id, status="confirmed"),
            Registration(
                event_id=event.id, person_id=leaver.id, status="cancelled", cancelled_at=old
            ),
            OutboxMessage(
                dedupe_key="old",
                recipient="a@example.org",
                kind="welcome",
                language="th",
                subject="s",
                body_text="secret body",
                body_html="<p>secret</p>",
                status="sent",
                created_at=old,
                send_after=old,
                attempts=1,
                last_error="",
            ),
            OutboxMessage(
                dedupe_key="new",
                recipient="a@example.org",
                kind="welcome",
                language="th",
                subject="s",
                body_text="recent body",
                body_html="x",
                status="sent",
                created_at=now,
                send_after=now,
                attempts=1,
                last_error="",
            ),
            *(
                OutboxMessage(
                    dedupe_key=f"ancient-{status}",
                    recipient="a@example.org",
                    kind="welcome",
                    language="th",
                    subject="s",
                    body_text="",
                    body_html="",
                    status=status,
                    created_at=now - timedelta(days=800),
                    send_after=now,
                    attempts=1,
                    last_error="",
                )
                for status in ("sent", "failed", "withdrawn", "pending")
            ),
            AuditEntry(at=now - timedelta(days=5000), action="exported", detail=""),
            AuditEntry(at=now, action="exported", detail=""),
        ]
    )
    db.session.commit()
    stale_id, fresh_id = stale.id, fresh.id
    result = runner.invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    assert "cancelled registrations: 1" in result.output
    assert "unconfirmed sign-ups: 1" in result.output
    db.session.expire_all()
    statuses = db.session.execute(sa.select(Registration.status)).scalars().all()
    assert statuses == ["confirmed"]
    bodies = dict(
        db.session.execute(sa.select(OutboxMessage.dedupe_key, OutboxMessage.body_text)).all()
    )
    # Finished rows older than RETENTION_OUTBOX_ROW_DAYS (730) are gone; a pending one
    # is never removed, however old.
    assert bodies == {"old": "", "new": "recent body", "ancient-pending": ""}
    assert "mail rows: 3" in result.output
    assert db.session.get(Person, stale_id) is None
    assert db.session.get(Person, fresh_id) is not None
    assert db.session.execute(sa.select(sa.func.count()).select_from(AuditEntry)).scalar_one() == 1
    # Running it again removes nothing more.
    again = runner.invoke(args=["privacy", "purge"])
    assert (
        "cancelled registrations: 0, mail bodies: 0, unconfirmed sign-ups: 0, mail rows: 0"
        in again.output
    )


def test_the_purge_is_on_the_celery_beat_schedule(app):
    from scheduler_app.privacy.tasks import PURGE_TASK
    from scheduler_app.tasks import make_celery

    celery = make_celery(app)
    assert PURGE_TASK in celery.tasks
    assert any(e["task"] == PURGE_TASK for e in celery.conf.beat_schedule.values())
    result = celery.tasks[PURGE_TASK].delay()
    assert set(result.get()) == {
        "cancelled_registrations",
        "mail_bodies",
        "unconfirmed_signups",
        "mail_rows",
        "audit_entries",
    }
