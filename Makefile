# Jazari task runner. Each target says what it does; `make help` lists them.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
export DJANGO_SETTINGS_MODULE := config.settings
# The demo, the tests and the benchmarks run with development settings (plain static files, demo secret key).
export DJANGO_DEBUG ?= true

.PHONY: help demo test test-suite test-postgres bench schemathesis lint messages clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' Makefile | sed 's/:.*## /\t/'

$(BIN)/jazari: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

setup: $(BIN)/jazari node_modules/.package-lock.json  ## virtual environment, pinned packages, front-end packages
	@mkdir -p var
	@# The compiled catalogues (.mo) are committed; refresh them when GNU gettext is installed.
	@if command -v msgfmt >/dev/null; then cd jazari && ../$(BIN)/jazari compilemessages -v0; fi

demo: setup  ## set up everything and serve the demo on http://127.0.0.1:$(PORT) with a job worker
	$(BIN)/jazari migrate --no-input -v0
	$(BIN)/jazari load_reference
	$(BIN)/jazari seed --scale small --seed 7
	$(BIN)/jazari demo_accounts
	$(BIN)/jazari collectstatic --no-input -v0
	PORT=$(PORT) scripts/serve-demo.sh

lint: setup  ## quality gates: ruff, formatting, mypy, import layers, code size, Django checks, migrations up to date
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy jazari config
	$(BIN)/lint-imports --no-cache
	$(BIN)/python scripts/code_size.py
	$(BIN)/jazari check --fail-level WARNING --database default
	$(BIN)/jazari makemigrations --check --dry-run

test-suite: setup  ## the test suite alone, on whatever DATABASE_URL says (SQLite by default), with coverage
	$(BIN)/pytest -n 2 --cov --cov-report=term

test: lint test-suite  ## quality gates, then the whole suite on SQLite (browser tests included)

test-postgres: setup  ## the whole suite on a throw-away PostgreSQL cluster, removed afterwards
	scripts/with-postgres.sh $(MAKE) test-suite

bench: setup  ## the benchmarks; each prints ratio=<x> against its baseline
	@for script in bench/[!_]*.py; do [ -e "$$script" ] || continue; echo "== $$script"; $(BIN)/python $$script || exit 1; done

schemathesis: setup  ## schemathesis, every phase, against the API served on a throw-away database (a few minutes)
	$(BIN)/python scripts/schemathesis.py

# Apps with their own catalogue (jazari/<app>/locale) keep their strings there, out of the shared one.
OWN_CATALOGUES := $(patsubst jazari/%/locale,%,$(wildcard jazari/*/locale))

messages: setup  ## refresh the translation catalogues after changing user-facing text
	cd jazari && ../$(BIN)/jazari makemessages -l fr -l ar -l zgh --no-obsolete --ignore 'tests/*' \
		$(foreach app,$(OWN_CATALOGUES),--ignore '$(app)')
	for app in $(OWN_CATALOGUES); do \
		(cd jazari/$$app && ../../$(BIN)/jazari makemessages -l fr -l ar --no-obsolete --ignore 'tests/*') || exit 1; \
	done

clean:  ## remove the demo database, collected static files and caches (keeps .venv and node_modules)
	rm -rf var staticfiles .pytest_cache .mypy_cache .ruff_cache .coverage
