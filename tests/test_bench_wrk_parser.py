"""The benchmarks' reading of wrk's report (issue 16: a 304's p99 came out ``nan``): every
unit wrk prints, and the trailing blank it pads one-letter units with."""

from __future__ import annotations

import pytest

from benchmarks.bench_feeds_http import parse_wrk

# Copied from wrk 4 (Debian) runs; note "1.05s " and "1.20m " end in a blank.
SECONDS = """Running 3s test @ http://127.0.0.1:18765/
  1 threads and 1 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.05s     1.53ms   1.05s   100.00%
    Req/Sec     0.00      0.00     0.00    100.00%
  Latency Distribution
     50%    1.05s 
     75%    1.05s 
     90%    1.05s 
     99%    1.05s 
  2 requests in 3.01s, 226.00B read
Requests/sec:      0.66
Transfer/sec:      75.08B
"""  # noqa: W291

MIXED = """Running 5s test @ http://127.0.0.1:8000/feeds/u/x.ics
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    13.40ms   40.02ms   1.20m    97.10%
    Req/Sec   220.45     40.12   300.00     70.00%
  Latency Distribution
     50%  812.00us
     75%   13.40ms
     90%   30.10ms
     99%    1.20m 
  2207 requests in 5.03s, 1.02MB read
  Non-2xx or 3xx responses: 3
Requests/sec:    438.90
Transfer/sec:    207.33KB
"""  # noqa: W291


def test_seconds_padded_with_a_blank_are_read():
    rps, latency, done, errors = parse_wrk(SECONDS)
    assert rps == pytest.approx(0.66)
    assert latency == {"50": 1050.0, "75": 1050.0, "90": 1050.0, "99": 1050.0}
    assert done == 2 and errors == ""


def test_microseconds_milliseconds_and_minutes():
    rps, latency, done, errors = parse_wrk(MIXED)
    assert rps == pytest.approx(438.9)
    assert latency["50"] == pytest.approx(0.812)
    assert latency["75"] == pytest.approx(13.4)
    assert latency["99"] == pytest.approx(72_000.0)
    assert done == 2207
    assert errors == "Non-2xx or 3xx responses: 3"


def test_hours_are_read_too():
    text = SECONDS.replace("99%    1.05s ", "99%    1.50h ")
    assert parse_wrk(text)[1]["99"] == pytest.approx(5_400_000.0)
