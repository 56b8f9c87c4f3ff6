"""The thank-you survey asks whom people will contact again; answers become confirmed
ties, drawn differently from ties only observed from attendance."""

from __future__ import annotations

from html.parser import HTMLParser

import sqlalchemy as sa

from scheduler_app.extensions import db
from scheduler_app.followups.models import ConfirmedTie
from scheduler_app.network import compute
from scheduler_app.network.models import NetworkTie
from tests.network.test_measures_pages import SvgReader


class Checkboxes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.checked: list[str] = []

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "input" and found.get("name") == "met" and "checked" in found:
            self.checked.append(found["value"])


def checked_boxes(page: str) -> list[str]:
    reader = Checkboxes()
    reader.feed(page)
    return reader.checked


def test_survey_answer_becomes_a_confirmed_tie(client, auth, net):
    event_id = net.events["class"].id
    f_id, d_id, e_id = (net.members[k].id for k in "FDE")
    auth.login_as(net.hosts["F"])
    page = client.get(f"/feedback/{event_id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "เทศบาลเมืองเลย" in text  # the host is offered
    assert "อบต.ภูหลวง" not in text  # E was not there
    bad = client.post(f"/feedback/{event_id}", data={"rating": "5", "met": str(e_id)})
    assert bad.status_code == 400
    assert db.session.execute(sa.select(ConfirmedTie)).first() is None
    ok = client.post(f"/feedback/{event_id}", data={"rating": "5", "met": str(d_id)})
    assert ok.status_code == 200
    [tie] = db.session.execute(sa.select(ConfirmedTie)).scalars()
    assert (tie.from_member_id, tie.to_member_id) == (f_id, d_id)
    assert compute.is_stale()
    again = client.get(f"/feedback/{event_id}").get_data(as_text=True)
    assert checked_boxes(again) == [str(d_id)]

    auth.login_as(net.plain)
    reader = SvgReader()
    reader.feed(client.get("/network").get_data(as_text=True))
    confirmed = [line for line in reader.lines if "t-confirmed" in line["class"]]
    observed = [line for line in reader.lines if "t-observed" in line["class"]]
    assert len(confirmed) == 1 and len(observed) == 4
    row = db.session.execute(sa.select(NetworkTie).where(NetworkTie.is_confirmed)).scalar_one()
    assert {row.a_member_id, row.b_member_id} == {f_id, d_id}
    assert set(row.evidence.split(",")) == {"confirmed", "shared"}


def test_answering_again_replaces_the_answer(client, auth, net):
    event_id = net.events["exchange"].id
    auth.login_as(net.hosts["B"])
    a_id, c_id = net.members["A"].id, net.members["C"].id
    client.post(f"/feedback/{event_id}", data={"rating": "4", "met": [str(a_id), str(c_id)]})
    client.post(f"/feedback/{event_id}", data={"rating": "4", "met": [str(c_id)]})
    rows = db.session.execute(sa.select(ConfirmedTie.to_member_id)).scalars().all()
    assert rows == [c_id]
