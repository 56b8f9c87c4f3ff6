"""The outbox pages name each mail by what it is, in the reader's language, not its code."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from scheduler_app.mail.kinds import KIND_LABELS
from tests import htmltree

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "mail"


def test_every_kind_of_mail_has_a_label() -> None:
    kinds = {p.name.removesuffix(".subject.txt") for p in TEMPLATES.glob("*.subject.txt")}
    assert kinds <= set(KIND_LABELS), sorted(kinds - set(KIND_LABELS))


def test_dev_outbox_shows_translated_kinds(app: Flask, client: FlaskClient, queue_notice) -> None:
    app.debug = True
    row = queue_notice()
    page = htmltree.parse(client.get("/dev/outbox").get_data(as_text=True))
    cells = [htmltree.text(td) for td in page.iter("td")]
    assert "ประกาศ · ไทย" in cells
    assert not any("generic_notice" in c for c in cells) and not list(page.iter("code"))
    detail = htmltree.parse(client.get(f"/dev/outbox/{row.id}").get_data(as_text=True))
    terms = [htmltree.text(e) for e in detail.iter() if e.tag in ("dt", "dd")]
    assert terms[terms.index("ประเภท") + 1] == "ประกาศ (ไทย)"
