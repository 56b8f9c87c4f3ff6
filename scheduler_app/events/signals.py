"""What happens to events, told to whoever listens.

The events area sends these; it never calls the areas that care. Reminders and
invitation mail (``events/reminders``, ``events/notifications``), feed invalidation
(``feeds``), network ties and other channels connect receivers to them. Every signal is
sent inside the transaction that made the change, after a flush; receivers add rows to
the same session and never commit, so the happening and its consequences land together
or not at all.

Senders and keyword arguments:

- ``registered`` / ``waitlisted`` / ``promoted`` / ``unregistered``: the ``Registration``.
- ``event_created``: the new ``Event`` (a draft, or a copy).
- ``event_published``: the ``Event``.
- ``event_changed``: the ``Event``; ``changed`` lists the fields a calendar shows that
  moved (empty when only other details changed), ``before`` their values before the
  change (the update mail says old → new).
- ``event_parts_changed``: the ``Event`` whose stops, sessions or programme changed;
  ``retime`` says whether reminders that point at parts must move.
- ``reminders_changed``: the ``Event`` whose reminder offsets changed.
- ``event_cancelled``: the ``Event``; ``was_published`` says whether anyone could have
  registered.
- ``checked_in``: the ``Registration`` (at the door, or at a rally stop).
- ``visit_step``: the ``StudyVisitRequest`` that moved a step; ``tell_member_id`` is the
  organisation whose people should hear of it.
- ``attendance_recorded``: the ``TrainingSession`` whose roll-call was saved.
"""

from __future__ import annotations

from blinker import Namespace

_events = Namespace()

registered = _events.signal("registered")
waitlisted = _events.signal("waitlisted")
promoted = _events.signal("promoted")
unregistered = _events.signal("unregistered")
event_created = _events.signal("event-created")
event_published = _events.signal("event-published")
event_changed = _events.signal("event-changed")
event_parts_changed = _events.signal("event-parts-changed")
reminders_changed = _events.signal("reminders-changed")
event_cancelled = _events.signal("event-cancelled")
checked_in = _events.signal("checked-in")
visit_step = _events.signal("visit-step")
attendance_recorded = _events.signal("attendance-recorded")
