"""Readiness: can this instance serve? Database, Redis, background workers, schema.

``/readyz`` (``main/views.py``) asks :func:`readiness`; a load balancer or an
orchestrator sends traffic only while it answers 200. Every check is cheap and bounded by
a short timeout, so probing it every few seconds costs nothing:

* **database**: ``SELECT 1`` (on PostgreSQL under a ``statement_timeout``);
* **redis**: ``PING`` on the Redis the site uses (``REDIS_URL``, else the broker or the
  rate-limit store when either is a ``redis://`` URL); not configured = not checked;
* **workers** and **beat**: when Celery has a broker, each worker refreshes a key
  ``ruamjai:heartbeat:worker:<hostname>`` every :data:`HEARTBEAT_SECONDS` from a thread
  (``tasks.py``), and a beat-scheduled task refreshes ``ruamjai:heartbeat:beat``, so a
  fresh beat key proves beat, the broker and a worker all move. Keys expire after
  :data:`HEARTBEAT_TTL`: a dead worker disappears on its own, no ``inspect`` broadcast;
* **migrations**: the database's Alembic revision is the head of ``migrations/``.

The answer names the parts and says ``ok``, ``failed`` or ``not configured``; no URLs,
host names, versions or error texts (those go to the log).
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa

log = logging.getLogger(__name__)

HEARTBEAT_PREFIX = "ruamjai:heartbeat:"
WORKER_KEY_PREFIX = HEARTBEAT_PREFIX + "worker:"
BEAT_KEY = HEARTBEAT_PREFIX + "beat"
HEARTBEAT_SECONDS = 30.0
# Three missed beats and the part counts as gone.
HEARTBEAT_TTL = int(HEARTBEAT_SECONDS * 3)
CHECK_TIMEOUT_SECONDS = 2.0

OK = "ok"
FAILED = "failed"
NOT_CONFIGURED = "not configured"

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def redis_url(config: Mapping[str, Any]) -> str | None:
    """The Redis this site uses: ``REDIS_URL``, else a redis broker or rate-limit store."""
    if config.get("REDIS_URL"):
        return str(config["REDIS_URL"])
    for name in ("CELERY_BROKER_URL", "RATELIMIT_STORAGE_URI"):
        value = str(config.get(name) or "")
        if value.startswith(("redis://", "rediss://")):
            return value
    return None


def redis_client(url: str, timeout: float = CHECK_TIMEOUT_SECONDS) -> Any:
    import redis

    return redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)


def worker_key(hostname: str | None = None) -> str:
    return WORKER_KEY_PREFIX + (hostname or socket.gethostname())


def beat(client: Any, key: str, ttl: int = HEARTBEAT_TTL) -> None:
    """Refresh one heartbeat key (the value is only for people reading Redis)."""
    client.set(key, "alive", ex=ttl)


def check_database(engine: sa.Engine, timeout: float = CHECK_TIMEOUT_SECONDS) -> bool:
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text(f"SET LOCAL statement_timeout = {int(timeout * 1000)}"))
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as exc:
        log.warning("readiness: database unreachable: %s", exc.__class__.__name__)
        return False
    return True


@lru_cache(maxsize=4)
def migration_heads(directory: str = str(MIGRATIONS_DIR)) -> frozenset[str]:
    """The head revision(s) of the migration scripts (read once per process)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", directory)
    return frozenset(ScriptDirectory.from_config(config).get_heads())


def check_migrations(engine: sa.Engine) -> bool:
    from alembic.runtime.migration import MigrationContext

    try:
        with engine.connect() as conn:
            current = frozenset(MigrationContext.configure(conn).get_current_heads())
    except sa.exc.SQLAlchemyError as exc:
        log.warning("readiness: migration revision unreadable: %s", exc.__class__.__name__)
        return False
    if current != migration_heads():
        log.warning("readiness: database at %s, migrations at %s", sorted(current),
                    sorted(migration_heads()))  # fmt: skip
        return False
    return True


def check_redis(client: Any) -> bool:
    try:
        return bool(client.ping())
    except Exception as exc:  # any client failure means "not reachable"
        log.warning("readiness: redis unreachable: %s", exc.__class__.__name__)
        return False


def check_heartbeats(client: Any) -> tuple[bool, bool]:
    """(some worker alive, beat alive), from the heartbeat keys that have not expired."""
    try:
        workers = next(iter(client.scan_iter(match=WORKER_KEY_PREFIX + "*", count=100)), None)
        beat_alive = bool(client.exists(BEAT_KEY))
    except Exception as exc:  # unreachable Redis: nothing can be said to be alive
        log.warning("readiness: heartbeats unreadable: %s", exc.__class__.__name__)
        return False, False
    return workers is not None, beat_alive


def readiness(engine: sa.Engine, config: Mapping[str, Any]) -> tuple[bool, dict[str, str]]:
    """(ready, {part: ok | failed | not configured}) for ``/readyz``."""
    database = check_database(engine)
    checks = {
        "database": OK if database else FAILED,
        "migrations": OK if database and check_migrations(engine) else FAILED,
        "redis": NOT_CONFIGURED,
        "workers": NOT_CONFIGURED,
        "beat": NOT_CONFIGURED,
    }
    url = redis_url(config)
    if url:
        client = redis_client(url)
        try:
            reachable = check_redis(client)
            checks["redis"] = OK if reachable else FAILED
            if config.get("CELERY_BROKER_URL"):
                workers, beat_alive = check_heartbeats(client) if reachable else (False, False)
                checks["workers"] = OK if workers else FAILED
                checks["beat"] = OK if beat_alive else FAILED
        finally:
            client.close()
    return all(value != FAILED for value in checks.values()), checks


def main(argv: list[str]) -> int:
    """Container health check: ``python -m scheduler_app.health worker|beat``.

    ``worker``: this host's Celery worker (``celery@<hostname>``) has a fresh heartbeat;
    ``beat``: beat's heartbeat task ran within :data:`HEARTBEAT_TTL`. Reads Redis from
    the environment as the app does; exit 0 when alive, 1 when not.
    """
    import os

    part = argv[0] if argv else ""
    keys = {"worker": worker_key("celery@" + socket.gethostname()), "beat": BEAT_KEY}
    url = redis_url(os.environ)
    if part not in keys or not url:
        print("usage: python -m scheduler_app.health worker|beat (with REDIS_URL set)")
        return 2
    client = redis_client(url)
    try:
        alive = bool(client.exists(keys[part]))
    except Exception as exc:  # unreachable Redis: not healthy
        print(f"{part}: redis unreachable ({exc.__class__.__name__})")
        return 1
    finally:
        client.close()
    print(f"{part}: {OK if alive else FAILED}")
    return 0 if alive else 1


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
