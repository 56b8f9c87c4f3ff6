"""Rules every kind's parts share: frozen once cancelled, only for their managers."""

from __future__ import annotations

import pytest

from scheduler_app.extensions import db
from tests.events.parts_helpers import login, session_form, snapshot, stop_form


def test_cancelled_event_parts_cannot_change(client, rally, training, visit):
    urls = [
        (f"/events/{rally.id}/stops/{rally.stops[1].id}/edit", stop_form()),
        (f"/events/{rally.id}/stops/{rally.stops[1].id}/move/up", {}),
        (f"/events/{training.id}/sessions/{training.sessions[1].id}/edit", session_form()),
        (f"/events/{training.id}/sessions/{training.sessions[1].id}/move/up", {}),
        (f"/events/{visit.id}/programme/{visit.programme[1].id}/edit",
         {"day": "2031-01-10", "time": "09:00", "title": "x"}),
        (f"/events/{visit.id}/programme/{visit.programme[1].id}/move/up", {}),
        (f"/events/{visit.id}/programme/{visit.programme[1].id}/delete", {}),
    ]  # fmt: skip
    for event in (rally, training, visit):
        event.status = "cancelled"
    db.session.commit()
    before = [snapshot(e.id) for e in (rally, training, visit)]
    for url, data in urls:
        response = client.post(url, data=data)
        # a form refused by the rule is shown again (422); a bare button says so (400)
        assert response.status_code == (422 if url.endswith("/edit") else 400), url
        assert "A cancelled event cannot be edited." in response.get_data(as_text=True), url
    assert [snapshot(e.id) for e in (rally, training, visit)] == before


@pytest.mark.parametrize("who", ["other_host", "member"])
def test_outsiders_cannot_edit_or_move(client, auth, rally, make_person, make_member, who):
    role = "host" if who == "other_host" else "member"
    login(auth, make_person(role=role, member=make_member()))
    stop = rally.stops[1]
    before = snapshot(rally.id)
    assert client.get(f"/events/{rally.id}/stops/{stop.id}/edit").status_code == 403
    assert (
        client.post(f"/events/{rally.id}/stops/{stop.id}/edit", data=stop_form()).status_code == 403
    )
    assert client.post(f"/events/{rally.id}/stops/{stop.id}/move/up").status_code == 403
    assert snapshot(rally.id) == before
