"""Production server settings: ``gunicorn -c gunicorn.conf.py "scheduler_app:create_app()"``.

``make run`` stays the development server; this path is production: the app refuses to
start without ``SECRET_KEY`` and an https ``BASE_URL``, cookies are ``Secure`` and
responses carry HSTS (see ``scheduler_app/security.py``).
"""

from __future__ import annotations

import multiprocessing
import os

import gunicorn.http.wsgi

# Production settings for the app this server loads.
os.environ.setdefault("RUAMJAI_ENV", "production")

# No server software or version in the ``Server`` header: it only tells a prober which
# exploits to try.
gunicorn.http.wsgi.SERVER = "ruamjai"

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2 + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = 30
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (a guard against slow leaks). Each
# replacement imports and builds the app again (2-5 s without that worker), so not too
# often: at 2,000 a busy worker restarted every few seconds (docs/BENCHMARKS.md). 0: never.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
# Behind a reverse proxy on the same host that terminates TLS.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}
limit_request_line = 8190
limit_request_fields = 100
accesslog = "-"
errorlog = "-"
# Method, path without the query string, status, size and time: no referrers or agents.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
