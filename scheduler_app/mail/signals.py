"""What the mail layer asks the areas above it.

- ``refusals``: sent by the sender just before a claimed batch goes out, with ``rows``
  (claimed rows carrying ``id``, ``person_id`` and ``kind``) and ``conn`` (the sending
  connection, to read on). A receiver returns the ids of rows that must not be sent
  after all (their person withdrew consent, opted out or was erased between queuing and
  sending); those rows are withdrawn instead of sent. ``accounts.mail_preferences``
  listens, so the mail layer never imports accounts.
- ``bulk_audiences``: sent by a page that plans a channel's quota (the LINE quota page)
  with ``channel`` and ``now``. Each area that sends to many people at once returns
  ``(label, count)``: how many messages its next round would send by that channel at
  most. ``followups`` answers for the "we miss you" invitations, so the quota page names
  campaigns without importing the areas that run them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from blinker import Namespace
from sqlalchemy.engine import Connection

_mail = Namespace()

refusals = _mail.signal("mail-refusals")
bulk_audiences = _mail.signal("mail-bulk-audiences")


def planned_audiences(channel: str, now: Any) -> list[tuple[str, int]]:
    """``(label, count)`` for every bulk sending some area plans by ``channel``."""
    return [
        answer for _receiver, answer in bulk_audiences.send(None, channel=channel, now=now)
        if answer is not None
    ]  # fmt: skip


def refused_ids(rows: Sequence[Any], conn: Connection) -> set[int]:
    """The ids among ``rows`` some receiver refuses to send."""
    if not rows:
        return set()
    refused: set[int] = set()
    for _receiver, found in refusals.send(None, rows=rows, conn=conn):
        refused.update(found or ())
    conn.commit()  # end the reads' transaction: SQLite writers must not wait on it
    return refused
