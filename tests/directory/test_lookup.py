"""The member lookup the pickers ask as the reader types: ranked, bounded, public only."""

from __future__ import annotations

import pytest

from scheduler_app.core.text import has_thai
from tests.factories import make_member


def _ask(client, **args):
    response = client.get("/members/lookup", query_string=args)
    assert response.status_code == 200, response.text
    assert response.mimetype == "application/json"
    return response.get_json()["results"]


def test_exact_then_prefix_then_substring_on_thai_and_english(app, client):
    inside = make_member(name_th="ชุมชนบ้านนาอ้อ", name_en="Ban Na O Community")
    starts = make_member(name_th="นาอ้อพัฒนา", name_en="Na O Development")
    exact = make_member(name_th="นาอ้อ", name_en="Na O")
    make_member(name_th="ภูเรือ", name_en="Phu Ruea")
    ids = [r["id"] for r in _ask(client, q="นาอ้อ")]
    assert ids == [exact.id, starts.id, inside.id]
    ids = [r["id"] for r in _ask(client, q="na o")]  # English, any case
    assert ids == [exact.id, starts.id, inside.id]
    first = _ask(client, q="นาอ้อ")[0]
    assert first["label"] == "นาอ้อ" and "เมืองเลย" in first["hint"]  # Thai: Thai district


def test_english_labels_in_english(client, auth, make_person):
    make_member(name_th="นาอ้อ", name_en="Na O")
    auth.login_as(make_person(preferred_language="en"))
    found = _ask(client, q="Na O")
    assert found[0]["label"] == "Na O" and "Mueang Loei" in found[0]["hint"]


def test_official_code_exactly(client):
    coded = make_member(name_th="เทศบาลตำบลนาอ้อ", official_code="5420101")
    named = make_member(name_th="อบต. 5420101 ทดสอบ")  # the code inside a name
    assert [r["id"] for r in _ask(client, q="5420101")] == [coded.id, named.id]
    assert [r["id"] for r in _ask(client, q="54201")] == [named.id]  # a part of a code: no


def test_only_active_members_and_the_kind_asked(client):
    make_member(name_th="เครือข่ายเก่า", is_active=False)
    network = make_member(name_th="เครือข่ายลุ่มน้ำเลย", kind="network")
    node = make_member(name_th="เครือข่ายย่อยนาด้วง", kind="node")
    person = make_member(name_th="เครือข่ายคนเดียว", kind="individual")
    assert {r["id"] for r in _ask(client, q="เครือข่าย")} == {network.id, node.id, person.id}
    assert [r["id"] for r in _ask(client, q="เครือข่าย", kind="network")] == [network.id]
    assert {r["id"] for r in _ask(client, q="เครือข่าย", kind="parent")} == {network.id, node.id}


def test_limit_is_capped_and_wildcards_are_text(client):
    for n in range(25):
        make_member(name_th=f"ชุมชน {n:02d}")
    make_member(name_th="ร้อยละ 100% จริง")
    assert len(_ask(client, q="ชุมชน")) == 10  # default
    assert len(_ask(client, q="ชุมชน", limit="500")) == 20  # capped
    assert len(_ask(client, q="ชุมชน", limit="3")) == 3
    assert [r["label"] for r in _ask(client, q="%")] == ["ร้อยละ 100% จริง"]
    assert _ask(client, q="_") == []


def test_labels_are_data_not_markup(client):
    make_member(name_th='<img src=x onerror="alert(1)">ชุมชน')
    response = client.get("/members/lookup?q=ชุมชน")
    assert response.get_json()["results"][0]["label"].startswith("<img")
    assert response.mimetype == "application/json"  # never rendered as HTML


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"q": "x" * 1000}, 400),
        ({"q": "a", "kind": "everyone"}, 400),
        ({"q": "a", "limit": "-1"}, 400),
        ({"q": "a", "limit": "99999999999999999999"}, 400),
        ({"q": "99999999999999999999"}, 200),
        ({"q": "นา\x00อ้อ"}, 200),
        ({"q": ""}, 200),
        ({"q": "   "}, 200),
    ],
)
def test_bad_input_is_a_4xx_or_empty_never_500(client, query, status):
    make_member(name_th="นาอ้อ")
    response = client.get("/members/lookup", query_string=query)
    assert response.status_code == status
    assert response.mimetype == "application/json"
    if status == 400:  # which parameter, and why, in the reader's language (Thai here)
        error = response.get_json()["error"]
        assert error["field"] in query and has_thai(error["message"])
    if status == 200 and query["q"].strip() in ("", "99999999999999999999"):
        assert response.get_json() == {"results": []}
    if "\x00" in query["q"]:
        assert [r["label"] for r in response.get_json()["results"]] == ["นาอ้อ"]
