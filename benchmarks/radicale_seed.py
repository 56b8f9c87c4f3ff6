"""Radicale for the feed benchmark: a no-auth server on loopback whose one calendar holds
the same VEVENTs as a rendered Ruamjai feed.

The collection is written in Radicale's multifilesystem format (one ``<uid>.ics`` item
per VEVENT, each with the feed's VTIMEZONE, and ``.Radicale.props``), then Radicale's own
storage code reads every item once (in two processes, without fsync) so its item cache
is built before the server is measured; the first GET would otherwise do that work.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

COLLECTION = "/user/calendar.ics/"
_UID = re.compile(rb"\r\nUID:([^\r]*)\r\n")


def write_config(folder: Path, port: int) -> Path:
    """A config for a loopback server without authentication that anyone may read."""
    rights = folder / "rights"
    rights.write_text("[all]\nuser: .*\ncollection: .*\npermissions: RrWw\n")
    config = folder / "config"
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n"
        "[auth]\ntype = none\n"
        f"[rights]\ntype = from_file\nfile = {rights}\n"
        f"[storage]\nfilesystem_folder = {folder / 'storage'}\n"
        "[web]\ntype = none\n"
        "[logging]\nlevel = error\nmask_passwords = True\n"
    )
    return config


def write_collection(folder: Path, feed: bytes) -> int:
    """Split a rendered feed into Radicale items; returns how many were written."""
    target = folder / "storage" / "collection-root" / COLLECTION.strip("/")
    target.mkdir(parents=True)
    first = feed.index(b"BEGIN:VEVENT")
    head = feed[:first]
    zones = head[head.index(b"BEGIN:VTIMEZONE") :] if b"BEGIN:VTIMEZONE" in head else b""
    prefix = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Ruamjai//Benchmark//EN\r\n" + zones
    body = feed[first : feed.rindex(b"END:VCALENDAR")]
    count = 0
    for chunk in body.split(b"END:VEVENT\r\n")[:-1]:
        match = _UID.search(chunk)
        assert match is not None
        item = prefix + chunk + b"END:VEVENT\r\nEND:VCALENDAR\r\n"
        (target / f"{match.group(1).decode()}.ics").write_bytes(item)
        count += 1
    (target / ".Radicale.props").write_text(json.dumps({"tag": "VCALENDAR"}))
    return count


def _load_items(config: str, hrefs: list[str]) -> int:
    from radicale import config as radicale_config
    from radicale import storage

    configuration = radicale_config.load([(config, False)])
    configuration.update({"storage": {"_filesystem_fsync": "False"}}, "benchmark", True)
    store = storage.load(configuration)
    with store.acquire_lock("r"):
        (collection,) = store.discover(COLLECTION, depth="0")
        return sum(1 for _href, item in collection.get_multi(hrefs) if item is not None)


def build_cache(folder: Path, config: Path, workers: int = 2) -> int:
    """Have Radicale parse and cache every item (as its first GET would)."""
    items = folder / "storage" / "collection-root" / COLLECTION.strip("/")
    hrefs = sorted(p.name for p in items.glob("*.ics"))
    shares = [hrefs[i::workers] for i in range(workers)]
    with ProcessPoolExecutor(workers) as pool:
        return sum(pool.map(_load_items, [str(config)] * workers, shares))


def start(config: Path) -> subprocess.Popen[bytes]:
    """Radicale's own server, as a user would run it (``python -m radicale``)."""
    return subprocess.Popen(  # noqa: S603 (a fixed command line)
        [sys.executable, "-m", "radicale", "--config", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
