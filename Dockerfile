# Ruamjai web, worker and beat image (one image, three commands; see compose.yaml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    RUAMJAI_ENV=production \
    LOG_FORMAT=json \
    GUNICORN_BIND=0.0.0.0:8000 \
    UPLOAD_DIR=/data/uploads

WORKDIR /app

# Dependencies first (cached while only the code changes). The package is installed
# editable: templates/, static/ and migrations/ sit beside scheduler_app/ in /app.
COPY pyproject.toml README.md ./
COPY scheduler_app/__init__.py scheduler_app/__init__.py
RUN pip install -e . && rm -rf scheduler_app

COPY config.py gunicorn.conf.py babel.cfg ./
COPY scheduler_app scheduler_app
COPY templates templates
COPY static static
COPY migrations migrations
COPY deploy/entrypoint.sh /usr/local/bin/ruamjai-entrypoint
# Compiled catalogues are build output (never committed): make them in the image.
RUN pip install -e . --no-deps \
    && pybabel compile --use-fuzzy -d scheduler_app/translations \
    && python -m compileall -q scheduler_app config.py

# Never run as root; the only writable place is /data (uploads, a volume).
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin ruamjai \
    && mkdir -p /data/uploads && chown -R ruamjai:ruamjai /data
USER ruamjai
VOLUME ["/data"]
EXPOSE 8000

ENTRYPOINT ["ruamjai-entrypoint"]
CMD ["web"]
