"""Home page, language switch, liveness (``/healthz``) and readiness (``/readyz``)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, Response, current_app, jsonify, redirect, render_template, request
from flask import session as http_session
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response as WerkzeugResponse

from scheduler_app import health
from scheduler_app.accounts.permissions import is_staff
from scheduler_app.directory.models import Member
from scheduler_app.extensions import db, limiter, utcnow
from scheduler_app.i18n import current_locale
from scheduler_app.line import settings as line_settings
from scheduler_app.line.permissions import can_see_quota
from scheduler_app.mail.permissions import can_manage_outbox, can_read_dev_outbox
from scheduler_app.network.permissions import can_see_health, can_see_network
from scheduler_app.web import safe_next

bp = Blueprint("main", __name__)

NAV_ITEMS = (
    ("main.home", _l("Home")),
    ("directory.index", _l("Directory")),
    ("venues.index", _l("Venues")),
    ("maps.index", _l("Map")),
    ("events.agenda", _l("Activities")),
    ("events.calendar", _l("Calendar")),
    ("rotation.index", _l("Host rotation")),
)
NavItems = list[tuple[str, LazyString]]


def nav_items() -> NavItems:
    """The main menu: what everyone may open, then what this person may open too."""
    items: NavItems = list(NAV_ITEMS)
    if can_see_network(current_user):
        items.append(("network.index", _l("Network")))
    if current_user.is_authenticated:
        items.append(("events.mine", _l("My activities")))
    return items


def manage_items() -> NavItems:
    """The "Manage" group of the menu: the staff pages this person may open (none for
    members and hosts, whose own tools sit on their organisation's and events' pages)."""
    items: NavItems = []
    if is_staff(current_user):
        items += [
            ("people.people_admin", _l("People and roles")),
            ("directory.topics", _l("Topics")),
            ("followups.quiet_members", _l("Quiet members")),
        ]
    if can_see_health(current_user):
        items.append(("network.health", _l("Network health")))
    if line_settings.is_enabled() and can_see_quota(current_user):
        items.append(("line.quota_page", _l("LINE quota")))
    if can_manage_outbox(current_user):
        items.append(("mail.admin_outbox", _l("Outbox")))
    if can_read_dev_outbox(current_user):
        items.append(("mail.dev_outbox", _l("Development outbox")))
    if current_user.is_authenticated and current_user.is_admin:
        items += [
            ("privacy.edit_notice", _l("Privacy notice")),
            ("privacy.audit_log", _l("Audit log")),
        ]
    return items


# The rendered menu per (language, current endpoint, script root, items), per app: the
# same few dozen variants serve every page view (issue 16: the layout's cost). Bounded:
# a full cache is emptied and refilled.
NAV_CACHE_SIZE = 1024


def site_nav() -> Markup:
    """The main menu's HTML (``_site_nav.html``) for this request, rendered once per
    language, current page and set of items this person may open."""
    nav, manage = nav_items(), manage_items()
    key = (
        current_locale(),
        request.endpoint,
        request.script_root,
        tuple(endpoint for endpoint, _label in nav),
        tuple(endpoint for endpoint, _label in manage),
    )
    cache: dict[tuple[object, ...], Markup] = current_app.extensions.setdefault("site_nav", {})
    found = cache.get(key)
    if found is None:
        template = current_app.jinja_env.get_template("_site_nav.html")
        # An autoescaped template's output (every label and URL escaped there).
        html = template.render(nav=nav, manage=manage, current=request.endpoint)
        found = Markup(html)  # noqa: S704  # nosec B704
        if len(cache) >= NAV_CACHE_SIZE:
            cache.clear()
        cache[key] = found
    return found


@bp.app_context_processor
def inject_nav() -> dict[str, object]:
    return {"site_nav": site_nav, "nav_items": nav_items, "manage_items": manage_items}


# Active members by kind, with the state of ``member`` they were counted at. Counting
# reads every member (80,000 at national size), so each process counts again only when a
# member was added or changed since (``ix_member_updated_at`` and the primary key answer
# that in one cheap query), whichever process changed it.
_member_counts: dict[str, object] = {}


def member_counts() -> dict[str, int]:
    """Active members by kind: one cheap query when nothing changed, two when it did."""
    # Two scalar subqueries: SQLite reads a max() from an index only when it is alone.
    changed, last_id = db.session.execute(
        sa.select(
            sa.select(sa.func.max(Member.updated_at)).scalar_subquery(),
            sa.select(sa.func.max(Member.id)).scalar_subquery(),
        )
    ).one()
    key = (str(db.engine.url), changed, last_id)
    if _member_counts.get("key") != key:
        rows = db.session.execute(
            sa.select(Member.kind, sa.func.count()).where(Member.is_active).group_by(Member.kind)
        )
        counts = {kind: int(n) for kind, n in rows}
        _member_counts.update(key=key, counts=counts)
    return dict(_member_counts["counts"])  # type: ignore[call-overload]


@bp.get("/")
def home() -> str:
    """What the network is, its size, and what is coming up."""
    counts = member_counts()
    from scheduler_app.events.queries import upcoming_published

    upcoming = upcoming_published(utcnow())
    return render_template("main/home.html", counts=counts, upcoming=upcoming)


@bp.post("/language")
def set_language() -> WerkzeugResponse:
    """Remember the chosen language: on the account when signed in, else in the session."""
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        http_session["lang"] = lang
        if current_user.is_authenticated:
            current_user.preferred_language = lang
            db.session.commit()
    return redirect(safe_next(request.form.get("next")))


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    """Liveness and database reachability, for load balancers."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok"), 200


@bp.get("/readyz")
@limiter.exempt
def readyz() -> tuple[Response, int]:
    """Readiness: database, Redis, workers and schema, each ok, failed or not configured."""
    ready, checks = health.readiness(db.engine, current_app.config)
    body = jsonify(status="ready" if ready else "not ready", checks=checks)
    body.headers["Cache-Control"] = "no-store"
    return body, 200 if ready else 503


from scheduler_app.main import share  # noqa: E402, F401
