"""Hostile input stopped at the door, for every route at once.

* ``<int:…>`` in a URL matches only numbers a row id can be; anything larger is a 404
  before a view or the database sees it. Ids are PostgreSQL ``integer`` columns, and
  SQLAlchemy casts the parameter to that type, so 2**31 already fails there (SQLite
  fails only beyond 64 bits): the bound is the smaller of the two.
* Query and form numbers read with ``request.args.get(name, type=int)`` (pages,
  ``?member=``, years) must fit a PostgreSQL ``integer``; a larger one is a 400. This
  bound also keeps ``page * per_page`` far inside 64 bits.
* NUL characters: PostgreSQL refuses them in text, SQLite stores them, so the same input
  must not behave differently on the two. A NUL in the path is a 404; from query and
  form values it is stripped (forms also strip it themselves, see ``forms.BaseForm``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, Request, abort, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter, Map

INT64_MAX = 2**63 - 1
ID_MAX = 2**31 - 1  # PostgreSQL ``integer``, the type of every primary key
QUERY_INT_MAX = ID_MAX
NUL = "\x00"


def strip_nul(value: Any) -> Any:
    """``value`` without NUL characters if it is text; anything else unchanged."""
    return value.replace(NUL, "") if isinstance(value, str) else value


class BoundedIntConverter(IntegerConverter):
    """``<int:…>`` limited to what a row id can be (well inside 64 bits)."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", ID_MAX)
        super().__init__(map, *args, **kwargs)


def parse_query_int(raw: str) -> int:
    """A whole number from a query or form value; ValueError if it is not one, a 400
    if it is too large to be any page, year or row id."""
    value = int(raw.strip())
    if abs(value) > QUERY_INT_MAX:
        abort(400)
    return value


class CleanMultiDict(ImmutableMultiDict):  # type: ignore[type-arg]
    """Request parameters without NUL characters, whose ``get(type=int)`` is bounded."""

    def __init__(self, mapping: Any = None) -> None:
        if mapping is not None and not hasattr(mapping, "keys"):
            mapping = [(strip_nul(k), strip_nul(v)) for k, v in _pairs(mapping)]
        super().__init__(mapping)

    def get(self, key: Any, default: Any = None, type: Callable[[Any], Any] | None = None) -> Any:
        if type is int:
            type = parse_query_int
        return super().get(key, default, type)


def _pairs(mapping: Iterable[Any]) -> Iterable[tuple[Any, Any]]:
    for item in mapping:
        key, value = item
        yield key, value


class CleanRequest(Request):
    parameter_storage_class = CleanMultiDict


def _refuse_nul() -> None:
    if NUL in request.path:
        abort(404)


def init_app(app: Flask) -> None:
    """Install the bounded converter, the cleaning request class and the NUL check."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.request_class = CleanRequest
    app.before_request(_refuse_nul)
