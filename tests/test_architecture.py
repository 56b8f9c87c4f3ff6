"""Imports point one way: a package may import only from layers below it.

Read every module's imports with ``ast`` (imports inside functions count; imports under
``if TYPE_CHECKING:`` do not, they never run). A new upward import, or a new package that
is not placed in a layer, fails here; docs/ARCHITECTURE.md draws the same picture.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "scheduler_app"

# Lowest first. A package may import from its own package and any lower layer; packages
# that share a layer may not import each other.
LAYERS: list[set[str]] = [
    {"core"},
    {"data", "translations"},
    {"extensions"},
    {"i18n", "request_input", "logs", "health"},
    {"forms", "pickers", "security", "errors"},
    {"web"},
    {"mail"},
    {"accounts"},
    {"directory"},
    {"venues"},
    {"events"},
    {"rotation", "feeds", "followups", "line"},
    {"network"},
    {"demo", "main", "privacy", "maps"},
    {"tasks", "__init__"},
]
RANK = {name: rank for rank, layer in enumerate(LAYERS) for name in layer}

# Inside events, feature packages use each other's models only (a rally stop in a
# registration, a session in the calendar), never each other's verbs or views.
EVENT_FEATURES = {"registration", "rally", "training", "study_visits", "reminders"}


def _package_of(module: str) -> str:
    parts = module.split(".")
    if parts == ["scheduler_app"]:
        return "__init__"
    return parts[1]


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT.parent).with_suffix("")
        parts = list(relative.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), ast.parse(path.read_text(encoding="utf-8"))


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[tuple[str, int]]:
    """(imported module, line) for every import that runs."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            yield from (item for child in node.orelse for item in _imports_of(child))
            continue
        yield from _imports_of(node)


def _imports_of(node: ast.AST) -> Iterator[tuple[str, int]]:
    if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        for alias in node.names:
            yield f"{node.module}.{alias.name}", node.lineno
    elif isinstance(node, ast.Import):
        for alias in node.names:
            yield alias.name, node.lineno
    else:
        yield from _imports(node)


def _app_imports() -> list[tuple[str, str, int]]:
    found = []
    for module, tree in _modules():
        for target, line in _imports(tree):
            if target == "scheduler_app" or target.startswith("scheduler_app."):
                found.append((module, target, line))
    return found


def test_every_package_has_a_layer() -> None:
    packages = {_package_of(module) for module, _tree in _modules()}
    assert packages - set(RANK) == set(), "place new packages in LAYERS"


def test_imports_point_down() -> None:
    upward = []
    for module, target, line in _app_imports():
        source, imported = _package_of(module), _package_of(target)
        if source == imported or imported not in RANK:
            continue
        if RANK[imported] >= RANK[source]:
            upward.append(f"{module}:{line} imports {target}")
    assert upward == []


def test_event_features_share_only_models() -> None:
    crossing = []
    for module, target, line in _app_imports():
        source, imported = module.split("."), target.split(".")
        if source[1:2] != ["events"] or imported[1:2] != ["events"]:
            continue
        mine = source[2] if len(source) > 2 and source[2] in EVENT_FEATURES else None
        theirs = imported[2] if len(imported) > 2 and imported[2] in EVENT_FEATURES else None
        if theirs is None or theirs == mine:
            continue
        if mine is not None and imported[3:4] != ["models"]:
            crossing.append(f"{module}:{line} imports {target}")
    assert crossing == []


def test_nothing_imports_the_route_list() -> None:
    """``events/routes.py`` sits on top of the events area: only the app factory uses it."""
    users = [
        f"{module}:{line}"
        for module, target, line in _app_imports()
        if target.startswith("scheduler_app.events.routes") and module != "scheduler_app"
    ]
    assert users == []


@pytest.mark.parametrize(
    ("source", "target", "ok"),
    [
        ("scheduler_app.events.views", "scheduler_app.followups.jobs.run_all", False),
        ("scheduler_app.followups.jobs", "scheduler_app.events.models.Event", True),
        ("scheduler_app.mail.sending", "scheduler_app.accounts.models.Person", False),
        ("scheduler_app.rotation.views", "scheduler_app.feeds.cache.bump", False),
    ],
)
def test_the_rule_itself(source: str, target: str, ok: bool) -> None:
    """The layer rule says what it should about a few known cases."""
    rank_source, rank_target = RANK[_package_of(source)], RANK[_package_of(target)]
    assert (rank_target < rank_source) is ok
