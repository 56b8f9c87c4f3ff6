"""Verbs for what members tell us: feedback on events and hopes on joining. No commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.orm import joinedload

from scheduler_app.accounts.models import Person
from scheduler_app.events.models import Event, Registration, RegistrationStatus
from scheduler_app.extensions import db
from scheduler_app.followups.models import Feedback, WelcomeAnswer
from scheduler_app.web import site_url

SURVEY_SALT = "survey"


@dataclass(frozen=True)
class FeedbackSummary:
    count: int
    average: float | None
    comments: list[Feedback]


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SURVEY_SALT)


def survey_token(person: Person, event: Event) -> str:
    """A signed token letting ``person`` answer the survey of ``event`` without logging in."""
    return str(_serializer().dumps([person.id, event.id]))


def survey_url(person: Person, event: Event) -> str:
    return site_url(f"/feedback/{event.id}?t={survey_token(person, event)}")


def person_from_survey_token(token: str, event: Event) -> Person | None:
    """The person a survey token was made for, if it is genuine and for this event."""
    try:
        person_id, event_id = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if event_id != event.id or not isinstance(person_id, int):
        return None
    return db.session.get(Person, person_id)


def took_part(person: Person, event: Event) -> bool:
    """Whether ``person`` had a confirmed place at ``event``."""
    return (
        db.session.execute(
            sa.select(Registration.id).where(
                Registration.event_id == event.id,
                Registration.person_id == person.id,
                Registration.status == RegistrationStatus.CONFIRMED.value,
            )
        ).first()
        is not None
    )


def feedback_of(person: Person, event: Event) -> Feedback | None:
    return db.session.execute(
        sa.select(Feedback).where(Feedback.event_id == event.id, Feedback.person_id == person.id)
    ).scalar_one_or_none()


def submit_feedback(
    event: Event, person: Person, rating: int, comment: str, now: datetime
) -> Feedback:
    """Record (or replace) ``person``'s rating 1–5 and comment on ``event``."""
    if not 1 <= rating <= 5:
        raise ValueError("rating must be between 1 and 5")
    feedback = feedback_of(person, event)
    if feedback is None:
        feedback = Feedback(event_id=event.id, person_id=person.id, created_at=now)
        db.session.add(feedback)
    feedback.rating = rating
    feedback.comment = comment.strip()
    feedback.created_at = now
    db.session.flush()
    return feedback


def summarise_feedback(event: Event) -> FeedbackSummary:
    """Count, average rating and the comments (newest first) of ``event``."""
    count, average = db.session.execute(
        sa.select(sa.func.count(Feedback.id), sa.func.avg(Feedback.rating)).where(
            Feedback.event_id == event.id
        )
    ).one()
    comments = list(
        db.session.execute(
            sa.select(Feedback)
            .where(Feedback.event_id == event.id, Feedback.comment != "")
            .order_by(Feedback.created_at.desc(), Feedback.id.desc())
            .options(joinedload(Feedback.person))
        ).scalars()
    )
    return FeedbackSummary(
        int(count), round(float(average), 2) if average is not None else None, comments
    )


def save_hopes(person: Person, hopes: list[str], text: str, now: datetime) -> WelcomeAnswer:
    """Record what ``person`` hopes to gain from the network (replaces an earlier answer)."""
    answer = db.session.execute(
        sa.select(WelcomeAnswer).where(WelcomeAnswer.person_id == person.id)
    ).scalar_one_or_none()
    if answer is None:
        answer = WelcomeAnswer(person_id=person.id, created_at=now)
        db.session.add(answer)
    answer.hopes = ",".join(hopes)
    answer.text = text.strip()
    answer.updated_at = now
    db.session.flush()
    return answer


def hopes_of(person: Person) -> WelcomeAnswer | None:
    return db.session.execute(
        sa.select(WelcomeAnswer).where(WelcomeAnswer.person_id == person.id)
    ).scalar_one_or_none()
