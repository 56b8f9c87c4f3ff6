"""What several benchmarks share: timing a page in-process."""

from __future__ import annotations

import statistics
import time
from typing import Any


def page_ms(client: Any, url: str, runs: int) -> tuple[float, float]:
    """Median and 95th-percentile milliseconds of ``runs`` GETs of ``url`` by a Flask test
    client, after one GET to warm up; every answer must be a 200."""
    client.get(url)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]
