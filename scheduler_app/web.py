"""What every blueprint's views share: one guard, one way to show a refused change
beside its field, and safe redirects.

- ``require(allowed)``: anonymous people go to the login page (a page visit comes back
  to where it was afterwards), signed-in people who may not get 403.
- ``refuse(form, exc, render)``: a service refused a change (``FieldError``): roll the
  transaction back, put the message beside its field (or flash it), and render the same
  form again with what the person typed, as a 422 (the form was well formed; a rule
  said no).
- ``submit(form, render, apply, then=…, saved=…)``: the whole tail of a form view
  (``form_page`` when the form has its page to itself);
  ``require_posted(form)`` and ``done(then, saved)``: the start and the end of a button
  that changes something (a form with only its CSRF token).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn, TypeVar
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import (
    abort,
    current_app,
    flash,
    has_request_context,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from werkzeug.wrappers import Response

from scheduler_app.extensions import db
from scheduler_app.forms import FieldError

T = TypeVar("T")

# What a view may return: a page, a page with its status, or a response (a redirect).
ViewResult = str | tuple[str, int] | Response


def safe_next(target: str | None, default: str = "/") -> str:
    """Only follow same-site relative paths after a form (no open redirects)."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


# Addresses a server listens on that are no place to send a browser to (only compared
# with, never bound).
_ANY_ADDRESS = {"", "0.0.0.0", "::", "[::]"}  # noqa: S104  # nosec B104


def base_url() -> str:
    """The site's address for absolute links (mail, feeds, webcal, copy buttons).

    ``BASE_URL`` when it is set (production must set it: a request's host is whatever
    the client sent). Unset, in a request: the host and port this request was served
    on; outside one (CLI, mail worker): ``SERVER_NAME``, else the ``HOST`` / ``PORT``
    that ``make run`` serves on (``127.0.0.1:5000`` by default).
    """
    configured = str(current_app.config.get("BASE_URL") or "").strip().rstrip("/")
    if configured:
        return configured
    if has_request_context():
        return request.host_url.rstrip("/")
    scheme = str(current_app.config.get("PREFERRED_URL_SCHEME") or "http")
    server = current_app.config.get("SERVER_NAME")
    if server:
        return f"{scheme}://{server}"
    host = os.environ.get("HOST", "").strip()
    host = "127.0.0.1" if host in _ANY_ADDRESS else host
    port = os.environ.get("PORT", "").strip() or "5000"
    return f"{scheme}://{host}:{port}"


def site_url(path: str) -> str:
    """``base_url()`` + ``path``: mail and feeds are also rendered outside requests."""
    return base_url() + path


def login_redirect() -> Response:
    """To the login page; a page visit comes back here afterwards (a form post cannot be
    replayed, so it comes back to no page in particular)."""
    if request.method in ("GET", "HEAD"):
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    return redirect(url_for("accounts.login"))


def deny() -> NoReturn:
    """Stop the request: log in first when anonymous, 403 otherwise."""
    if not current_user.is_authenticated:
        abort(login_redirect())
    abort(403)


def stop(page: str, status: int) -> NoReturn:
    """Stop the request here, answering with ``page`` and ``status``."""
    abort(make_response(page, status))


def require(allowed: bool) -> None:
    """The one guard: stop the request unless ``allowed``."""
    if not allowed:
        deny()


def require_login() -> None:
    """Stop anonymous people at the login page."""
    if not current_user.is_authenticated:
        deny()


def put_error(form: Any, exc: FieldError) -> None:
    """Show a refused change beside the field it names, or as a flash message."""
    target = getattr(form, exc.field, None) if exc.field else None
    if target is not None:
        target.errors = [*target.errors, exc.message]
    else:
        flash(str(exc), "error")


def require_posted(form: Any) -> None:
    """A button's form (only its CSRF token) must come back valid: otherwise a 400."""
    if not form.validate_on_submit():
        abort(400)


def done(
    then: str | Callable[[], str], saved: str | None = None, category: str = "success"
) -> Response:
    """The end of a change: commit, say so (when ``saved``), and go on to ``then`` (a URL,
    or a function that makes it after the commit, when it names a new row's id)."""
    db.session.commit()
    if saved:
        flash(saved, category)
    return redirect(then() if callable(then) else then)


def refuse(form: Any, exc: FieldError, render: Callable[[], T]) -> tuple[T, int]:
    """Roll back, show the refusal beside its field, and re-render the typed form (422)."""
    db.session.rollback()
    put_error(form, exc)
    return render(), 422


def submit(
    form: Any,
    render: Callable[[], str],
    apply: Callable[[], T],
    *,
    then: str | Callable[[T], str],
    saved: str | Callable[[T], str] | None = None,
) -> Response | tuple[str, int]:
    """The tail of every form view: show the form (200 on a visit, 400 when what was sent
    is wrong), apply it, show a refusal beside its field (422), or commit, say so and go on to
    ``then`` (a URL, or a function of what ``apply`` returned, e.g. the new row; ``saved``
    likewise)."""
    if not form.validate_on_submit():
        return render(), form_status()
    try:
        result = apply()
    except FieldError as exc:
        return refuse(form, exc, render)
    message = saved(result) if callable(saved) else saved
    if callable(then):
        to_result = then
        return done(lambda: to_result(result), message)
    return done(then, message)


def form_page(
    form: Any,
    template: str,
    apply: Callable[[], T],
    *,
    then: str | Callable[[T], str],
    saved: str | Callable[[T], str] | None = None,
    **context: Any,
) -> Response | tuple[str, int]:
    """``submit`` for a form that has its page to itself: ``template`` gets ``form`` and
    ``context``."""
    return submit(
        form,
        lambda: render_template(template, form=form, **context),
        apply,
        then=then,
        saved=saved,
    )


def page_arg() -> int:
    """The ``?page=`` of a paged list: 1 when missing or below 1; a number too large to be
    any page is a 400 (``request_input`` bounds ``get(type=int)``). Pass it to
    ``db.paginate``, which would otherwise read the raw value itself."""
    return max(request.args.get("page", 1, type=int) or 1, 1)


# The last page a list that forgives any ``?page=`` (``forgiving_page_arg``) goes to.
MAX_PAGE = 100_000


def forgiving_page_arg() -> int:
    """The ``?page=`` of a list that answers whatever was typed (the directory, the map):
    1 for anything but a number, at most ``MAX_PAGE``."""
    raw = request.args.get("page", "1")
    return min(max(int(raw), 1), MAX_PAGE) if raw.isdigit() and len(raw) < 8 else 1


def form_status() -> int:
    """400 for a submitted form that failed validation, 200 for a first visit."""
    return 400 if request.method == "POST" else 200


# Long lists count their matches up to this many, then say "more than". Counting every
# match reads every matching row (all 80,000 members, all 100,000 events at national
# size); reading at most COUNT_CAP + 1 keeps a page's cost independent of the data's size.
COUNT_CAP = 1000


def capped_count(stmt: sa.Select[Any], cap: int = COUNT_CAP) -> int:
    """How many rows ``stmt`` returns, but at most ``cap + 1`` (read as "more than cap")."""
    limited = stmt.order_by(None).with_only_columns(sa.literal(1)).limit(cap + 1).subquery()
    return int(db.session.execute(sa.select(sa.func.count()).select_from(limited)).scalar_one())


@dataclass
class CappedPage:
    """One page of a long list and its count capped at ``cap``, with what the
    ``pagination`` macro reads of ``flask_sqlalchemy``'s ``Pagination``. Whether a next
    page exists comes from reading one row more than the page, so pages past the cap
    stay reachable, one "Next" at a time."""

    items: Sequence[Any]
    page: int
    per_page: int
    total: int  # at most cap + 1
    more: bool = False  # rows exist after this page
    cap: int = COUNT_CAP

    @property
    def more_than_cap(self) -> bool:
        return self.total > self.cap

    @property
    def pages(self) -> int:
        counted = max(1, -(-min(self.total, self.cap) // self.per_page))
        return max(counted, self.page + 1 if self.more else self.page)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int | None:
        return self.page - 1 if self.has_prev else None

    @property
    def has_next(self) -> bool:
        return self.more

    @property
    def next_num(self) -> int | None:
        return self.page + 1 if self.more else None

    @property
    def past_the_end(self) -> bool:
        """A ``?page=`` beyond the last row: the page says so instead of "nothing found"."""
        return self.page > 1 and not self.items

    def iter_pages(
        self, left_edge: int = 2, left_current: int = 2, right_current: int = 4, right_edge: int = 2
    ) -> Iterator[int | None]:
        """Page numbers with ``None`` for gaps, as ``Pagination.iter_pages``."""
        last = 0
        pages = self.pages
        for number in range(1, pages + 1):
            if (
                number <= left_edge
                or self.page - left_current <= number < self.page + right_current
                or number > pages - right_edge
            ):
                if last + 1 != number:
                    yield None
                yield number
                last = number


def capped_page(stmt: sa.Select[Any], rows: Sequence[Any], page: int, per_page: int) -> CappedPage:
    """A ``CappedPage`` from ``rows`` (read with ``limit(per_page + 1)``) and the count,
    capped at ``LIST_COUNT_CAP`` (default ``COUNT_CAP``)."""
    cap = int(current_app.config.get("LIST_COUNT_CAP", COUNT_CAP))
    return CappedPage(
        items=list(rows[:per_page]),
        page=page,
        per_page=per_page,
        total=capped_count(stmt, cap),
        more=len(rows) > per_page,
        cap=cap,
    )


def paginate_capped(stmt: sa.Select[Any], page: int, per_page: int) -> CappedPage:
    """``db.paginate`` for long lists: two queries whose cost does not grow with the data
    (the page's rows, one more, and a count capped at ``COUNT_CAP``)."""
    rows = db.session.execute(stmt.limit(per_page + 1).offset((page - 1) * per_page)).scalars()
    return capped_page(stmt, rows.all(), page, per_page)
