"""`make bench`: run every benchmarks/bench_*.py `run()` and write docs/BENCHMARKS.md.

Each module's ``run()`` returns ``{"title": str, "rows": [dict, ...], "notes": str}``;
rows become a Markdown table. Benchmarks measure; they never fail the build on speed.
"""

from __future__ import annotations

import importlib
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "BENCHMARKS.md"


def _table(rows: list[dict[str, object]]) -> str:
    if not rows:
        return "_no rows_\n"
    headers = list(rows[0])
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(row.get(h, "")) for h in headers) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def main(selected: list[str]) -> int:
    modules = sorted(p.stem for p in (ROOT / "benchmarks").glob("bench_*.py"))
    if selected:
        modules = [m for m in modules if any(s in m for s in selected)]
    sections = []
    for name in modules:
        started = time.perf_counter()
        print(f"== {name}", flush=True)
        result = importlib.import_module(f"benchmarks.{name}").run()
        elapsed = time.perf_counter() - started
        print(_table(result["rows"]), flush=True)
        sections.append(
            f"## {result['title']}\n\n{_table(result['rows'])}\n{result.get('notes', '')}\n"
            f"\n_`benchmarks/{name}.py`, {elapsed:.1f} s in all._\n"
        )
    header = (
        "# Benchmarks\n\nWritten by `make bench` on "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, Python {platform.python_version()}, "
        f"{platform.machine()}, {_cpu_count()} cores. Numbers are from one run on this "
        "machine; compare rows within a run, not across machines.\n\n"
    )
    OUTPUT.write_text(header + "\n".join(sections), encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


def _cpu_count() -> int:
    import os

    return os.cpu_count() or 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
