"""Time values (DTSTART, DTEND, DTSTAMP, LAST-MODIFIED, CREATED) for icalendar components.

:func:`time_value` gives icalendar's own value type, ``vDDDTypes``, with its parameters
(``TZID``, ``VALUE=DATE``) and its bytes worked out once and directly. Plain
``vDDDTypes`` looks the zone's name up among every equivalent zone name when it is made
and again each time it is written (``tzid_from_dt``), which was a third of a VEVENT's
cost; here the name is looked up once per zone, with the same icalendar function, and the
bytes are formatted as ``vDatetime``/``vDate`` format them. A test compares the two on
random times in every zone this package writes.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from functools import lru_cache

from icalendar import vDDDTypes
from icalendar.parser import Parameters
from icalendar.timezone.tzid import tzid_from_tzinfo


class _Time(vDDDTypes):
    """A ``vDDDTypes`` whose parameters and bytes were worked out beforehand."""

    def __init__(self, dt: datetime | date, params: dict[str, str], data: bytes) -> None:
        # vDDDTypes.__init__ is skipped on purpose: it is the zone-name search.
        self.dt = dt
        self.params = Parameters(params)
        self._data = data

    def to_ical(self) -> bytes:
        return self._data


def time_value(value: datetime | date) -> vDDDTypes:
    """``vDDDTypes(value)``, made cheaply for a date or an aware datetime."""
    if type(value) is date:
        return _Time(
            value, {"VALUE": "DATE"}, b"%04d%02d%02d" % (value.year, value.month, value.day)
        )
    if type(value) is datetime and value.tzinfo is not None:
        tzid = _tzid(value.tzinfo)
        if tzid is not None:
            data = b"%04d%02d%02dT%02d%02d%02d" % (
                value.year, value.month, value.day, value.hour, value.minute, value.second,
            )  # fmt: skip
            if tzid == "UTC":  # UTC is written with a Z, never as a TZID (RFC 5545 §3.2.19)
                return _Time(value, {}, data + b"Z")
            return _Time(value, {"TZID": tzid}, data)
    return vDDDTypes(value)


@lru_cache(maxsize=64)
def _tzid(zone: tzinfo) -> str | None:
    """icalendar's name for a zone (the same lookup ``vDDDTypes`` makes for every value)."""
    return tzid_from_tzinfo(zone)
