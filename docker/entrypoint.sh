#!/bin/sh
# Entrypoint of the portal image: optionally migrate the database, then run the command
# (gunicorn by default, or e.g. `celery -A psep_portal worker`) as PID 1.
set -eu

if [ "${MIGRATE_ON_START:-0}" = "1" ]; then
    python manage.py migrate --noinput
fi

exec "$@"
