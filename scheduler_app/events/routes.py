"""Every route of the events area, registered on one blueprint (``events.<endpoint>``),
and every kind registered in the kind registry. The app factory imports ``bp`` from here.

Adding a kind: a feature package with its ``kind.py`` and ``views.py``, imported below.
"""

from __future__ import annotations

from scheduler_app.events import notifications, views
from scheduler_app.events.blueprint import bp
from scheduler_app.events.rally import kind as rally_kind
from scheduler_app.events.rally import views as rally_views
from scheduler_app.events.registration import host_views
from scheduler_app.events.registration import views as registration_views
from scheduler_app.events.reminders import receivers as reminder_receivers
from scheduler_app.events.study_visits import kind as visit_kind
from scheduler_app.events.study_visits import member_page, programme_views
from scheduler_app.events.study_visits import views as visit_views
from scheduler_app.events.training import kind as training_kind
from scheduler_app.events.training import views as training_views

MODULES = (
    views,
    notifications,
    rally_kind,
    rally_views,
    registration_views,
    host_views,
    reminder_receivers,
    visit_kind,
    visit_views,
    programme_views,
    member_page,
    training_kind,
    training_views,
)

__all__ = ["MODULES", "bp"]
