# Shortcuts; the README's two commands are `bash scripts/run.sh` and `bash scripts/test.sh`.
.PHONY: run test setup lint format messages lock worker bench bench-load

run:          ## set up and run the portal on the embedded default
	bash scripts/run.sh

test:         ## set up and run the whole test suite
	bash scripts/test.sh

setup:        ## only set up (virtualenv, packages, catalogs)
	bash scripts/setup.sh --test

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format:
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

messages:     ## extract new strings into locale/ru and locale/ky, fill the Russian catalog
	.venv/bin/python scripts/messages.py
	.venv/bin/python manage.py compilemessages --ignore=.venv -v0

lock:         ## re-pin requirements*.lock from pyproject.toml
	bash scripts/lock.sh

worker:       ## a Celery worker for the embedded default, with its periodic jobs (run.sh starts one)
	.venv/bin/celery -A psep_portal worker -P solo -B --schedule var/celerybeat-schedule --loglevel=INFO

bench:        ## benchmarks, printed as ratios against a baseline measured in the same run
	.venv/bin/python -m benchmarks

bench-load:   ## the pages under load in a production-like server on PostgreSQL and Redis (8-12 min)
	.venv/bin/python -m benchmarks.load
