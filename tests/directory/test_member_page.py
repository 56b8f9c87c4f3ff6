"""A member's page: names, location pin, tree, chart, briefing, contact."""

from __future__ import annotations

import re
from collections.abc import Callable
from xml.etree import ElementTree

from flask.testing import FlaskClient

from scheduler_app.accounts import notices
from scheduler_app.accounts.models import Person
from scheduler_app.directory.models import Member
from scheduler_app.extensions import db, utcnow
from tests.directory.test_list import counting_queries

SVG_NS = "{http://www.w3.org/2000/svg}"


def svg_of(html: str) -> ElementTree.Element:
    match = re.search(r"<svg .*?</svg>", html, re.S)
    assert match, "no inline SVG on the page"
    return ElementTree.fromstring(match.group(0))  # noqa: S314 (our own page)


def test_member_page_shows_details_in_thai(
    client: FlaskClient, make_member: Callable[..., Member]
) -> None:
    member = make_member(
        name_th="เทศบาลตำบลนาอาน",
        name_en="Na An Municipality",
        org_type="municipality",
        district_code="4201",
        subdistrict_code="420107",
        address="หมู่ 3 ถนนเลย-ด่านซ้าย",
        contact_email="naan@example.org",
        contact_phone="042 811 111",
        line_id="@naan",
        visitor_rules="แต่งกายสุภาพเมื่อเข้าวัด",
        visitor_risks="ถนนลื่นในฤดูฝน",
        latitude=17.5,
        longitude=101.7,
        is_sample=True,
    )
    html = client.get(f"/members/{member.id}", headers={"Accept-Language": "th"}).text
    for text in (
        "เทศบาลตำบลนาอาน", "Na An Municipality", "องค์กรประสาน", "เทศบาล", "เมืองเลย",
        "หมู่ 3 ถนนเลย-ด่านซ้าย", "naan@example.org", "042 811 111", "@naan",
        "ข้อมูลตัวอย่าง",
    ):  # fmt: skip
        assert text in html
    sub = re.search(r"<dt>ตำบล</dt><dd>([^<]*)</dd>", html)
    assert sub and sub.group(1) == "นาอาน"
    briefing = re.search(r'<section class="card briefing".*?</section>', html, re.S)
    assert briefing
    assert "แต่งกายสุภาพเมื่อเข้าวัด" in briefing.group(0)
    assert "ถนนลื่นในฤดูฝน" in briefing.group(0)
    assert "https://www.openstreetmap.org/?mlat=17.50000&amp;mlon=101.70000" in html


def test_english_page_uses_english_names(
    client: FlaskClient, make_member: Callable[..., Member]
) -> None:
    member = make_member(name_th="เทศบาลตำบลนาอาน", name_en="Na An Municipality")
    html = client.get(f"/members/{member.id}", headers={"Accept-Language": "en"}).text
    assert "<title>Na An Municipality" in html
    assert "Mueang Loei" in html


def test_pin_map_plots_every_subdistrict_and_the_pin(
    app: object, client: FlaskClient, make_member: Callable[..., Member]
) -> None:
    from scheduler_app.i18n import gazetteer

    member = make_member(latitude=17.49, longitude=101.73)
    svg = svg_of(client.get(f"/members/{member.id}").text)
    assert svg.get("class") == "pin-map"
    dots = svg.findall(f"{SVG_NS}circle[@class='dot']")
    pins = svg.findall(f"{SVG_NS}circle[@class='pin']")
    assert len(dots) == len(gazetteer().all_subdistricts())
    assert len(pins) == 1
    width, height = float(svg.get("width", 0)), float(svg.get("height", 0))
    x, y = float(pins[0].get("cx", -1)), float(pins[0].get("cy", -1))
    assert 0 < x < width and 0 < y < height
    assert svg.find(f"{SVG_NS}title") is not None
    assert "style=" not in ElementTree.tostring(svg, encoding="unicode")


def test_no_pin_map_without_coordinates(
    client: FlaskClient, make_member: Callable[..., Member]
) -> None:
    member = make_member(latitude=None, longitude=None)
    html = client.get(f"/members/{member.id}").text
    assert "<svg" not in html
    assert "openstreetmap" not in html


def test_tree_shows_all_descendants_nested(
    client: FlaskClient, make_member: Callable[..., Member]
) -> None:
    root = make_member(kind="network", name_th="เครือข่ายราก")
    child = make_member(kind="network", name_th="เครือข่ายลูก", parent_id=root.id)
    grandchild = make_member(name_th="หลาน", parent_id=child.id)
    great = make_member(name_th="เหลน", parent_id=grandchild.id)
    make_member(name_th="คนนอก")
    html = client.get(f"/members/{root.id}").text
    tree = re.search(r'<div class="tree">(.*?)</div>', html, re.S)
    assert tree
    names = re.findall(r'<a href="/members/(\d+)">', tree.group(1))
    assert names == [str(child.id), str(grandchild.id), str(great.id)]
    # Nested: each descendant sits one <ul> deeper than its parent.
    depth = {}
    level = 0
    for token in re.findall(r"<ul>|</ul>|/members/\d+", tree.group(1)):
        level += token == "<ul>"
        level -= token == "</ul>"
        if token.startswith("/members/"):
            depth[token] = level
    assert [depth[f"/members/{m.id}"] for m in (child, grandchild, great)] == [1, 2, 3]
    child_html = client.get(f"/members/{child.id}").text
    assert f'href="/members/{root.id}"' in child_html  # link to the parent network


def test_tree_entries_escape_names_and_show_kind_and_inactive_badge(
    client: FlaskClient, make_member: Callable[..., Member]
) -> None:
    root = make_member(kind="network", name_th="เครือข่ายราก")
    hostile = make_member(name_th="<b>ชุมชน</b>&", parent_id=root.id, is_active=False)
    sub = make_member(kind="network", name_th="เครือข่ายย่อย", parent_id=root.id)
    html = client.get(f"/members/{root.id}").text
    tree = re.search(r'<div class="tree">(.*?)</div>', html, re.S)
    assert tree
    items = dict(re.findall(r'<li><a href="/members/(\d+)">(.*?)</li>', tree.group(1), re.S))
    assert "&lt;b&gt;ชุมชน&lt;/b&gt;&amp;</a>" in items[str(hostile.id)]
    assert "<b>" not in tree.group(1)
    assert '<span class="badge badge-warn">ระงับแล้ว</span>' in items[str(hostile.id)]
    assert "(เครือข่าย)" in items[str(sub.id)] and "badge" not in items[str(sub.id)]


def test_tree_is_built_with_a_constant_number_of_queries(
    client: FlaskClient, make_member: Callable[..., Member]
) -> None:
    def queries(depth: int) -> int:
        top = parent = make_member(kind="network")
        for _ in range(depth):
            parent = make_member(kind="network", parent_id=parent.id)
            make_member(parent_id=parent.id)
        db.session.expire_all()
        with counting_queries() as statements:
            assert client.get(f"/members/{top.id}").status_code == 200
        return len(statements)

    assert queries(2) == queries(12)


def test_org_chart_in_order_with_photo_or_initials(
    client: FlaskClient,
    make_member: Callable[..., Member],
    make_person: Callable[..., Person],
) -> None:
    member = make_member()
    arunee = make_person(
        member_id=member.id,
        honorific="นาง",
        given_name="อรุณี",
        family_name="แสงทอง",
        position="ปลัดเทศบาล",
        chart_order=2,
    )
    kiat = make_person(
        member_id=member.id,
        honorific="นาย",
        given_name="เกียรติ",
        family_name="ใจงาม",
        position="นายกเทศมนตรี",
        chart_order=1,
        photo_filename="a" * 32 + ".jpg",
    )
    make_person(given_name="ไม่เกี่ยว")
    # Both agreed to the public chart, the mayor to his photo too (see tests/privacy).
    notices.record_consents(arunee, ["account", "public_chart"], utcnow())
    notices.record_consents(kiat, ["account", "public_chart", "photos"], utcnow())
    db.session.commit()
    html = client.get(f"/members/{member.id}").text
    chart = re.search(r'<ul class="org-chart">(.*?)</ul>', html, re.S)
    assert chart
    entries = re.findall(
        r"<strong>([^<]*)</strong>\s*<div class=\"position\">([^<]*)<", chart.group(1)
    )
    assert entries == [("นายเกียรติ ใจงาม", "นายกเทศมนตรี"), ("นางอรุณี แสงทอง", "ปลัดเทศบาล")]
    assert f'src="/members/photos/{"a" * 32}.jpg"' in chart.group(1)
    assert '<span class="avatar-placeholder" aria-hidden="true">อส</span>' in chart.group(1)
    assert "ไม่เกี่ยว" not in html


def test_unknown_member_is_404(client: FlaskClient) -> None:
    assert client.get("/members/999999").status_code == 404


def test_member_page_lists_visits_made_and_received(client, make_member):
    from datetime import date

    from scheduler_app.events.study_visits.models import StudyVisitRequest
    from scheduler_app.extensions import db

    host = make_member(name_th="ชุมชนเจ้าบ้าน")
    visitor = make_member(name_th="ชุมชนผู้มาเยือน")
    refused = make_member(name_th="ชุมชนที่ถูกปฏิเสธ")
    for visiting, status in ((visitor, "requested"), (refused, "declined")):
        db.session.add(
            StudyVisitRequest(
                visiting_member_id=visiting.id,
                host_member_id=host.id,
                proposed_start=date(2027, 1, 12),
                proposed_end=date(2027, 1, 12),
                delegation_size=12,
                purpose="เรียนรู้การจัดการขยะ",
                status=status,
            )
        )
    db.session.commit()
    host_page = client.get(f"/members/{host.id}").get_data(as_text=True)
    _made, received = host_page.split("ต้อนรับคณะศึกษาดูงาน", 1)  # the "Visits received" heading
    assert "ชุมชนผู้มาเยือน" in received.split("<h2", 1)[0]
    assert "ชุมชนที่ถูกปฏิเสธ" not in host_page  # declined requests are left out
    assert "12 ม.ค. 2570" in host_page
    visitor_page = client.get(f"/members/{visitor.id}").get_data(as_text=True)
    assert "ชุมชนเจ้าบ้าน" in visitor_page
