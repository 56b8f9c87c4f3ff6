"""pages at national size: trigram name search, directory order, upcoming events

On PostgreSQL: the ``pg_trgm`` extension and GIN trigram indexes on the member names the
directory search reads (``ILIKE '%term%'``). A role that may not create the extension
gets a warning and no trigram indexes; the search then still works, by scanning.
Everywhere: the directory's sort index, ``member.updated_at`` (the home page's cache key)
and ``event (status, start_at)`` for what is coming up.

Revision ID: 5d3e8f1a2b70
Revises: 4b7d2e9c1a60
Create Date: 2026-11-28 10:30:00.000000

"""
import logging

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5d3e8f1a2b70'
down_revision = '4b7d2e9c1a60'
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")
TRGM_COLUMNS = ("name_th", "name_en")


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _create_trigram_extension() -> bool:
    """True when ``pg_trgm`` is there (already, or created now)."""
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).scalar():
        return True
    # A savepoint, so a refusal leaves the migration's transaction usable.
    savepoint = bind.begin_nested()
    try:
        bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except sa.exc.DBAPIError as error:
        savepoint.rollback()
        log.warning(
            "pg_trgm could not be created (%s): member search will scan the member table. "
            "Ask a superuser to run CREATE EXTENSION pg_trgm, then re-run this migration.",
            str(error.orig).strip(),
        )
        return False
    savepoint.commit()
    return True


def upgrade():
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.create_index('ix_member_name_th_id', ['name_th', 'id'], unique=False)
        batch_op.create_index('ix_member_updated_at', ['updated_at'], unique=False)
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index('ix_event_status_start_at', ['status', 'start_at'], unique=False)
    if _postgresql() and _create_trigram_extension():
        for column in TRGM_COLUMNS:
            op.create_index(
                f'ix_member_{column}_trgm',
                'member',
                [column],
                unique=False,
                postgresql_using='gin',
                postgresql_ops={column: 'gin_trgm_ops'},
            )


def downgrade():
    if _postgresql():
        for column in TRGM_COLUMNS:
            op.execute(f'DROP INDEX IF EXISTS ix_member_{column}_trgm')
        # The extension stays: other databases objects may use it, and dropping it
        # needs the rights creating it did.
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index('ix_event_status_start_at')
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.drop_index('ix_member_updated_at')
        batch_op.drop_index('ix_member_name_th_id')
