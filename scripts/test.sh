#!/usr/bin/env bash
# Set up and run the whole test suite: lint, migrations check, unit, integration and browser
# tests. On SQLite by default; on PostgreSQL when DATABASE_URL is set (CI does), with Redis as
# the Celery broker when CELERY_BROKER_URL is set.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
py=.venv/bin/python
echo "==> ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "==> import contracts (apps depend one way)"
.venv/bin/lint-imports
echo "==> migrations are up to date"
$py manage.py makemigrations --check --dry-run
echo "==> static files collect"
STATIC_ROOT="$(mktemp -d)" $py manage.py collectstatic --noinput -v0
echo "==> pytest (database: ${DATABASE_URL:+PostgreSQL}${DATABASE_URL:-SQLite})"
exec .venv/bin/pytest -p no:cacheprovider -n auto --durations=25 "$@"
