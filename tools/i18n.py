"""Catalogue upkeep for `make extract`.

python -m tools.i18n fill-en            English msgstr = msgid where empty
python -m tools.i18n merge FILE...      copy Thai msgstr from fragment .po files
python -m tools.i18n check              list untranslated or fuzzy messages (exit 1 if any)
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent / "scheduler_app" / "translations"


def catalogue_path(locale: str) -> Path:
    return ROOT / locale / "LC_MESSAGES" / "messages.po"


def load(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def save(catalog: Catalog, path: Path) -> None:
    with path.open("wb") as fh:
        write_po(fh, catalog, width=0, sort_output=True, omit_header=False, ignore_obsolete=True)


def problems(catalog: Catalog) -> list[str]:
    """Messages that are untranslated or fuzzy, as readable lines."""
    found = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            found.append(f"fuzzy: {message.id!r}")
        elif not all(strings):
            found.append(f"untranslated: {message.id!r}")
    return found


def fill_en() -> None:
    path = catalogue_path("en")
    catalog = load(path, "en")
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            if not all(message.string):
                message.string = tuple(message.id)
        elif not message.string:
            message.string = message.id
        message.flags.discard("fuzzy")
    save(catalog, path)


def merge(fragments: list[str]) -> None:
    path = catalogue_path("th")
    catalog = load(path, "th")
    for fragment in fragments:
        for message in load(Path(fragment), "th"):
            if message.id and message.string and message.id in catalog:
                target = catalog[message.id]
                if target is not None:
                    target.string = message.string
                    target.flags.discard("fuzzy")
    save(catalog, path)


def check() -> int:
    status = 0
    for locale in ("th", "en"):
        for line in problems(load(catalogue_path(locale), locale)):
            print(f"{locale}: {line}")
            status = 1
    return status


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    command, args = argv[0], argv[1:]
    if command == "fill-en":
        fill_en()
        return 0
    if command == "merge":
        merge(args)
        return 0
    if command == "check":
        return check()
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
