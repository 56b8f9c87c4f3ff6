"""Hostile text (event titles, session titles, decline reasons, visit purposes, member
names …) must land in every HTML mail part as text, never as markup."""

from __future__ import annotations

from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from jinja2 import meta

from scheduler_app.mail.services import render_mail

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)><b>&amp;"
MAIL_DIR = Path(__file__).resolve().parents[2] / "templates" / "mail"
KINDS = sorted(p.name.removesuffix(".subject.txt") for p in MAIL_DIR.glob("*.subject.txt"))
WHEN = datetime(2026, 11, 23, 7, 30, tzinfo=UTC)
NUMBERS = {
    "n",
    "delegation_size",
    "valid_minutes",
    "valid_days",
    "waitlist_position",
    "upcoming_count",
}


class ParsedMail(HTMLParser):
    """Collects start tags and the text of an HTML mail part."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_title:
            self.title += data


def _names(app: Flask, kind: str) -> set[str]:
    """Every variable the mail's templates (and what they include) read."""
    env = app.jinja_env
    names: set[str] = set()
    todo, seen = [f"mail/{kind}.html", f"mail/{kind}.txt"], set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        source = env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
        tree = env.parse(source)
        names |= meta.find_undeclared_variables(tree)
        todo += [n for n in meta.find_referenced_templates(tree) if n]
    return names


def _hostile_context(names: set[str], **overrides: Any) -> dict[str, Any]:
    item = SimpleNamespace(
        title=HOSTILE, starts_at=WHEN, url="https://ruamjai.test/e/1", title_th=HOSTILE,
        title_en=HOSTILE, start_at=WHEN, is_all_day=False, host_th=HOSTILE, host_en=HOSTILE,
    )  # fmt: skip
    context: dict[str, Any] = {}
    for name in names:
        if name.endswith("_at") or name in {"planned_date"}:
            context[name] = WHEN
        elif name in {"proposed_start", "proposed_end"}:
            context[name] = date(2026, 12, 1)
        elif name in NUMBERS:
            context[name] = 3
        elif name in {"events", "programme"}:
            context[name] = [item]
        elif name == "offset":
            context[name] = "1d"
        elif name.startswith("is_") or name.startswith("has_") or name == "event_is_all_day":
            context[name] = False
        elif name.endswith("_url"):
            context[name] = "https://ruamjai.test/x?a=1&b=2"
        elif name == "change_labels" or name in {"_", "pick", "current_locale"}:
            continue
        else:
            context[name] = HOSTILE
    context.update(overrides)
    return context


VARIANTS = {
    "study_visit_step": [
        {"visit_status": s}
        for s in ("requested", "scheduled", "counter_proposed", "declined", "completed")
    ],
    "reminder": [{"target_kind": k} for k in ("stop", "session", "event")],
}


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_mail_kind_escapes_hostile_text(app: Flask, kind: str, language: str) -> None:
    names = _names(app, kind)
    for variant in VARIANTS.get(kind, [{}]):
        context = _hostile_context(names, **variant)
        with app.test_request_context():
            subject, text, html = render_mail(kind, language, context)
        parsed = ParsedMail()
        parsed.feed(html)
        assert "script" not in parsed.tags and "img" not in parsed.tags, (kind, variant)
        assert "b" not in parsed.tags, (kind, variant)
        shown = "".join(parsed.text)
        assert HOSTILE in shown, (kind, variant)  # the text survives, as text
        assert parsed.title.strip() == subject  # the <title> is the subject, escaped
        assert "&lt;script&gt;" in html
        assert "<script>" not in html
        assert HOSTILE in text or HOSTILE in subject  # the text part stays plain text


def test_hostile_names_purpose_and_reason_through_a_real_visit(client, auth, make_person):
    """End to end: a member name, a visit purpose and a decline reason typed as markup
    reach the outbox, and every HTML part holds them as text."""
    import sqlalchemy as sa

    from scheduler_app.events.study_visits.models import StudyVisitRequest
    from scheduler_app.extensions import db
    from scheduler_app.mail.models import OutboxMessage
    from tests import factories

    visitors = factories.make_member(name_th=HOSTILE + "ผู้มาเยือน", name_en=HOSTILE)
    hosts = factories.make_member(name_th=HOSTILE + "เจ้าบ้าน", name_en=HOSTILE)
    visitor_host = make_person(role="host", member=visitors, given_name=HOSTILE)
    host_host = make_person(role="host", member=hosts, given_name=HOSTILE)
    auth.login_as(visitor_host)
    request = {
        "visiting_member_id": visitors.id,
        "host_member_id": hosts.id,
        "proposed_start": "2031-03-02",
        "proposed_end": "2031-03-03",
        "delegation_size": "2",
        "purpose": HOSTILE,
    }
    assert client.post("/events/visits/new", data=request).status_code == 302
    visit = db.session.execute(sa.select(StudyVisitRequest)).scalar_one()
    auth.login_as(host_host)
    declined = client.post(f"/events/visits/{visit.id}/decline", data={"decline-reason": HOSTILE})
    assert declined.status_code == 302
    rows = db.session.execute(sa.select(OutboxMessage)).scalars().all()
    assert len(rows) >= 2
    for row in rows:
        parsed = ParsedMail()
        parsed.feed(row.body_html)
        assert not {"script", "img", "b"} & set(parsed.tags), row.kind
        assert "<script>" not in row.body_html
        assert HOSTILE in "".join(parsed.text)
