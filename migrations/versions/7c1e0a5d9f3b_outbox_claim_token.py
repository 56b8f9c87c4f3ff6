"""outbox: claim token and an index for stale claims

A worker claims rows under a token and renews ``claimed_at`` while it sends; outcomes are
written only while the row still carries the token. ``ix_outbox_message_claimed`` lets
the next worker find claims nobody renews without scanning the outbox.

Revision ID: 7c1e0a5d9f3b
Revises: 2b8d78198d7a
Create Date: 2026-11-28 04:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c1e0a5d9f3b'
down_revision = '2b8d78198d7a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claim_token', sa.String(length=32), nullable=True))
        batch_op.create_index('ix_outbox_message_claimed', ['claimed_at'], unique=False, postgresql_where=sa.text("status = 'sending'"), sqlite_where=sa.text("status = 'sending'"))


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_message_claimed', postgresql_where=sa.text("status = 'sending'"), sqlite_where=sa.text("status = 'sending'"))
        batch_op.drop_column('claim_token')
