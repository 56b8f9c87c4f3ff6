"""Reminders read the real outbox and real mail (see ``tests/delivery.py``)."""

from __future__ import annotations

import pytest

from tests.delivery import deliver_all, mail_app, make_event, smtp  # noqa: F401


@pytest.fixture(autouse=True)
def sent() -> None:
    """Replaces the events tests' recorder: these tests read the real outbox."""
