"""iCalendar (RFC 5545) for feeds, downloads and iTIP mail, built with the ``icalendar``
package; pure code.

The caller describes the calendar and its events with frozen dataclasses of plain values
(:mod:`.model`); :func:`build_calendar` returns the bytes. Nothing here reads the clock:
the output depends only on its arguments, so two renders of unchanged data are
byte-identical.

``icalendar`` builds every component (``Calendar``, ``Event``, ``Timezone``) and writes
its content lines: escaping, parameter quoting (RFC 6868) and its canonical property
order. The package's modules, in the order a render uses them:

- ``model``: ``CalendarSpec``, ``CalendarEvent``, ``Organizer``, ``Attendee``, the
  ``VeventStore`` protocol;
- ``calendar``: ``build_calendar`` and the VCALENDAR head;
- ``memo``: the worker's VEVENT memo and the shared-store key (``vevent_key``);
- ``vevent``: one VEVENT component and its bytes; ``fold``: line folding;
- ``zones``: VTIMEZONEs; ``values``: control characters out; ``listing``: which events a
  feed lists.

This module names the public API; import it as ``from scheduler_app.core import ical``.
"""

from scheduler_app.core.ical.calendar import build_calendar
from scheduler_app.core.ical.listing import CANCELLED_KEPT_FOR, cancelled_cutoff, is_listed
from scheduler_app.core.ical.memo import VEVENT_FORMAT, VEVENT_MEMO_SIZE, clear_memo, vevent_key
from scheduler_app.core.ical.model import (
    CANCELLED_PREFIX,
    DEFAULT_PRODID,
    Attendee,
    CalendarEvent,
    CalendarSpec,
    Method,
    Organizer,
    Status,
    VeventStore,
)
from scheduler_app.core.ical.zones import ZONE_FIRST_DATE, ZONE_LAST_DATE

__all__ = [
    "CANCELLED_KEPT_FOR",
    "CANCELLED_PREFIX",
    "DEFAULT_PRODID",
    "VEVENT_FORMAT",
    "VEVENT_MEMO_SIZE",
    "ZONE_FIRST_DATE",
    "ZONE_LAST_DATE",
    "Attendee",
    "CalendarEvent",
    "CalendarSpec",
    "Method",
    "Organizer",
    "Status",
    "VeventStore",
    "build_calendar",
    "cancelled_cutoff",
    "clear_memo",
    "is_listed",
    "vevent_key",
]
