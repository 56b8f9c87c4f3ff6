"""Follow-ups read real mail (see ``tests/delivery.py``)."""

from __future__ import annotations

from tests.delivery import deliver_all, mail_app, make_event, smtp  # noqa: F401
