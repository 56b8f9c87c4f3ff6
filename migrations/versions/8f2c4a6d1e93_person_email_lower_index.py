"""person: an index on lower(email)

The published-contact rule and the contact lookups compare addresses case-insensitively
(``lower(person.email)``); at national size (1,000,000 people) that read every row, 340 ms
on each member page. PostgreSQL only (national data lives there; SQLite's reflection
cannot read an expression index back).

Revision ID: 8f2c4a6d1e93
Revises: 5d3e8f1a2b70
Create Date: 2026-11-28 12:15:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8f2c4a6d1e93'
down_revision = '5d3e8f1a2b70'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.create_index("ix_person_email_lower", "person", [sa.text("lower(email)")])


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_person_email_lower", table_name="person")
