# Two commands for a fresh machine with Python >= 3.12 and make:
#   make run    set everything up and serve the app with the shipped content at http://127.0.0.1:8000
#   make test   run the whole test suite
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The first interpreter on PATH that is Python 3.12 or newer.
PYTHON ?= $(shell for p in python3.13 python3.12 python3 python; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)

.PHONY: run test setup setup-dev data lint format clean bench

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (none found on PATH)." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Serving needs requirements.txt only; the test, benchmark and lint toolchain (requirements-dev.txt:
# pytest, Playwright, Anki, schemathesis, ruff…) is installed by the targets that use it.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

setup: $(VENV)/.installed

setup-dev: $(VENV)/.installed-dev

data: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py import_articles seeds/
	@if ls content/articles/* >/dev/null 2>&1; then $(BIN)/python manage.py import_articles content/articles/; fi
	@if [ "$${DEBUG:-1}" != "0" ]; then $(BIN)/python manage.py create_demo_users; fi
	@if ls content/*.yaml >/dev/null 2>&1; then $(BIN)/python manage.py load_content content/; fi

run: data
	@echo "quizapp is at http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@# The background worker (deck packages, exports, imports, item statistics) runs beside the server and stops
	@# with it: the database queue's db_worker, or with TASK_BACKEND=rq the Redis queue's rqworker.
	if [ "$${TASK_BACKEND:-database}" = rq ]; then queue="rqworker default"; else queue=db_worker; fi; \
		$(BIN)/python manage.py $$queue & worker=$$!; trap 'kill $$worker' EXIT; \
		$(BIN)/python manage.py runserver $(HOST):$(PORT)

# --dist loadgroup: tests marked xdist_group (the two-server test) run on one worker and share its servers.
test: setup-dev
	$(BIN)/python -m pytest -n 2 --dist loadgroup

# Benchmarks (HTTP under load on SQLite and PostgreSQL, statements per request, import/load, Anki
# export), each next to its floor; writes bench/RESULTS.md. About 8 minutes; a ~2-minute smoke run:
#   make bench BENCH_ARGS=--quick
bench: setup-dev
	$(BIN)/python bench/run_all.py $(BENCH_ARGS)

lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
