# Run `make help` to list the commands.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
PYTHON ?= python3
PORT ?= 5000
# Where `make run` serves, as printed by the demo: PUBLIC_BASE_URL when set, else this machine's PORT.
ADDRESS = $(or $(PUBLIC_BASE_URL),http://127.0.0.1:$(PORT))

.DEFAULT_GOAL := help

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

install: $(VENV)/.installed node_modules/.installed assets i18n-compile ## Install Python and npm dependencies

assets: node_modules/.installed $(VENV)/.installed ## Build the static files: NHS.UK CSS/JS (and the public cut), fingerprinted and compressed
	$(PY) -m toolkit.assets

migrate: install ## Bring the database schema up to date
	$(FLASK) migrate

run: install migrate ## Install, migrate, load demo data, apply retention, serve on http://127.0.0.1:$PORT (default 5000) with a job consumer (Ctrl+C stops both)
	$(FLASK) demo --address $(ADDRESS)
	$(FLASK) purge
	TOOLKIT_ENV=development $(FLASK) serve --host 127.0.0.1 --port $(PORT)  # plain-HTTP cookies on loopback only

test: install ## Lint, then run every test (browser and PostgreSQL tests say plainly if skipped)
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -n auto --dist loadfile

lint: $(VENV)/.installed ## Ruff lint
	$(VENV)/bin/ruff check .

format: $(VENV)/.installed ## Ruff format
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

typecheck: $(VENV)/.installed ## mypy over every package (strict on the plain modules)
	$(VENV)/bin/mypy toolkit surveys workshops engagements reports panel

architecture: $(VENV)/.installed ## Check the layering rules (docs/architecture.md) and mypy
	$(PY) -m pytest -q -p no:cacheprovider tests/unit/test_architecture.py
	$(VENV)/bin/mypy toolkit surveys workshops engagements reports panel

i18n-extract: $(VENV)/.installed ## Extract translatable strings into translations/messages.pot
	$(VENV)/bin/pybabel extract -F babel.cfg -k lazy -k _l --no-location -o translations/messages.pot toolkit surveys $(wildcard workshops) $(wildcard engagements) $(wildcard reports) $(wildcard panel)

i18n-update: i18n-extract ## Merge new strings into every language's catalog
	@ls translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1 && $(VENV)/bin/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching || true

i18n-compile: $(VENV)/.installed ## Compile catalogs (.mo files are built, never committed)
	@ls translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1 && $(VENV)/bin/pybabel compile -d translations --use-fuzzy -f || true

check-strings: $(VENV)/.installed ## Fail if templates changed but translations/messages.pot was not re-extracted
	$(VENV)/bin/pybabel extract -F babel.cfg -k lazy -k _l --no-location -o /tmp/toolkit-check.pot toolkit surveys $(wildcard workshops) $(wildcard engagements) $(wildcard reports) $(wildcard panel) >/dev/null 2>&1
	@# Compare the messages only: everything up to the first blank line is the header (with its dates).
	@diff <(sed '1,/^$$/d' translations/messages.pot) <(sed '1,/^$$/d' /tmp/toolkit-check.pot) >/dev/null || (echo "translations/messages.pot is out of date: run make i18n-update, then translate the new strings" && exit 1)

bench: install ## Run the benchmarks (they print figures; they never fail the build)
	$(PY) bench/export.py
	$(PY) bench/submit.py
	$(PY) bench/printing.py
	$(PY) bench/pageweight.py
	$(PY) bench/panel_draw.py
	@[ -f bench/representativeness.py ] && $(PY) bench/representativeness.py || true

load: install ## Load and faults: 50 respondents, 3,000 journeys per engine, workers killed, PostgreSQL restarted (ARGS="--journeys 20000")
	$(PY) bench/load.py $(ARGS)

clean: ## Remove installed dependencies and built assets
	rm -rf $(VENV) node_modules toolkit/static/nhsuk toolkit/static_dist

.PHONY: help install assets migrate run test lint format typecheck architecture i18n-extract i18n-update i18n-compile check-strings bench load clean
