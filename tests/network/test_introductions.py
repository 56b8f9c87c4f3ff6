"""Introductions: chosen by a person, mailed to both sides, answered by signed links,
turned into a pre-filled study-visit request; refused to oneself, to an opted-out
member and twice in a row."""

from __future__ import annotations

import email
import re
from email import policy

import sqlalchemy as sa

from scheduler_app.extensions import db, utcnow
from scheduler_app.mail.message import MailContent, as_bytes, build_message
from scheduler_app.mail.models import OutboxMessage
from scheduler_app.network.models import Introduction


def outbox(kind: str) -> list[OutboxMessage]:
    stmt = sa.select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)
    return list(db.session.execute(stmt).scalars())


def parsed(row: OutboxMessage) -> email.message.EmailMessage:
    content = MailContent(
        to_email=row.recipient, to_name=row.recipient_name, subject=row.subject,
        body_text=row.body_text, body_html=row.body_html, message_id="<x@ruamjai.test>",
        language=row.language,
    )  # fmt: skip
    raw = as_bytes(build_message(content, sender="Ruamjai <no-reply@ruamjai.test>", now=utcnow()))
    return email.message_from_bytes(raw, policy=policy.default)  # type: ignore[return-value]


def send(client, a, b, **extra):
    return client.post(
        "/network/introductions", data={"a_member_id": a.id, "b_member_id": b.id, **extra}
    )


def links(row: OutboxMessage) -> list[str]:
    text = parsed(row).get_body(("plain",)).get_content()
    return re.findall(r"https://ruamjai\.test(/network/introductions/\S+)", text)


def test_full_journey_from_suggestion_to_visit_request(client, auth, net):
    a, e = net.members["A"], net.members["E"]
    a.name_th = "เทศบาล <b>ด่านซ้าย</b>"  # must arrive escaped in HTML
    db.session.commit()
    a_id, e_id = a.id, e.id
    auth.login_as(net.coordinator)
    response = send(client, a, e, note="ลองคุยเรื่องโฮมสเตย์ & ขยะ")
    assert response.status_code == 302
    rows = outbox("introduction")
    assert sorted(r.recipient for r in rows) == ["host-a@example.org", "host-e@example.org"]
    to_e = next(r for r in rows if r.recipient == "host-e@example.org")
    message = parsed(to_e)
    assert message.get_content_type() == "multipart/alternative"
    html = message.get_body(("html",)).get_content()
    assert "&lt;b&gt;ด่านซ้าย&lt;/b&gt;" in html and "<b>ด่านซ้าย" not in html
    assert "&amp; ขยะ" in html
    assert "เทศบาล <b>ด่านซ้าย</b>" in str(message["Subject"])
    yes_e, _no_e = links(to_e)
    assert yes_e.endswith("?answer=yes")
    auth.logout()
    page = client.get(yes_e)  # anyone with the link, no login needed
    assert page.status_code == 200 and "ยินดีพบกัน" in page.get_data(as_text=True)
    assert client.post(yes_e.split("?")[0], data={"answer": "yes"}).status_code == 200
    intro = db.session.execute(sa.select(Introduction)).scalar_one()
    assert intro.answer_of(e_id) == "yes" and not intro.is_accepted
    assert outbox("introduction_accepted") == []
    to_a = next(r for r in rows if r.recipient == "host-a@example.org")
    client.post(links(to_a)[0].split("?")[0], data={"answer": "yes"})
    db.session.expire_all()
    assert intro.is_accepted
    accepted = outbox("introduction_accepted")
    assert len(accepted) == 2
    visit_url = f"/network/introductions/{intro.id}/visit"
    assert visit_url in accepted[0].body_text
    auth.login_as(net.hosts["E"])
    form = client.get(visit_url)
    assert form.status_code == 200
    page = form.get_data(as_text=True)
    # The visiting side is the host's own organisation (fixed), the other side preset.
    assert f'name="visiting_member_id" value="{e_id}"' in page
    assert f'name="host_member_id" value="{a_id}"' in page
    assert "ต่อยอดจากการแนะนำของเครือข่าย" in page
    start = (utcnow().date()).isoformat()
    response = client.post(visit_url, data={
        "visiting_member_id": e_id, "host_member_id": a_id, "proposed_start": start,
        "proposed_end": start, "delegation_size": 8, "purpose": "เรียนรู้โฮมสเตย์",
    })  # fmt: skip
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    assert intro.visit_request_id is not None
    auth.login_as(net.coordinator)
    health = client.get("/network/health").get_data(as_text=True)
    assert "นำไปสู่คำขอศึกษาดูงาน" in health


def test_not_now_and_bad_tokens(client, net):
    from scheduler_app.network.introductions import send_introduction

    intro = send_introduction(net.members["B"], net.members["C"], sender=net.coordinator,
                              now=utcnow())  # fmt: skip
    db.session.commit()
    [link, _] = links(outbox("introduction")[0])
    base = link.split("?")[0]
    assert client.post(base, data={"answer": "maybe"}).status_code == 400
    assert client.post(base, data={"answer": "not_now"}).status_code == 200
    db.session.expire_all()
    assert "not_now" in (intro.a_answer, intro.b_answer)
    assert client.get(base[:-3] + "xyz").status_code == 404
    assert client.get("/network/introductions/forged-token").status_code == 404


def test_refusals_leave_nothing_behind(client, auth, net):
    a, b, c = net.members["A"], net.members["B"], net.members["C"]
    auth.login_as(net.coordinator)
    itself = send(client, a, a)
    assert itself.status_code == 400
    assert "ไม่สามารถแนะนำสมาชิกให้รู้จักกับตนเองได้" in itself.get_data(as_text=True)
    c.accepts_introductions = False
    db.session.commit()
    opted_out = send(client, a, c)
    assert opted_out.status_code == 409
    assert "ไม่ประสงค์รับการแนะนำ" in opted_out.get_data(as_text=True)
    assert send(client, a, b).status_code == 302
    twice = send(client, b, a)
    assert twice.status_code == 409
    assert "เพิ่งได้รับการแนะนำ" in twice.get_data(as_text=True)
    assert db.session.execute(sa.select(sa.func.count(Introduction.id))).scalar() == 1
    assert len(outbox("introduction")) == 2
    assert send(client, a, net.members["E"], a_member_id="x").status_code == 400


def test_host_in_the_middle_may_introduce_only_its_own_triangles(client, auth, net):
    b, c = net.members["B"], net.members["C"]
    auth.login_as(net.hosts["D"])
    assert send(client, b, c).status_code == 403
    assert send(client, b, c, middle_member_id=net.members["A"].id).status_code == 403
    auth.login_as(net.hosts["A"])  # A is tied to both B and C
    assert send(client, b, c, middle_member_id=net.members["A"].id).status_code == 302


def test_suggestions_page_shows_reasons_in_thai(client, auth, net):
    auth.login_as(net.coordinator)
    page = client.get("/network/suggestions", headers={"Accept-Language": "th"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    # E (isolated) needs waste banks, which B teaches.
    assert "อบต.ภูหลวง อยากเรียนรู้เรื่องธนาคารขยะ ซึ่งเทศบาลตำบลนาอ้อ ถ่ายทอดได้" in text
    assert "กม." in text
    only_e = client.get("/network/suggestions", query_string={"member": net.members["E"].id})
    assert "อบต.ภูหลวง" in only_e.get_data(as_text=True)
