"""outbox_message: an index on created_at

The retention purge blanks finished mail bodies after RETENTION_OUTBOX_BODY_DAYS and
deletes finished rows after RETENTION_OUTBOX_ROW_DAYS; at national size (tens of millions
of rows) both would otherwise read the whole table every day.

Revision ID: a3c9e1f0b7d2
Revises: 8f2c4a6d1e93
Create Date: 2026-11-28 13:45:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a3c9e1f0b7d2'
down_revision = '8f2c4a6d1e93'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_message_created_at", ["created_at"], unique=False)


def downgrade():
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_message_created_at")
