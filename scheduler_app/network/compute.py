"""Recompute the network and store it: measures, participation, the picture,
suggestions, and snapshots at the end of each exchange. Never commits.

Called by ``flask network recompute`` (cron or Celery on a national network) and, on a
small network, inline by the first page view after the activities changed
(``NETWORK_RECOMPUTE_INLINE``). Pages only read what this stores.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, fields
from datetime import datetime, timedelta

import sqlalchemy as sa

from scheduler_app.core import network as net
from scheduler_app.core.network_weaving import suggest
from scheduler_app.directory.models import Member
from scheduler_app.events.models import Event, EventKind, EventStatus
from scheduler_app.extensions import db
from scheduler_app.network import profiles
from scheduler_app.network.evidence import all_evidence
from scheduler_app.network.models import (
    Introduction,
    MemberMeasure,
    NetworkSnapshot,
    NetworkState,
    NetworkSuggestion,
    NetworkTie,
)
from scheduler_app.network.participation import Participation, participation

PICTURE_NODES = 120
SUGGESTIONS_KEPT = 200
SNAPSHOTS_PER_RUN = 24
# An introduction blocks the same pair from being suggested (or sent) again for this long.
INTRODUCTION_COOLDOWN = timedelta(days=180)
CHANGES_LISTED = 20


def state() -> NetworkState:
    """The one state row, created on first use."""
    row = db.session.get(NetworkState, 1)
    if row is None:
        row = NetworkState(id=1, version=1, computed_version=0, summary="{}")
        db.session.add(row)
        db.session.flush()
    return row


def is_stale() -> bool:
    row = db.session.get(NetworkState, 1)
    return row is None or row.computed_version < row.version


def active_member_ids() -> list[int]:
    return list(db.session.execute(sa.select(Member.id).where(Member.is_active)).scalars())


def recently_introduced(now: datetime) -> frozenset[tuple[int, int]]:
    rows = db.session.execute(
        sa.select(Introduction.a_member_id, Introduction.b_member_id).where(
            Introduction.created_at >= now - INTRODUCTION_COOLDOWN
        )
    )
    return frozenset((min(a, b), max(a, b)) for a, b in rows)


def recompute(now: datetime, snapshot_label: str | None = None) -> NetworkState:
    """Rebuild everything pages show from the activities up to ``now``; with
    ``snapshot_label``, also store a snapshot of now from the same computation (what
    ``take_snapshot(now, label)`` would store, without measuring the graph again)."""
    started = time.perf_counter()
    row = state()
    version = row.version
    evidence = all_evidence(now)
    ties = net.collect_ties(evidence, now)
    graph = net.build_graph(active_member_ids(), ties.values())
    measures, summary = net.measure(graph, net.visit_counts(evidence, now))
    picture = net.picture_nodes(measures, PICTURE_NODES)
    positions = net.layout(graph, picture)
    _store_measures(measures, participation(now), positions)
    _store_suggestions(suggest(graph, profiles.load(), measures, excluded=recently_introduced(now),
                               limit=SUGGESTIONS_KEPT))  # fmt: skip
    changes = _changes_since_last_snapshot(set(ties))
    row.summary = json.dumps({**asdict(summary), "changes": changes})
    _store_ties(ties)
    if snapshot_label is not None:
        _add_snapshot(now, snapshot_label, None, summary, ties)
    row.computed_version = version
    row.computed_at = now
    row.seconds = round(time.perf_counter() - started, 3)
    return row


def _store_measures(
    measures: dict[int, net.MemberMeasures],
    taking_part: dict[int, Participation],
    positions: dict[int, tuple[float, float]],
) -> None:
    db.session.execute(sa.delete(MemberMeasure))
    names = [f.name for f in fields(net.MemberMeasures)]
    rows = []
    for member_id, m in measures.items():
        part = taking_part.get(member_id, Participation())
        x, y = positions.get(member_id, (None, None))
        rows.append(
            {
                **{name: getattr(m, name) for name in names},
                "events_hosted": part.hosted,
                "events_attended": part.attended,
                "participation_mix": part.mix_text,
                "rating_average": part.rating_average,
                "last_activity_at": part.last_activity_at,
                "in_picture": member_id in positions,
                "x": x,
                "y": y,
            }
        )
    if rows:
        # Core executemany: the ORM's bulk path costs more per row than the insert itself.
        db.session.execute(MemberMeasure.__table__.insert(), rows)


def _store_ties(ties: dict[tuple[int, int], net.Tie]) -> None:
    db.session.execute(sa.delete(NetworkTie))
    rows = [
        {
            "a_member_id": t.a,
            "b_member_id": t.b,
            "weight": round(t.weight, 4),
            "count": t.count,
            "evidence": ",".join(sorted(t.evidence)),
            "event_kinds": ",".join(sorted(t.event_kinds)),
            "last_at": t.last_at,
            "is_confirmed": t.is_confirmed,
            "is_observed": t.is_observed,
        }
        for t in ties.values()
    ]
    if rows:
        db.session.execute(NetworkTie.__table__.insert(), rows)


def _store_suggestions(found: list) -> None:  # type: ignore[type-arg]
    db.session.execute(sa.delete(NetworkSuggestion))
    rows = [
        {
            "a_member_id": s.a,
            "b_member_id": s.b,
            "middle_member_id": s.middle,
            "kind": s.kind,
            "score": s.score,
            "reasons": json.dumps([asdict(r) for r in s.reasons]),
        }
        for s in found
    ]
    if rows:
        db.session.execute(sa.insert(NetworkSuggestion), rows)


def _latest_snapshot() -> NetworkSnapshot | None:
    return db.session.execute(
        sa.select(NetworkSnapshot).order_by(NetworkSnapshot.taken_at.desc()).limit(1)
    ).scalar_one_or_none()


def _changes_since_last_snapshot(current: set[tuple[int, int]]) -> dict[str, object]:
    last = _latest_snapshot()
    if last is None:
        return {"since": None, "new": 0, "lost": 0, "new_pairs": [], "lost_pairs": []}
    before = [tuple(p) for p in json.loads(last.ties)]
    new, lost = net.tie_changes(before, current)  # type: ignore[arg-type]
    return {
        "since": last.taken_at.isoformat(),
        "new": len(new),
        "lost": len(lost),
        "new_pairs": sorted(new)[:CHANGES_LISTED],
        "lost_pairs": sorted(lost)[:CHANGES_LISTED],
    }


def take_snapshot(
    now: datetime, label: str = "", exchange_event_id: int | None = None
) -> NetworkSnapshot:
    """Store the network's numbers as they stood at ``now``."""
    evidence = all_evidence(now)
    ties = net.collect_ties(evidence, now)
    graph = net.build_graph(_members_at(now), ties.values())
    _measures, summary = net.measure(graph, net.visit_counts(evidence, now))
    return _add_snapshot(now, label, exchange_event_id, summary, ties)


def _add_snapshot(
    now: datetime,
    label: str,
    exchange_event_id: int | None,
    summary: net.NetworkSummary,
    ties: dict[tuple[int, int], net.Tie],
) -> NetworkSnapshot:
    counts = introduction_counts(until=now)
    snapshot = NetworkSnapshot(
        taken_at=now,
        exchange_event_id=exchange_event_id,
        label=label[:200],
        summary=json.dumps(asdict(summary)),
        ties=json.dumps(sorted(ties)),
        introductions_sent=counts["sent"],
        introductions_accepted=counts["accepted"],
        introductions_visited=counts["visited"],
    )
    db.session.add(snapshot)
    db.session.flush()
    return snapshot


def _members_at(now: datetime) -> list[int]:
    stmt = sa.select(Member.id).where(Member.is_active, Member.created_at <= now)
    return list(db.session.execute(stmt).scalars())


def store_due_snapshots(now: datetime) -> list[NetworkSnapshot]:
    """One snapshot per exchange that has ended and has none yet, as of its end."""
    due = db.session.execute(
        sa.select(Event.id, Event.end_at, Event.title_th)
        .outerjoin(NetworkSnapshot, NetworkSnapshot.exchange_event_id == Event.id)
        .where(
            Event.kind == EventKind.EXCHANGE.value,
            Event.status == EventStatus.PUBLISHED.value,
            Event.end_at <= now,
            NetworkSnapshot.id.is_(None),
        )
        .order_by(Event.end_at)
        .limit(SNAPSHOTS_PER_RUN)
    ).all()
    return [take_snapshot(end_at, title, event_id) for event_id, end_at, title in due]


def introduction_counts(until: datetime | None = None) -> dict[str, int]:
    """Introductions sent, accepted by both sides, and turned into a study-visit request."""
    yes = "yes"
    stmt = sa.select(
        sa.func.count(Introduction.id),
        sa.func.count(Introduction.id).filter(
            Introduction.a_answer == yes, Introduction.b_answer == yes
        ),
        sa.func.count(Introduction.visit_request_id),
    )
    if until is not None:
        stmt = stmt.where(Introduction.created_at <= until)
    sent, accepted, visited = db.session.execute(stmt).one()
    return {"sent": int(sent), "accepted": int(accepted), "visited": int(visited)}
