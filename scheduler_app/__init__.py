"""Ruamjai (ร่วมใจ): the application factory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from config import Config

# ``flask`` commands that cron or systemd timers run as jobs: one log line each with
# name, outcome, seconds and counts (``logs.log_job``); Celery tasks log the same line.
JOB_COMMANDS = (
    "mail send-due",
    "followups run",
    "privacy purge",
    "feeds prune-vevents",
    "network recompute",
    "rotation chase",
)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: config, extensions, blueprints, CLI, in small steps."""
    app = Flask(
        __name__,
        instance_path=str(Path(__file__).resolve().parent.parent / "instance"),
        template_folder="../templates",
        static_folder="../static",
    )
    app.config.from_object(Config)
    if test_config:
        app.config.update(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    from scheduler_app import errors, i18n, logs, security

    logs.configure(app)
    security.configure(app)
    register_extensions(app)
    i18n.init_app(app)
    register_blueprints(app)
    errors.register(app)
    register_cli(app)
    logs.time_cli_jobs(app, JOB_COMMANDS)
    return app


def register_extensions(app: Flask) -> None:
    from scheduler_app.extensions import csrf, db, limiter, login_manager, mail, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    csrf.init_app(app)
    mail.init_app(app)
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    limiter.init_app(app)
    _limit_decorated_views_only(app, limiter)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message_category = "info"
    import_models()

    from scheduler_app.accounts.sessions import load_user

    login_manager.user_loader(load_user)


def _limit_decorated_views_only(app: Flask, limiter: Any) -> None:
    """Rate limits apply only to the views that carry ``@limiter.limit`` (log-in, sign-up,
    password reset): such a view checks its own limits when it is called. Flask-Limiter's
    app-wide hooks would otherwise resolve limits on every request, every page and every
    feed poll, where there are none (issue 16: the limiter checked every request). With
    app-wide limits configured (``RATELIMIT_DEFAULT`` / ``RATELIMIT_APPLICATION``) the
    hooks stay, since those limits need them."""
    if app.config.get("RATELIMIT_DEFAULT") or app.config.get("RATELIMIT_APPLICATION"):
        return
    hooks = app.before_request_funcs.get(None, [])
    app.before_request_funcs[None] = [h for h in hooks if h != limiter._check_request_limit]
    after = app.after_request_funcs.get(None, [])
    app.after_request_funcs[None] = [
        h for h in after if getattr(h, "args", (None,))[0] is not limiter
    ]


def import_models() -> None:
    """Import every model module so metadata (and Alembic) sees all tables."""
    from scheduler_app.accounts import models as _accounts  # noqa: F401
    from scheduler_app.accounts import privacy_models as _privacy  # noqa: F401
    from scheduler_app.directory import models as _directory  # noqa: F401
    from scheduler_app.directory import profile_models as _profiles  # noqa: F401
    from scheduler_app.events import models as _events  # noqa: F401
    from scheduler_app.events.rally import models as _rally  # noqa: F401
    from scheduler_app.events.study_visits import models as _visits  # noqa: F401
    from scheduler_app.events.training import models as _training  # noqa: F401
    from scheduler_app.feeds import models as _feeds  # noqa: F401
    from scheduler_app.followups import models as _followups  # noqa: F401
    from scheduler_app.line import models as _line  # noqa: F401
    from scheduler_app.mail import models as _mail  # noqa: F401
    from scheduler_app.network import models as _network  # noqa: F401
    from scheduler_app.rotation import models as _rotation  # noqa: F401
    from scheduler_app.venues import models as _venues  # noqa: F401


def register_blueprints(app: Flask) -> None:
    from scheduler_app.accounts.views import bp as accounts_bp
    from scheduler_app.directory.people_admin import bp as people_bp
    from scheduler_app.directory.routes import bp as directory_bp
    from scheduler_app.events.routes import bp as events_bp
    from scheduler_app.followups.views import bp as followups_bp
    from scheduler_app.mail.views import bp as mail_bp
    from scheduler_app.main.views import bp as main_bp
    from scheduler_app.venues.views import bp as venues_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(directory_bp)
    app.register_blueprint(people_bp)
    app.register_blueprint(venues_bp)
    app.register_blueprint(events_bp)
    app.register_blueprint(mail_bp)
    app.register_blueprint(followups_bp)
    from scheduler_app.rotation.routes import bp as rotation_bp

    app.register_blueprint(rotation_bp)
    from scheduler_app.feeds.views import bp as feeds_bp

    app.register_blueprint(feeds_bp)
    from scheduler_app.privacy.views import bp as privacy_bp

    app.register_blueprint(privacy_bp)

    from scheduler_app.maps.views import bp as maps_bp

    app.register_blueprint(maps_bp)

    from scheduler_app import line
    from scheduler_app.line.views import bp as line_bp
    from scheduler_app.network.views import bp as network_bp

    app.register_blueprint(line_bp)
    line.init_app(app)

    app.register_blueprint(network_bp)


def register_cli(app: Flask) -> None:
    from scheduler_app.accounts.cli import users_cli
    from scheduler_app.demo.cli import demo_command
    from scheduler_app.followups.cli import followups_cli
    from scheduler_app.mail.cli import mail_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(mail_cli)
    app.cli.add_command(followups_cli)
    from scheduler_app.rotation.cli import rotation_cli

    app.cli.add_command(rotation_cli)
    from scheduler_app.privacy.cli import privacy_cli

    app.cli.add_command(privacy_cli)

    from scheduler_app.network.cli import network_cli

    app.cli.add_command(network_cli)

    from scheduler_app.feeds.cli import feeds_cli
    from scheduler_app.line.cli import line_cli

    app.cli.add_command(line_cli)

    app.cli.add_command(feeds_cli)
