# Two commands do everything on a fresh clone: `make run` and `make test`.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
# `make run PORT=8001` serves on another port.
PORT ?= 8000
# The first Python 3.12+ on PATH (pyenv shims that are not active fail the check),
# then pyenv's installed versions.
PYTHON ?= $(shell for p in python3.13 python3.12 python3 $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3; do \
	if "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then command -v "$$p"; break; fi; done)
# pip's notices about absent local mirrors on some machines are noise here.
PIP_QUIET := { grep -v -e "is ignored: it is neither a file nor a directory" || true; }

.PHONY: help install run test lint format messages lock clean

help:
	@echo "make run    install, migrate, load fixtures and demo users, serve on http://127.0.0.1:8000"
	@echo "            (make run PORT=8001 serves on another port)"
	@echo "make test   install and run ruff and the whole test suite"

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Fant ikke Python 3.12 eller nyere. Installer Python 3.12+ og prøv igjen." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements-dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock 2>&1 | $(PIP_QUIET)
	@$(BIN)/python -c 'import django, rest_framework, celery, weasyprint, pandas'
	@touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "Fant ikke npm. Installer Node.js og npm og prøv igjen." >&2; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.installed node_modules/.installed

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py loaddata virksomheter
	$(BIN)/python manage.py last_brev
	$(BIN)/python manage.py lag_demodata
	@echo "Etatsstyring: http://127.0.0.1:$(PORT)/  (API-dokumentasjon: http://127.0.0.1:$(PORT)/api/docs/)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The checks, then the tests in one process per core (one test database each); the step
# prints how long it took.
test: install
	@start=$$(date +%s); status=0; \
	{ $(BIN)/ruff check . \
	  && $(BIN)/ruff format --check . \
	  && $(BIN)/lint-imports --no-cache \
	  && $(BIN)/bandit -q -r config styring oppdrag indikatorer budsjett -x '*/migrations/*' -ll \
	  && $(BIN)/python manage.py makemigrations --check --dry-run \
	  && $(BIN)/pytest -n auto; } || status=$$?; \
	echo "Teststeget tok $$(( $$(date +%s) - start )) s."; \
	exit $$status

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Extract and compile the bokmål catalogue (needs GNU gettext).
messages: install
	$(BIN)/python manage.py makemessages -l nb --no-obsolete --ignore=.venv --ignore=node_modules --ignore=var
	$(BIN)/python manage.py compilemessages -l nb --ignore=.venv --ignore=node_modules

# Re-resolve the pinned dependencies from pyproject.toml.
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --universal --python-version 3.12 --generate-hashes -q -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.12 --generate-hashes -q -o requirements-dev.lock

clean:
	rm -rf $(VENV) node_modules var .pytest_cache .ruff_cache
