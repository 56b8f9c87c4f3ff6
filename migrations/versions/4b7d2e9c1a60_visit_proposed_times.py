"""study visits: the times a host proposes with other dates (pre-filled for the visitors)

Revision ID: 4b7d2e9c1a60
Revises: 1e1d09244782
Create Date: 2026-11-28 07:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4b7d2e9c1a60'
down_revision = '1e1d09244782'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('study_visit_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('proposed_start_time', sa.Time(), nullable=True))
        batch_op.add_column(sa.Column('proposed_end_time', sa.Time(), nullable=True))


def downgrade():
    with op.batch_alter_table('study_visit_request', schema=None) as batch_op:
        batch_op.drop_column('proposed_end_time')
        batch_op.drop_column('proposed_start_time')
