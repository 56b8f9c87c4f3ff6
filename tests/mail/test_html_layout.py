"""The HTML mail layout: the greeting stands once above every message, and a notice
without a name leaves it out."""

from __future__ import annotations

from scheduler_app.mail.services import render_mail


def test_the_greeting_stands_once(app) -> None:
    with app.test_request_context("/"):
        _, _, html = render_mail(
            "generic_notice", "en", {"to_name": "Somying <b>", "heading": "H", "body": "B"}
        )
    assert html.count("Dear Somying &lt;b&gt;,") == 1
    assert html.index("Dear Somying") < html.index(">H</h1>")


def test_a_notice_without_a_name_has_no_greeting(app) -> None:
    with app.test_request_context("/"):
        _, _, html = render_mail(
            "generic_notice", "en", {"to_name": "", "heading": "H", "body": "B"}
        )
    assert "Dear" not in html
    assert ">H</h1>" in html
