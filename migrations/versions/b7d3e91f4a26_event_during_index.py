"""event: an index of what is under way at a time

The agenda lists events that end after now in start order; those already under way
started in the past, so "end_at >= now" read from the start-time index walked every past
event (77 ms of the agenda at national size); the month grid did the same for events
begun before the month. PostgreSQL: a GiST index of each event's time span
(``tsrange(start_at, end_at, '[]') @> t``), whose statistics also tell the planner how
few events are under way (a B-tree on (end_at, start_at) is estimated at a quarter of the
table and the planner walks the start-time index instead). SQLite: a B-tree on
(end_at, start_at).

Revision ID: b7d3e91f4a26
Revises: a3c9e1f0b7d2
Create Date: 2026-11-28 13:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d3e91f4a26'
down_revision = 'a3c9e1f0b7d2'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.create_index(
            "ix_event_during",
            "event",
            [sa.text("tsrange(start_at, end_at, '[]')")],
            postgresql_using="gist",
        )
    else:
        op.create_index("ix_event_end_at_start_at", "event", ["end_at", "start_at"])


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_event_during", table_name="event")
    else:
        op.drop_index("ix_event_end_at_start_at", table_name="event")
