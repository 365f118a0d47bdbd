#!/usr/bin/env bash
# Set up and run the portal on the embedded default: SQLite in var/, a local Celery worker on
# a filesystem broker (no broker server), demo data, at http://127.0.0.1:8000. Ctrl+C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
py=.venv/bin/python
mkdir -p var/log
echo "==> database and demo data"
$py manage.py migrate --noinput -v0
$py manage.py seed_demo > var/log/logins.txt
$py manage.py collectstatic --noinput -v0

echo "==> starting the Celery worker with its schedule of periodic jobs (log: var/log/worker.log)"
.venv/bin/celery -A psep_portal worker -P solo -B --schedule var/celerybeat-schedule \
  --loglevel=INFO > var/log/worker.log 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null; wait $worker 2>/dev/null' EXIT INT TERM

cat var/log/logins.txt
echo
echo "Portal: http://127.0.0.1:8000/   (Ctrl+C to stop)"
echo
.venv/bin/gunicorn psep_portal.wsgi:application --bind 127.0.0.1:8000 --workers 2 \
  --timeout 60 --access-logfile - --error-logfile -
