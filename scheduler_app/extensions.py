"""Flask extensions, created unbound; ``create_app`` binds them with ``init_app``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mail import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base whose constraint names are stable across databases."""

    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """Stores naive UTC on every backend and always hands back aware UTC datetimes."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    """The current time, aware, in UTC (only for defaults; core code takes ``now``)."""
    return datetime.now(UTC)


db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
mail = Mail()
limiter = Limiter(key_func=get_remote_address, default_limits=[], strategy="fixed-window")


def include_for_dialect(dialect_name: str) -> Callable[..., bool]:
    """Alembic's ``include_object`` for a database of ``dialect_name``: schema objects
    declared for one dialect only (``info={"only_dialect": ...}``, created with
    ``ddl_if``, like the PostgreSQL trigram indexes) are left out of comparisons
    elsewhere, so autogenerate does not ask for them on SQLite."""

    def include(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
        only = getattr(obj, "info", {}).get("only_dialect")
        return only is None or only == dialect_name

    return include


@sa.event.listens_for(sa.pool.Pool, "connect")
def _no_jit_on_postgresql(dbapi_connection: Any, _record: Any) -> None:
    """Turn PostgreSQL's JIT compiler off for the app's connections.

    Page queries are short, but a recursive query (a member's sub-members) is estimated
    at many times its real size, and above ``jit_above_cost`` PostgreSQL spends a second
    or more compiling a plan that runs in milliseconds. Committed, so the pool's rollback
    on return keeps the setting."""
    if type(dbapi_connection).__module__.split(".")[0] != "psycopg":
        return
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET jit = off")
    dbapi_connection.commit()
