#!/bin/sh
# The image's commands: web (gunicorn), worker (celery), beat (celery beat), migrate
# (flask db upgrade, once per deployment), or any other command as given.
set -eu
case "${1:-web}" in
  web)
    shift || true
    exec gunicorn -c gunicorn.conf.py "$@" "scheduler_app:create_app()" ;;
  worker)
    shift
    exec celery -A scheduler_app.tasks:celery_app worker --loglevel="${CELERY_LOG_LEVEL:-info}" \
      --concurrency="${CELERY_CONCURRENCY:-2}" "$@" ;;
  beat)
    shift
    # The schedule's state lives in /data so a restart does not run every entry at once.
    exec celery -A scheduler_app.tasks:celery_app beat --loglevel="${CELERY_LOG_LEVEL:-info}" \
      --schedule=/data/celerybeat-schedule "$@" ;;
  migrate)
    exec flask --app scheduler_app db upgrade ;;
  *)
    exec "$@" ;;
esac
