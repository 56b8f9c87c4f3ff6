"""Who may read and manage the outbox: the one place this blueprint checks access.

``/dev/outbox`` exists only while mail is not really sent (MAIL_SERVER unset) or when
DEV_OUTBOX is set. Messages hold private links (password resets, unsubscribe tokens),
so only admins may read it, except in debug mode on a developer's machine, where anyone
may (the debugger already gives full access there). ``/admin/outbox`` is for admins.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, current_app
from flask_login import current_user

from scheduler_app.extensions import login_manager

F = TypeVar("F", bound=Callable[..., Any])


def dev_outbox_enabled() -> bool:
    """True while mail stays in the outbox (no MAIL_SERVER) or DEV_OUTBOX is set."""
    config = current_app.config
    return not config.get("MAIL_SERVER") or bool(config.get("DEV_OUTBOX"))


def _is_admin(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_admin)


def can_read_dev_outbox(user: Any) -> bool:
    return dev_outbox_enabled() and (current_app.debug or _is_admin(user))


def can_manage_outbox(user: Any) -> bool:
    return _is_admin(user)


def _deny(user: Any) -> Any:
    if not (user and user.is_authenticated):
        return login_manager.unauthorized()
    abort(403)


def dev_outbox_required(view: F) -> F:
    """404 when the dev outbox is off; login or 403 for people who may not read it."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not dev_outbox_enabled():
            abort(404)
        if not can_read_dev_outbox(current_user):
            return _deny(current_user)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def outbox_admin_required(view: F) -> F:
    """Login for anonymous people, 403 for everyone but admins."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not can_manage_outbox(current_user):
            return _deny(current_user)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]
