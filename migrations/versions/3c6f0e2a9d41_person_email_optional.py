"""people: a chart contact may have no e-mail address (person.email nullable)

Revision ID: 3c6f0e2a9d41
Revises: ee26be3bde83
Create Date: 2026-11-28 07:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3c6f0e2a9d41'
down_revision = 'ee26be3bde83'
branch_labels = None
depends_on = None


def upgrade():
    # The unique constraint stays: SQLite and PostgreSQL both let many rows be NULL.
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.alter_column('email', existing_type=sa.String(length=254), nullable=True)


def downgrade():
    # Contacts without an address get a placeholder that can never receive mail.
    op.execute(
        "UPDATE person SET email = 'contact-' || CAST(id AS VARCHAR(20)) || '@invalid' "
        "WHERE email IS NULL"
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.alter_column('email', existing_type=sa.String(length=254), nullable=False)
